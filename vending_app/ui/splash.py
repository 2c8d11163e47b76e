"""While the station opens its database at start (an upgrade of a large
file, a server across the LAN): a small window with the station's name and
icon that keeps painting and can be moved, instead of a frozen nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QVBoxLayout, QWidget

from vending_app.ui.i18n import tr


class BusySplash(QWidget):
    def __init__(self, station: str, name: str | None = None):
        # A window of its own (the window manager moves it), with no close
        # button: an upgrade under way is not something to cut short.
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.CustomizeWindowHint
                         | Qt.WindowType.WindowTitleHint)
        self.setObjectName("splash")
        self.setWindowTitle(tr("Vending station {station}: starting", station=station))
        v = QVBoxLayout(self)
        icon = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        icon.setPixmap(QApplication.windowIcon().pixmap(48, 48))
        title = QLabel(name or tr("Vending station {station}", station=station),
                       objectName="splash_name", alignment=Qt.AlignmentFlag.AlignCenter)
        title.setProperty("role", "heading")
        self.status = QLabel(tr("Opening the database…"), objectName="splash_status",
                             alignment=Qt.AlignmentFlag.AlignCenter)
        bar = QProgressBar(objectName="splash_busy", textVisible=False)
        bar.setRange(0, 0)  # busy, for as long as it takes
        for w in (icon, title, self.status, bar):
            v.addWidget(w)
        self.setMinimumWidth(320)

    def wait_for(self, tasks, fn: Callable[[], object], name: str) -> object:
        """``fn()`` on the database thread, this window shown meanwhile and
        the GUI thread handling events; its result, or its exception raised here."""
        self.show()
        loop, out = QEventLoop(), {}

        def settle(key):
            return lambda value: (out.__setitem__(key, value), loop.quit())

        tasks.run(fn, settle("result"), settle("error"), name=name)
        if not out:
            loop.exec()
        if "error" in out:
            raise out["error"]
        return out["result"]
