"""The office screens in the window: business monitoring, station messages,
database safety; the first-run wizard and the recovery from a damaged file."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from db.engine import Database
from db.models import Role
from tests.conftest import CLI_PASSWORD, PASSWORD, meter_applied, open_customer
from tests.lan.test_integrity import damage_a_page
from tests.ui.conftest import banner, idle, sign_in
from vending_app.core.errors import DatabaseUnusable
from vending_app.core.sales import SaleRequest
from vending_app.core.station import StationCore
from vending_app.ui.first_run import RecoveryDialog, SetupWizard
from vending_app.ui.tasks import Tasks


def second_station(desk):
    office = desk.office
    core2 = StationCore(office.core.db, "S02", hasher=office.core.auth.hasher,
                        clock=office.core.clock)
    office.core.auth.create_operator(office.admin, "seller2", "Second Seller", Role.SELLER,
                                     PASSWORD)
    return core2, core2.auth.login("seller2", PASSWORD)


def test_the_administrator_watches_the_stations_and_gives_notice(qtbot, station_app, desk, card,
                                                                 tmp_path):
    core2, seller2 = second_station(desk)
    open_customer(desk.office, "000000000051")
    core2.shifts.open(seller2, "0")
    core2.sales.sell(seller2, SaleRequest("000000000051", kwh="20"), card)
    meter_applied(core2, "000000000051")
    window = sign_in(qtbot, station_app, "admin", keys=False)

    monitor = window.open_page("monitor")
    qtbot.waitUntil(lambda: monitor.model.rowCount() == 2, timeout=10000)
    rows = {monitor.model.value(r, "code"): r for r in range(2)}
    assert monitor.model.value(rows["S02"], "operator") == "seller2"
    shown = [monitor.model.data(monitor.model.index(rows["S02"], c))
             for c in range(monitor.model.columnCount())]
    assert shown.count("Second Seller") == 2 and "seller2" not in shown  # by name, twice
    assert monitor.model.value(rows["S02"], "sales_today") == 1
    assert "2 of 2 stations online" in monitor.summary.text()
    assert monitor.timer.isActive()

    page = window.open_page("messages")
    idle(qtbot, page)
    page.kind.setCurrentIndex(page.kind.findData("notice"))
    qtbot.keyClicks(page.subject, "Tariff change")
    page.text.setPlainText("New prices from the 1st.")
    qtbot.keyClick(page.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, page)
    assert banner(page) == "Message sent." and page.model.rowCount() == 1
    assert core2.messages.unread(seller2) == 1
    core2.messages.mark_read(seller2, [page.messages[0].id])
    page.activated()
    idle(qtbot, page)
    assert page.model.value(0, "readers") == ("S02/seller2",)

    db_page = window.open_page("database")
    idle(qtbot, db_page)
    desk.core.catalog.set_parameter(desk.office.admin, "backup.folder", str(tmp_path / "bk"))
    db_page.backup_button.click()
    idle(qtbot, db_page)
    assert banner(db_page).startswith("Backup written") and db_page.model.rowCount() == 1
    db_page.check_button.click()
    idle(qtbot, db_page, timeout=60000)
    assert banner(db_page).startswith("The database is sound"), banner(db_page)


def test_a_question_from_another_station_shows_in_the_status_bar_and_is_read(
        qtbot, station_app, desk):
    core2, seller2 = second_station(desk)
    window = sign_in(qtbot, station_app, "clerk", keys=False)
    core2.messages.send(seller2, "Reader", "Is the spare reader free?", to_station="S01")
    window.poll_messages()
    qtbot.waitUntil(lambda: "1 new message" in window.messages_label.text(), timeout=10000)
    page = window.open_page("messages")
    idle(qtbot, page)
    page.view.selectRow(0)
    idle(qtbot, page)
    assert "Is the spare reader free?" in page.body.toPlainText()
    qtbot.waitUntil(lambda: window.messages_label.text() == "", timeout=10000)
    assert core2.messages.conversation(seller2)[0].read_by[0].login == "clerk"


def test_the_first_run_wizard_sets_up_a_new_office(qtbot, tmp_path):
    tasks = Tasks()
    wizard = SetupWizard(tasks, config_file=tmp_path / "station.json")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.code.setText("S03")
    wizard.name.setText("Front counter")
    wizard.next()
    wizard.path.setText(str(tmp_path / "office.sqlite3"))
    wizard.next()
    wizard.admin.setText("boss")
    wizard.admin_name.setText("The Boss")
    wizard.admin_pw.setText("boss-pass-1")
    wizard.admin_pw2.setText("boss-pass-2")
    wizard.next()
    assert wizard.currentId() == 2 and "differ" in wizard.status.text()
    wizard.admin_pw2.setText("boss-pass-1")
    wizard.next()
    wizard.passphrase.setText("short")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: "12 characters" in wizard.status.text(), timeout=20000)
    wizard.passphrase.setText("a-long-key-passphrase")
    with qtbot.waitSignal(wizard.done_, timeout=20000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert json.loads((tmp_path / "station.json").read_text())["station"] == "S03"
    core = StationCore(Database(f"sqlite:///{tmp_path / 'office.sqlite3'}"), "S03")
    admin = core.auth.login("boss", "boss-pass-1")
    assert [v.name for v in core.stations.monitor(admin).stations] == ["Front counter"]
    tasks.shutdown()


def test_a_damaged_file_offers_the_latest_backup_and_restores_it(qtbot, run_cli, tmp_path):
    run_cli("db", "upgrade")
    run_cli("demo", "seed", "--password", CLI_PASSWORD)
    run_cli("--operator", "admin", "db", "backup", "--folder", str(tmp_path / "bk"))
    path = tmp_path / "cli.sqlite3"
    damage_a_page(str(path), "customers")
    url = f"sqlite:///{path}"
    try:
        StationCore(Database(url), "S01")
        raise AssertionError("a damaged file was opened")
    except DatabaseUnusable as e:
        problem = e
    tasks = Tasks()
    dialog = RecoveryDialog(tasks, problem, url, "S01", folder=tmp_path / "bk")
    qtbot.addWidget(dialog)
    dialog.show()
    assert "will not sell on it" in dialog.problem.text()
    assert "Latest backup: vending-S01-" in dialog.latest_label.text()
    assert dialog.restore_button.isVisible() and not dialog.retry_button.isVisible()
    with qtbot.waitSignal(dialog.restored, timeout=30000) as kept:
        qtbot.keyClick(dialog.restore_button, Qt.Key.Key_Space)
    assert ".before-restore-" in kept.args[0]
    core = StationCore(Database(url), "S01")
    assert core.auth.login("seller", CLI_PASSWORD).login == "seller"
    tasks.shutdown()


def test_a_full_read_only_or_locked_database_is_never_offered_a_restore(qtbot, tmp_path):
    from db import maintenance
    from vending_app.core.startup import storage_unusable
    tasks = Tasks()
    try:
        for cause in (maintenance.StorageFull("no space left on device"),
                      maintenance.StorageReadOnly("read-only file system"),
                      maintenance.StorageLocked("database is locked")):
            problem = storage_unusable(cause)
            dialog = RecoveryDialog(tasks, problem, "sqlite:///x.sqlite3", "S01",
                                    folder=tmp_path / "bk")
            qtbot.addWidget(dialog)
            dialog.show()
            assert not dialog.restore_button.isVisible()
            assert not dialog.findChild(type(dialog.restore_button), "choose").isVisible()
            assert dialog.retry_button.isVisible() and dialog.focusWidget() is dialog.retry_button
            assert "do not restore" in dialog.status.text()
            with qtbot.waitSignal(dialog.accepted, timeout=2000):  # the caller opens it again
                qtbot.keyClick(dialog.retry_button, Qt.Key.Key_Space)
    finally:
        tasks.shutdown()


def test_cancelling_the_first_run_wizard_closes_it_quietly(qtbot, tmp_path):
    """Esc on any page of the wizard: it closes, nothing is written, and the
    status line's move to the (now absent) page raises nothing."""
    tasks = Tasks()
    wizard = SetupWizard(tasks, config_file=tmp_path / "station.json")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.code.setText("S03")
    wizard.next()
    with qtbot.waitSignal(wizard.rejected, timeout=5000):
        qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible() and not (tmp_path / "station.json").exists()
    tasks.shutdown()
