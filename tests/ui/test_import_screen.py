"""Moving in through the window (ui/import_page.py): a file with a bad row
is checked and cannot be imported, every problem listed with its fix; the
corrected file is checked, imported, and its meters wait for their cards;
the export writes a file that reads back with the same columns."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from receipts.table_file import read_table, write_table
from tests import import_files
from tests.test_moving_in import SAMPLES
from tests.ui.conftest import banner, idle, sign_in
from vending_app.core.import_rows import COLUMNS


def click(qtbot, page, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    idle(qtbot, page)


def test_a_clerk_checks_imports_and_exports_a_customer_file(station_app, qtbot, tmp_path):
    window = sign_in(qtbot, station_app, "clerk")
    page = window.open_page("moving_in")
    idle(qtbot, page)
    rows = [list(r) for r in import_files.rows(30)]
    rows[4][COLUMNS.index("phone")] = "call me"
    bad = tmp_path / "old-system.csv"
    write_table(bad, COLUMNS, rows)
    qtbot.keyClicks(page.path_edit, str(bad))
    click(qtbot, page, page.check_button)
    assert "Problems found: 1." in banner(page) and not page.commit_button.isEnabled()
    [problem] = page.problems.rows
    assert (problem["row"], problem["column"]) == (6, "phone")
    assert "6-20 digits" in problem["problem"] and "digits only" in problem["fix"]

    good = import_files.write(tmp_path / "old-system.xlsx", 30)
    page.path_edit.setText(str(good))
    click(qtbot, page, page.check_button)
    assert "rows 30, customers 30, meters 30" in banner(page) and page.commit_button.isEnabled()
    asked = answer(qtbot, Qt.Key.Key_Escape)  # the import asks first; Esc imports nothing
    click(qtbot, page, page.commit_button)
    assert "customers to create 30, meters 30" in asked[0], asked
    assert "Nothing was imported" in banner(page) and page.imports.rows == []
    asked = answer(qtbot, Qt.Key.Key_Return)  # Enter: Import, the default
    click(qtbot, page, page.commit_button)
    idle(qtbot, page)
    assert asked and "Import 1 done" in banner(page)
    assert [i.customers for i in page.imports.rows] == [30]
    assert len(page.cards.rows) == 30 and page.cards.rows[9].multiplier == 30
    # the old system's account numbers, as the customers' papers show them
    assert [c.old_account_no for c in page.cards.rows[:2]] == ["OLD0000000", "OLD0000001"]
    assert "old_account_no" in [key for key, _ in page.cards.columns]

    out = tmp_path / "export.csv"
    page.export_to(out)
    idle(qtbot, page)
    table = read_table(out)
    assert table[0] == list(COLUMNS) and len(table) == 1 + 30 + 1  # the desk's own customer
    sample = tmp_path / "sample.csv"  # the manual says where the sample comes from: here
    page.save_sample_to(sample)
    idle(qtbot, page)
    assert "Sample saved" in banner(page) and read_table(sample)[0] == list(COLUMNS)
    assert page.path_edit.text() == str(sample)  # the file to fill in and check next
    assert sample.read_bytes() == (SAMPLES / "customers.csv").read_bytes()


def answer(qtbot, key) -> list[str]:
    """Press ``key`` on the import's question when it comes up; note its text."""
    asked: list[str] = []

    def poke():
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != "confirm_import":
            QTimer.singleShot(50, poke)
            return
        asked.append(box.text())
        qtbot.keyClick(box, key)
    QTimer.singleShot(50, poke)
    return asked
