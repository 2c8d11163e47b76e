"""Render the main screens in English and Simplified Chinese into
docs/screenshots/ (run by scripts/screenshots.sh under Xvfb, with pcscd and
the virtual reader running): a demo office in a temporary database, the
virtual card in the virtual reader, the real window."""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
PASSWORD, PASSPHRASE = "demo-pass", "demo-key-passphrase"


def pump(ms: int = 300) -> None:
    """Let the window work (signals, repaints) for ``ms`` milliseconds."""
    import time
    app, end = QApplication.instance(), time.monotonic() + ms / 1000
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def settle(controller, page=None, timeout: float = 20) -> None:
    import time
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        pump(100)
        if not controller.tasks.busy and (page is None or not page.busy):
            return


def office(tmp: Path):
    from cards.keystore import CardKeyVault
    from cards.station import PcscCardStation
    from cards.vpcd_slot import VirtualSlot
    from db import migrate
    from db.engine import Database
    from vending_app.core.station import StationCore
    from vending_app.demo import seed
    db = Database(f"sqlite:///{tmp / 'station.sqlite3'}")
    migrate.upgrade(db.engine)
    core = StationCore(db, "S01", key_vault=CardKeyVault())
    seed(core, PASSWORD)
    admin = core.auth.login("admin", PASSWORD)
    core.keys.create_version(admin, PASSPHRASE)
    keys = core.keys.unlock(admin, PASSPHRASE)
    core.catalog.set_parameter(admin, "printer.invoice", "none")
    slot, card = VirtualSlot(), tmp / "card.json"
    slot.insert(card)
    clerk, seller = core.auth.login("clerk", PASSWORD), core.auth.login("seller", PASSWORD)
    core.cards.issue_card(clerk, "000000000001", PcscCardStation(keys))
    core.shifts.open(seller, "200")  # yesterday's sale, in the history; the shift closed
    core.cards.sell(seller, PcscCardStation(keys), kwh="120", tendered="100")
    close_shift(core, seller)
    slot.remove()
    core.adjustments.request_adjustment(clerk, "000000000002", "15", "meter stopped two days")
    return core, slot, card


def close_shift(core, seller) -> None:
    """Count exactly what finance expects (the seller's own figures withhold it)."""
    finance = core.auth.login("finance", PASSWORD)
    expected = core.shifts.figures_of(finance, core.shifts.current(seller)).expected_cash
    core.shifts.close(seller, expected)


def shoot(widget, name: str) -> None:
    widget.grab().save(str(OUT / f"{name}.png"))
    print(f"  {name}.png")


def main() -> int:
    import os
    os.environ["VENDING_KEY_PASSPHRASE"] = PASSPHRASE
    from vending_app.ui.controller import Controller, application
    application()  # named and styled as the station starts it
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        core, slot, card = office(tmp)
        for lang in ("en", "zh_CN"):
            print(f">> {lang}")
            settings = QSettings(str(tmp / f"{lang}.ini"), QSettings.Format.IniFormat)
            controller = Controller(core, settings, language=lang)
            login = controller.start()
            login.login.setText("seller")
            pump()
            shoot(login, f"{lang}-login")
            for role, screens in [("seller", ["shift", "sale"]), ("clerk", ["search",
                                                                         "open_account"]),
                                  ("admin", ["approvals", "tariffs"]),
                                  ("finance", ["reports"])]:
                controller.signed_in(core.auth.login(role, PASSWORD))
                window = controller.window
                window.resize(1180, 760)
                settle(controller)
                for key in screens:
                    page = window.open_page(key)
                    settle(controller, page)
                    if key == "sale":
                        slot.insert(card)
                        settle(controller, page)
                        pump(500)
                        settle(controller, page)
                        page.buy_edit.setText("100")
                        page.buy_edit.textEdited.emit("100")
                        pump(400)
                        settle(controller, page)
                    elif key == "shift":  # the float typed, Enter next
                        page.set_values(amount="200")
                    elif key == "search":
                        page.query.setText("Li")
                        page.search()
                        settle(controller, page)
                    elif key == "tariffs":  # the residential ladder, as rows to edit
                        model = page.list_model
                        row = next(i for i, r in enumerate(model.rows) if len(r["pairs"]) > 1)
                        page.take_version(model.index(row, 0))
                        pump()
                    elif key == "reports":
                        today = date.today()
                        page.set_values(year=str(today.year), month=str(today.month))
                        page.go()
                        settle(controller, page)
                    shoot(window, f"{lang}-{key}")
                    if key == "shift":
                        page.go()
                        settle(controller, page)
                    if key == "sale":
                        slot.remove()
                        settle(controller, page)
                        close_shift(core, core.auth.login("seller", PASSWORD))
                if os.environ.get("SCREENSHOTS_ALL"):  # every page this role reaches, to look at
                    (OUT / "all").mkdir(exist_ok=True)
                    for key in window.specs:
                        page = window.open_page(key)
                        settle(controller, page)
                        pump(300)  # the layout catches up with what just arrived
                        shoot(window, f"all/{lang}-{role}-{key}")
                controller.window.close()
                controller.window = None
            controller.stop()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return 0


if __name__ == "__main__":
    sys.exit(main())
