"""Moving in, in the window: choose the old system's file (CSV or XLSX),
check it (a dry run listing every row's problem with its fix, in the
operator's language), import it whole, then work through the cards its
meters need. The export writes the same columns."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
)

from receipts.table_file import read_table, write_table
from vending_app.core.moving_in import ImportRefused
from vending_app.operations import customer_care as care
from vending_app.resources import SAMPLE_KINDS, save_sample
from vending_app.ui.business_pages import documents_folder
from vending_app.ui.i18n import core_text, tr
from vending_app.ui.widgets import Page, RowsModel, table


class ImportPage(Page):
    def __init__(self, session, parent=None):
        super().__init__(session, tr("Moving in: import customers"), parent)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(objectName="path", placeholderText=tr("CSV or XLSX file"))
        self.choose_button = QPushButton(tr("Choose file..."), objectName="choose")
        self.check_button = QPushButton(tr("Check (dry run)"), objectName="check")
        self.commit_button = QPushButton(tr("Import"), objectName="commit", enabled=False)
        self.export_button = QPushButton(tr("Export customers..."), objectName="export")
        self.sample_button = QPushButton(tr("Save the sample file..."), objectName="sample")
        for w in (self.path_edit, self.choose_button, self.check_button, self.commit_button,
                  self.export_button, self.sample_button):
            row.addWidget(w)
        self.layout_.insertLayout(1, row)
        self.checked = None  # the last clean dry run: what a commit will create
        self.problems = RowsModel([("row", tr("Row")), ("column", tr("Column")),
                                   ("problem", tr("What is wrong")), ("fix", tr("How to fix"))])
        self.imports = RowsModel([("import_id", "#"), ("imported_at", tr("When")),
                                  ("file_name", tr("File")), ("customers", tr("Customers")),
                                  ("meters", tr("Meters")), ("operator", tr("Operator")),
                                  ("cards_to_issue", tr("Cards to issue"))])
        self.cards = RowsModel([("account_no", tr("Account")),
                                ("old_account_no", tr("Old account")), ("name", tr("Customer")),
                                ("meter_number", tr("Meter")), ("meter_type", tr("Type")),
                                ("multiplier", tr("Multiplier"))])
        for label, model, stretch in ((tr("Problems in the file"), self.problems, 2),
                                      (tr("Imports"), self.imports, 1),
                                      (tr("Imported meters waiting for their card"), self.cards,
                                       2)):
            self.layout_.addWidget(QLabel(f"<b>{label}</b>"))
            self.layout_.addWidget(table(model), stretch)
        self.choose_button.clicked.connect(self.choose)
        self.check_button.clicked.connect(self.check)
        self.commit_button.clicked.connect(self.commit)
        self.export_button.clicked.connect(self.export)
        self.sample_button.clicked.connect(self.save_sample)
        self.path_edit.textChanged.connect(lambda _: self.commit_button.setEnabled(False))

    def first_field(self):
        return self.path_edit

    def activated(self) -> None:
        super().activated()
        self.reload()

    def reload(self) -> None:
        core, actor = self.session.core, self.session.actor
        self.run(lambda: (core.moving_in.imports(actor), core.moving_in.cards_to_issue(actor)),
                 self._show_lists)

    def _show_lists(self, result) -> None:
        imports, cards = result
        self.imports.set_rows(imports)
        self.cards.set_rows(cards)

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Customer file"), "",
                                              tr("Spreadsheets (*.csv *.xlsx)"))
        if path:
            self.path_edit.setText(path)

    def _show_problems(self, problems) -> None:
        self.problems.set_rows([{"row": p.row, "column": p.column, "problem": core_text(p.problem),
                                 "fix": core_text(p.fix)} for p in problems])

    def check(self) -> None:
        core, actor, path = self.session.core, self.session.actor, self.path_edit.text().strip()

        def done(check):
            self._show_problems(check.problems)
            self.commit_button.setEnabled(check.ok)
            self.checked = check if check.ok else None
            if check.ok:
                self.say(tr("Ready to import: rows {rows}, customers {customers}, meters "
                            "{meters}.", rows=check.rows, customers=check.customers,
                            meters=check.meters))
            else:
                self.say(tr("Problems found: {n}. Nothing can be imported until they are "
                            "fixed.", n=len(check.problems)), "error")

        self.run(lambda: core.moving_in.dry_run(actor, read_table(Path(path))), done)

    def commit(self) -> None:
        """Asks first (Enter imports, Esc does not): an import cannot be taken back."""
        if self.checked is None or not self.commit_button.isEnabled():
            return
        path = Path(self.path_edit.text().strip())
        box = QMessageBox(QMessageBox.Icon.Question, tr("Import the file?"), tr(
            "Import {file}: customers to create {customers}, meters {meters} (each waits for "
            "its card). All rows go in at once, and an import cannot be taken back.",
            file=path.name, customers=self.checked.customers, meters=self.checked.meters),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self,
            objectName="confirm_import")
        box.button(QMessageBox.StandardButton.Yes).setText(tr("Import [Enter]"))
        box.button(QMessageBox.StandardButton.Cancel).setText(tr("Cancel [Esc]"))
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        if box.exec() == QMessageBox.StandardButton.Yes:
            self._commit()
        else:
            self.say(tr("Nothing was imported."), "info")

    def _commit(self) -> None:
        core, actor, path = self.session.core, self.session.actor, self.path_edit.text().strip()

        def done(import_id):
            self.commit_button.setEnabled(False)
            self.checked = None
            self._show_problems([])
            self.say(tr("Import {n} done: issue the cards of its meters (listed below).",
                        n=import_id))
            self.reload()

        def failed(e):
            if isinstance(e, ImportRefused):
                self._show_problems(e.check.problems)
            self.commit_button.setEnabled(False)
            self.fail(e)

        self.run(lambda: care.import_customers(core, actor, Path(path).name,
                                              read_table(Path(path))),
                 done, failed=failed)

    def save_sample(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Save the sample file"),
                                              str(documents_folder() / "customers-sample.xlsx"),
                                              tr("Spreadsheets (*.csv *.xlsx)"))
        if path:
            self.save_sample_to(Path(path))

    def save_sample_to(self, path: Path) -> None:
        """The sample customer file (the import's columns, a few rows) at
        ``path``: an .xlsx unless the name ends in .csv."""
        if path.suffix.lower() not in SAMPLE_KINDS:
            path = path.with_name(path.name + ".xlsx")
        def saved(p) -> None:
            self.path_edit.setText(str(p))  # the file to fill in and check is the one saved
            self.say(tr("Sample saved to {path}: fill in one row a meter, then Check.",
                        path=str(p)))

        self.run(lambda: save_sample(path), saved)

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export customers"), "customers.xlsx",
                                              tr("Spreadsheets (*.csv *.xlsx)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        core, actor = self.session.core, self.session.actor

        def work():
            exported = core.moving_in.export(actor)
            write_table(path, exported.header, exported.rows)
            return len(exported.rows)

        self.run(work, lambda n: self.say(tr("Rows written to {path}: {n}.", n=n,
                                             path=str(path))))
