"""A tiny event a model emits and its views subscribe to: plain callables, no Qt.

The way napari's ``components`` models announce a change: the model knows nothing of who
listens; a view connects a callable and turns the value into widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Event(Generic[T]):
    """Listeners are called in the order they connected, each with the emitted value."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[T], object]] = []

    def connect(self, listener: Callable[[T], object]) -> None:
        self._listeners.append(listener)

    def emit(self, value: T) -> None:
        for listener in list(self._listeners):
            listener(value)
