"""Moving in through the window (ui/import_page.py): a file with a bad row
is checked and cannot be imported, every problem listed with its fix; the
corrected file is checked, imported, and its meters wait for their cards;
the export writes a file that reads back with the same columns."""

from PySide6.QtCore import Qt

from receipts.table_file import read_table, write_table
from tests import import_files
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
    click(qtbot, page, page.commit_button)
    idle(qtbot, page)
    assert "Import 1 done" in banner(page)
    assert [i.customers for i in page.imports.rows] == [30]
    assert len(page.cards.rows) == 30 and page.cards.rows[9].multiplier == 30

    out = tmp_path / "export.csv"
    page.export_to(out)
    idle(qtbot, page)
    table = read_table(out)
    assert table[0] == list(COLUMNS) and len(table) == 1 + 30 + 1  # the desk's own customer
