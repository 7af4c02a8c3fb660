"""Renders the application icon from its SVG source; the generated files are committed.

    .venv/bin/python packaging/make_icons.py

packaging/icons/cc-dosecalc.svg is the source. It writes:
  resources/icons/cc-dosecalc.svg and cc-dosecalc-<size>.png (16 to 512 px): what the program
      and the Linux install use (the hicolor theme sizes);
  packaging/icons/cc-dosecalc.ico: the Windows icon, PNG-compressed entries from 16 to 256 px
      (valid since Windows Vista), written here because Qt's ICO writer stores one image.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "packaging" / "icons" / "cc-dosecalc.svg"
PNG_FOLDER = ROOT / "resources" / "icons"
ICO = ROOT / "packaging" / "icons" / "cc-dosecalc.ico"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit(f"make_icons: could not encode the {size} px PNG")
    buffer.close()
    return bytes(data.data())


def ico_container(images: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (ICONDIR, ICONDIRENTRY..., data)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = [], []
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset))
        blobs.append(png)
        offset += len(png)
    return header + b"".join(entries) + b"".join(blobs)


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"make_icons: {SOURCE} is not a valid SVG", file=sys.stderr)
        return 1
    PNG_FOLDER.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, PNG_FOLDER / SOURCE.name)
    pngs = {size: render_png(renderer, size) for size in PNG_SIZES}
    for size, png in pngs.items():
        (PNG_FOLDER / f"cc-dosecalc-{size}.png").write_bytes(png)
    ICO.write_bytes(ico_container({size: pngs[size] for size in ICO_SIZES}))
    print(f"make_icons: {len(pngs)} PNG in {PNG_FOLDER.relative_to(ROOT)}, {ICO.relative_to(ROOT)} ({ICO.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
