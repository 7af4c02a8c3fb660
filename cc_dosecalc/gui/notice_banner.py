"""The banner at the top of the window: the formulary's notices, plainly, while they apply."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from cc_dosecalc.gui.common import icon_size, level_icon


class NoticeBanner(QFrame):
    """A yellow, bordered box with a warning icon; hidden when there is nothing to say.
    Its label is named ``formularyNotices``. The colours are set together (dark text on the
    yellow) so the banner reads the same in a light or a dark palette."""

    def __init__(self, notices: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#noticeBanner { background: #fff4c2; border: 2px solid #b58900; border-radius: 3px; }"
            " #noticeBanner QLabel { color: #1a1a1a; background: transparent; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self._icon = QLabel(self)  # drawn with the first notice: nothing to draw at start-up
        self.label = QLabel(self)
        self.label.setObjectName("formularyNotices")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.set_notices(notices)

    def set_notices(self, notices: Sequence[str]) -> None:
        if notices and self._icon.pixmap().isNull():
            size = icon_size()
            self._icon.setPixmap(level_icon("warning").pixmap(size, size))
        self.label.setText("\n".join(notices))
        self.label.setAccessibleName("\n".join(notices))
        self.setVisible(bool(notices))
