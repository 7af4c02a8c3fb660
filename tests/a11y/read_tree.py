"""Read what a screen reader reads: the AT-SPI tree of one application, as JSON on stdout.

Run with the system Python, which has pyatspi (Debian python3-pyatspi); the project's venv has
not. Usage: /usr/bin/python3 tests/a11y/read_tree.py APPLICATION-NAME [SECONDS]

Waits (up to SECONDS, default 30) for the application to appear on the AT-SPI desktop and for
its window to hold something, then prints one object per accessible node: its role, name,
description, value (a slider's or spin box's number), text (a text field's or label's contents),
states, and the path of names from the window down to it.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time

import pyatspi  # type: ignore[import-not-found]


def _application(name: str, seconds: float):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            if app is not None and app.name == name and app.childCount > 0:
                return app
        time.sleep(0.2)
    raise SystemExit(f"read_tree: no application named {name!r} on the AT-SPI desktop within {seconds:g} s")


def _node(accessible, path: list[str]) -> dict[str, object]:  # type: ignore[no-untyped-def]
    node: dict[str, object] = {
        "role": accessible.getRoleName(),
        "name": accessible.name or "",
        "description": accessible.description or "",
        "states": sorted(pyatspi.stateToString(state) for state in accessible.getState().getStates()),
        "path": path,
    }
    with contextlib.suppress(NotImplementedError):
        node["value"] = accessible.queryValue().currentValue
    try:
        text = accessible.queryText()
        node["text"] = text.getText(0, text.characterCount)
    except NotImplementedError:
        pass
    return node


def _walk(accessible, path: list[str], nodes: list[dict[str, object]], depth: int = 0) -> None:  # type: ignore[no-untyped-def]
    if accessible is None or depth > 60:
        return
    here = [*path, accessible.name or accessible.getRoleName()]
    nodes.append(_node(accessible, here))
    for index in range(accessible.childCount):
        _walk(accessible.getChildAtIndex(index), here, nodes, depth + 1)


def main() -> int:
    name = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
    app = _application(name, seconds)
    nodes: list[dict[str, object]] = []
    for index in range(app.childCount):
        _walk(app.getChildAtIndex(index), [], nodes)
    json.dump(nodes, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
