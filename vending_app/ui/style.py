"""The station's look: the style sheet and the application icon, applied
once to the application so every window and dialog shares them."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from vending_app import resources


def apply(app: QApplication) -> None:
    qss = resources.path("style.qss")
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    icon = resources.path("icon.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))


def mark(widget, kind: str) -> None:
    """A semantic colour (ok / warn / error, '' for none) through the style sheet.
    Re-polishing changes the font and relayouts the page: only on a change."""
    if (widget.property("kind") or "") == kind:
        return
    widget.setProperty("kind", kind)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
