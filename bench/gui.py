"""The window's two waits a clerk notices, through the real stack.

1. Cold start to the sign-in window: a fresh process that imports the
   station, opens (and checks) its database and shows the sign-in window,
   beside a fresh process that only shows an empty Qt window (the baseline:
   what Python + Qt cost by themselves).
2. Card insertion to the sale screen populated: pcscd reports the card,
   the window reads it off the GUI thread, reconciles it with the database
   and fills in customer, meter, write-back and history; beside the same
   read and lookup called directly (no window) in the same run.
3. Sign-in with the card already in the reader to the sale screen ready,
   and sales typed by keys (amount, Tab, cash, Enter) to their commit: the
   longest the GUI thread went without handling an event during each.
4. Customer search as you type on a synthetic office (100,000 customers by
   default): from the last keystroke to the rows shown in the window (the
   window waits 120 ms after the last keystroke before it asks), beside
   the same search called directly; and the longest the GUI thread went
   without handling an event while the searches ran (a 5 ms timer ticks
   throughout: a freeze shows as a long gap).

Needs the virtual reader (scripts/services.sh start_pcscd, or the start
command) and runs the window offscreen.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSWORD, PASSPHRASE = "demo-pass", "demo-key-passphrase"

CHILD_BASELINE = """
import time, sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([]); w = QWidget(); w.show(); app.processEvents()
print(time.time())
"""
CHILD_STATION = """
import time, sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from db.engine import Database
from vending_app.core.station import StationCore
from vending_app.ui.controller import Controller
app = QApplication([])
core = StationCore(Database({url!r}), "S01")
c = Controller(core, QSettings({ini!r}, QSettings.Format.IniFormat), language="zh_CN")
c.start(); app.processEvents()
print(time.time())
c.stop()
"""


def cold(code: str, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.time()
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True).stdout.split()[-1]
        out.append((float(done) - t0) * 1000)
    return out


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--customers", type=int, default=100_000,
                    help="customers in the office searched (part 3)")
    args = ap.parse_args()
    from PySide6.QtCore import QSettings

    from cards.keystore import CardKeyVault
    from cards.station import PcscCardStation
    from cards.vpcd_slot import VirtualSlot
    from db import migrate
    from db.engine import Database
    from vending_app.core.station import StationCore
    from vending_app.demo import seed
    from vending_app.ui.controller import Controller, application

    tmp = Path(tempfile.mkdtemp())
    url = f"sqlite:///{tmp / 'station.sqlite3'}"
    db = Database(url)
    migrate.upgrade(db.engine)
    core = StationCore(db, "S01", key_vault=CardKeyVault())
    seed(core, PASSWORD)

    base = cold(CHILD_BASELINE, args.runs)
    station = cold(CHILD_STATION.format(root=str(ROOT), url=url, ini=str(tmp / "c.ini")),
                   args.runs)

    app = application()  # styled as the station starts it
    admin, clerk = core.auth.login("admin", PASSWORD), core.auth.login("clerk", PASSWORD)
    core.keys.create_version(admin, PASSPHRASE)
    keys = core.keys.unlock(admin, PASSPHRASE)
    slot, card = VirtualSlot(), tmp / "card.json"
    slot.insert(card)
    core.cards.issue_card(clerk, "000000000001", PcscCardStation(keys))
    seller = core.auth.login("seller", PASSWORD)
    direct = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        check = core.cards.present(seller, PcscCardStation(keys))
        core.lookup.meter_view(seller, check.meter_number)
        direct.append((time.perf_counter() - t0) * 1000)
    slot.remove()

    os.environ["VENDING_KEY_PASSPHRASE"] = PASSPHRASE
    core.catalog.set_parameter(admin, "printer.invoice", "none")  # no preview dialog per sale
    core.shifts.open(seller, "0")
    controller = Controller(core, QSettings(str(tmp / "b.ini"), QSettings.Format.IniFormat), "en")
    controller.start()
    ready = sign_in_to_ready(app, controller, seller, slot, card)
    sale = controller.window.page("sale")
    sale_stall = selling_stalls(app, sale, args.runs)
    seen: dict[str, float] = {}
    controller.reader.card_changed.connect(
        lambda present: seen.__setitem__("event", time.perf_counter()) if present else None)
    sale.card_read.connect(lambda _ok: seen.__setitem__("shown", time.perf_counter()))
    from_event, from_insert = [], []
    for _ in range(args.runs):
        seen.clear()
        t0 = time.perf_counter()
        slot.insert(card)  # returns once pcscd sees the card
        while "shown" not in seen:
            app.processEvents()
        from_insert.append((seen["shown"] - t0) * 1000)
        from_event.append((seen["shown"] - seen["event"]) * 1000)
        slot.remove()
        while controller.reader.card_in:
            app.processEvents()
    controller.stop()
    search_rows = search_as_you_type(app, tmp, args.customers, args.runs)

    print(f"{'measure':52s} {'p50 ms':>9s} {'p95 ms':>9s} {'x baseline':>11s}")
    rows = [("cold start: empty Qt window (baseline)", base, base),
            ("cold start: station to sign-in window", station, base),
            ("card read + lookup, direct call (baseline)", direct, direct),
            ("card event -> sale screen populated", from_event, direct),
            ("card insertion -> sale screen populated", from_insert, direct),
            ("sign-in with the card in -> ready to sell", ready, direct),
            ("sale by keys: longest GUI-thread stall, per sale", sale_stall, direct)] + search_rows
    for label, xs, b in rows:
        print(f"{label:52s} {pct(xs, 50):9.1f} {pct(xs, 95):9.1f} "
              f"{pct(xs, 50) / pct(b, 50):11.1f}")
    return 0


def sign_in_to_ready(app, controller, seller, slot, card) -> list[float]:
    """Sign-in with the customer's card already in the reader, to the sale
    screen filled in (the keys unlock first, then the card is read)."""
    slot.insert(card)
    while not controller.reader.card_in:
        app.processEvents()
    done: list[float] = []
    t0 = time.perf_counter()
    controller.signed_in(seller)
    controller.window.page("sale").card_read.connect(lambda _ok: done.append(time.perf_counter()))
    while not done:
        app.processEvents()
    return [(done[0] - t0) * 1000]


class Beat:
    """A 5 ms timer on the GUI thread: a freeze shows as a long gap."""

    def __init__(self):
        from PySide6.QtCore import QTimer
        self.last, self.gaps = time.perf_counter(), []
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self.tick)

    def tick(self):
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now

    def start(self):
        self.last, self.gaps = time.perf_counter(), []
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return max(self.gaps, default=0.0) * 1000


def selling_stalls(app, sale, runs: int) -> list[float]:
    """Sales typed as a clerk types them (amount, Tab, cash, Enter), each to
    its commit and the history refreshed; the longest GUI-thread gap of each."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    worst, beat = [], Beat()
    for _ in range(min(runs, 4)):  # up to 4 purchases ride on a card the meter has not seen
        while sale.view is None or sale.busy or not sale.buy_edit.isEnabled():
            app.processEvents()
            if sale.view is not None and not sale.buy_edit.isEnabled() and not sale.busy:
                sale.read_card()  # after a sale the next one starts from a fresh read
        sold: list = []
        sale.sold.connect(sold.append)
        beat.start()
        QTest.keyClicks(sale.buy_edit, "10")
        QTest.keyClick(sale.buy_edit, Qt.Key.Key_Tab)
        QTest.keyClicks(sale.tendered_edit, "10")
        QTest.keyClick(sale.tendered_edit, Qt.Key.Key_Return)
        while not sold or sale.busy or sale.session.tasks.busy:
            app.processEvents()
        worst.append(beat.stop())
        sale.sold.disconnect(sold.append)
    return worst


def search_as_you_type(app, tmp: Path, customers: int, runs: int) -> list:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtTest import QTest

    from bench.synthetic_office import build
    from db import migrate
    from db.engine import Database
    from vending_app.core.station import StationCore
    from vending_app.ui.controller import Controller

    db = Database(f"sqlite:///{tmp / 'office.sqlite3'}")
    migrate.upgrade(db.engine)
    core = StationCore(db, "S01")
    build(core, customers, 1, 1, 7)
    clerk = core.auth.login("clerk", "bench-pass-1")
    with db.read() as s:
        rows = s.execute(text_sql("SELECT c.account_no, c.name, c.phone, m.number FROM customers c "
                                  "JOIN meters m ON m.customer_id = c.id ORDER BY c.id")).all()
    picks = [rows[i * len(rows) // runs] for i in range(runs)]
    queries = [q for account, name, phone, meter in picks
               for q in (account, meter, phone[:9], name.split()[1])]
    direct = []
    for q in queries:
        t0 = time.perf_counter()
        core.accounts.search(clerk, q, 100)
        direct.append((time.perf_counter() - t0) * 1000)

    controller = Controller(core, QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), "en")
    controller.start()
    controller.signed_in(clerk)
    page = controller.window.open_page("search")
    shown: list[float] = []
    page.model.modelReset.connect(lambda: shown.append(time.perf_counter()))
    last_tick, gaps = [0.0], []

    def tick():
        now = time.perf_counter()
        gaps.append(now - last_tick[0])
        last_tick[0] = now
    beat = QTimer(interval=5)
    beat.timeout.connect(tick)
    beat.start()
    typed, stalls = [], []
    for q in queries:
        page.query.clear()
        shown.clear()
        QTest.keyClicks(page.query, q)  # a textEdited per keystroke: one search after the last
        t0 = last_tick[0] = time.perf_counter()
        waited = len(gaps)
        while not shown:
            app.processEvents()
        typed.append((shown[-1] - t0) * 1000)
        del gaps[:waited]  # only the gaps while the search ran count
        stalls.extend(gaps)
        gaps.clear()
    beat.stop()
    controller.stop()
    stall = max(stalls) * 1000
    return [(f"search, {customers:,} customers: direct call (baseline)", direct, direct),
            ("search: last keystroke -> rows shown (120 ms wait)", typed, direct),
            ("search: longest GUI-thread stall while searching", [stall], direct)]


def text_sql(sql: str):
    from sqlalchemy import text
    return text(sql)


if __name__ == "__main__":
    sys.exit(main())
