"""A scroll area that never squeezes what it holds.

QScrollArea sizes its widget by the widget's minimum size, which for word-wrapped labels is far
less than their text needs (it ignores height-for-width): on a short screen the dose's panel
was laid out shorter than its text and its parts were drawn over each other, cut. Here the
widget is kept at least as tall as its layout needs at the viewport's width; what does not fit
scrolls, nothing is clipped."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QScrollArea, QWidget


class FittingScrollArea(QScrollArea):
    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        body = self.widget()
        layout = body.layout() if body is not None else None
        if body is None or layout is None:
            return
        # the body's width is the viewport's (the area is widget-resizable): asked of the body, as
        # the first call of viewport() costs PySide6 about 10 ms of type lookups at start-up
        width = body.width()
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        if needed > 0 and body.minimumHeight() != needed:
            body.setMinimumHeight(needed)
