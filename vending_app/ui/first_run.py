"""Before sign-in: the first-run wizard on a fresh install, and the way out
when the station's database is missing or damaged (restore a backup).

Both do their work off the GUI thread (a PostgreSQL server across the LAN,
a restore of a large file) and show what failed in the operator's language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)
from sqlalchemy.engine import URL

from vending_app.core.errors import DatabaseLocked, DiskFull, StorageReadOnly
from vending_app.core.startup import (
    backup_folder,
    data_dir,
    default_database_path,
    list_backups,
    restore_backup,
)
from vending_app.setup import SetupRequest, first_run, try_connect
from vending_app.ui import i18n
from vending_app.ui.i18n import tr


def _line(name: str, text: str = "", secret: bool = False) -> QLineEdit:
    e = QLineEdit(text, objectName=name)
    if secret:
        e.setEchoMode(QLineEdit.EchoMode.Password)
    return e


class SetupWizard(QWizard):
    """Station name, database (local file or office server), the first
    administrator, the vending keys (new, or imported from their backup)."""

    done_ = Signal(object)  # the SetupResult

    def __init__(self, tasks, config_file: Path | None = None, parent=None):
        super().__init__(parent)
        self.tasks, self.config_file, self.result_ = tasks, config_file, None
        self.setWindowTitle(tr("Set up this station"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.status = QLabel(objectName="wizard_status", wordWrap=True)

        for page in (self._station_page(), self._database_page(), self._admin_page(),
                     self._keys_page()):
            self.addPage(page)
        self.currentIdChanged.connect(self._carry_status)

    def _station_page(self) -> QWizardPage:
        """The station's code and name."""
        page = QWizardPage()
        page.setTitle(tr("This station"))
        f = QFormLayout(page)
        self.code, self.name = _line("station_code", "S01"), _line("station_name", tr("Counter 1"))
        f.addRow(tr("Station code"), self.code)
        f.addRow(tr("Station name"), self.name)
        return page

    def _database_page(self) -> QWizardPage:
        """A local SQLite file, or the office's PostgreSQL server."""
        page = QWizardPage()
        page.setTitle(tr("Database"))
        f = QFormLayout(page)
        self.local = QRadioButton(tr("A local file on this PC (one counter)"), objectName="local")
        self.server = QRadioButton(tr("The office server (PostgreSQL, several counters)"),
                                   objectName="server")
        self.local.setChecked(True)
        group = QButtonGroup(page)
        group.addButton(self.local)
        group.addButton(self.server)
        self.path = _line("db_path", str(default_database_path()))
        self.host, self.port = _line("db_host", "192.168.1.10"), QSpinBox(objectName="db_port")
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.dbname, self.user = _line("db_name", "vending"), _line("db_user", "vending")
        self.password = _line("db_password", secret=True)
        self.test_button = QPushButton(tr("Test the connection"), objectName="test_connection")
        self.test_button.clicked.connect(self.test_connection)
        f.addRow(self.local)
        f.addRow(tr("File"), self.path)
        f.addRow(self.server)
        for label, w in ((tr("Server"), self.host), (tr("Port"), self.port),
                         (tr("Database"), self.dbname), (tr("User"), self.user),
                         (tr("Password"), self.password)):
            f.addRow(label, w)
        f.addRow(self.test_button)
        return page

    def _admin_page(self) -> QWizardPage:
        """The office's first administrator."""
        page = QWizardPage()
        page.setTitle(tr("First administrator"))
        page.setSubTitle(tr("Only for an office's first station; a station joining the office "
                          "server may leave this empty unless it imports keys."))
        f = QFormLayout(page)
        self.admin, self.admin_name = _line("admin_login", "admin"), _line("admin_name")
        self.admin_pw, self.admin_pw2 = _line("admin_password", secret=True), \
            _line("admin_password2", secret=True)
        f.addRow(tr("Login"), self.admin)
        f.addRow(tr("Full name"), self.admin_name)
        f.addRow(tr("Password"), self.admin_pw)
        f.addRow(tr("Password again"), self.admin_pw2)
        return page

    def _keys_page(self) -> QWizardPage:
        """The vending keys: new, imported from their backup, or there already."""
        page = QWizardPage()
        page.setTitle(tr("Vending keys"))
        v = QVBoxLayout(page)
        self.new_key = QRadioButton(tr("Create the office's first vending key"), objectName="new_key")
        self.import_key = QRadioButton(tr("Import the office's keys from their backup file"),
                                       objectName="import_key")
        self.keys_there = QRadioButton(tr("The keys are already in the office database"),
                                       objectName="keys_there")
        self.new_key.setChecked(True)
        self.key_file = _line("key_file")
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse_keys)
        self.passphrase = _line("key_passphrase", secret=True)
        for w in (self.new_key, self.import_key, self.keys_there):
            v.addWidget(w)
        row = QHBoxLayout()
        row.addWidget(self.key_file)
        row.addWidget(browse)
        v.addLayout(row)
        f = QFormLayout()
        f.addRow(tr("Key passphrase"), self.passphrase)
        v.addLayout(f)
        return page

    def _carry_status(self, _id: int) -> None:
        """One status line, shown on whichever page is up."""
        self.status.clear()
        page = self.currentPage()  # None once the wizard is cancelled
        if page is not None:
            page.layout().addWidget(self.status)

    def _browse_keys(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Key backup"), str(data_dir()))
        if path:
            self.key_file.setText(path)

    def url(self) -> str:
        if self.local.isChecked():
            return f"sqlite:///{Path(self.path.text().strip()).expanduser()}"
        return URL.create("postgresql+psycopg", username=self.user.text().strip() or None,
                          password=self.password.text() or None, host=self.host.text().strip(),
                          port=self.port.value(), database=self.dbname.text().strip()
                          ).render_as_string(hide_password=False)

    def test_connection(self) -> None:
        url = self.url()
        self.status.setText(tr("Connecting…"))

        def done(revision):
            self.status.setText(tr("Connected; the office database is set up already.")
                                if revision else tr("Connected; the database is empty and will "
                                                    "be set up."))

        self.tasks.run(lambda: try_connect(url), done,
                       lambda e: self.status.setText(i18n.error_text(e)))

    def request(self) -> SetupRequest:
        keys_file = self.key_file.text().strip() if self.import_key.isChecked() else ""
        return SetupRequest(
            db_url=self.url(), station=self.code.text(), station_name=self.name.text(),
            admin_login=self.admin.text().strip(), admin_name=self.admin_name.text().strip(),
            admin_password=self.admin_pw.text(),
            key_passphrase="" if self.keys_there.isChecked() else self.passphrase.text(),
            import_keys_from=Path(keys_file) if keys_file else None)

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt's name
        if self.currentId() == 2 and self.admin_pw.text() != self.admin_pw2.text():
            self.status.setText(tr("The two passwords differ."))
            return False
        if not self.currentPage().isFinalPage() or self.result_ is not None:
            return True
        req = self.request()
        self.status.setText(tr("Setting up the station…"))
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)

        def done(result):
            self.result_ = result
            self.done_.emit(result)
            self.accept()

        def failed(e):
            self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
            self.status.setText(i18n.error_text(e))

        self.tasks.run(lambda: first_run(req, self.config_file), done, failed)
        return False


class RecoveryDialog(QDialog):
    """The database is missing or damaged: say so, and offer the backups."""

    restored = Signal(str)

    def __init__(self, tasks, problem: BaseException, url: str, station: str,
                 folder: Path | None = None, parent=None):
        super().__init__(parent)
        self.tasks, self.url, self.station = tasks, url, station
        self.folder = folder or backup_folder()
        self.setWindowTitle(tr("The station cannot open its database"))
        v = QVBoxLayout(self)
        self.problem = QLabel(i18n.error_text(problem), objectName="problem", wordWrap=True)
        self.problem.setStyleSheet("color:#b71c1c")
        self.backups = list_backups(self.folder)
        latest = self.backups[0] if self.backups else None
        self.latest_label = QLabel(
            tr("Latest backup: {file}, made {at}, {rows} rows.", file=latest.path.name,
               at=i18n.day(latest.made_at), rows=latest.total_rows) if latest
            else tr("No backup was found in {folder}.", folder=str(self.folder)),
            objectName="latest", wordWrap=True)
        self.status = QLabel(objectName="recovery_status", wordWrap=True)
        row = QHBoxLayout()
        self.restore_button = QPushButton(tr("Restore the latest backup"), objectName="restore")
        self.restore_button.setEnabled(latest is not None)
        choose = QPushButton(tr("Choose a backup file…"), objectName="choose")
        quit_ = QPushButton(tr("Quit"), objectName="quit")
        self.retry_button = QPushButton(tr("Try again"), objectName="retry")
        for w in (self.restore_button, choose, self.retry_button, quit_):
            row.addWidget(w)
        for w in (self.problem, self.latest_label, self.status):
            v.addWidget(w)
        v.addLayout(row)
        self.restore_button.clicked.connect(lambda: self.restore(latest.path))
        choose.clicked.connect(self._choose)
        self.retry_button.clicked.connect(self.accept)  # the caller opens the database again
        quit_.clicked.connect(self.reject)
        self._offer(self.restorable(problem), choose)

    def _offer(self, restorable: bool, choose: QPushButton) -> None:
        if restorable:
            self.retry_button.hide()
            self.restore_button.setFocus()
        else:
            # The file is sound: a restore would throw away the sales since the backup.
            for w in (self.restore_button, choose, self.latest_label):
                w.hide()
            self.status.setText(tr("The database file itself is sound: do not restore a backup. "
                                   "Put right what the message says, then try again."))
            self.retry_button.setFocus()

    @staticmethod
    def restorable(problem: BaseException) -> bool:
        """Only a missing or damaged file is cured by a backup; a full disk,
        a read-only folder or a lock held by another program is not."""
        return not isinstance(problem, DiskFull | StorageReadOnly | DatabaseLocked)

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Backup"), str(self.folder),
                                              "*.vbk")
        if path:
            self.restore(Path(path))

    def restore(self, path: Path) -> None:
        self.status.setText(tr("Restoring {file}…", file=path.name))
        self.restore_button.setEnabled(False)

        def done(result):
            info, moved, checked = result
            self.status.setText(tr("Restored {file}: {rows} rows, audit chain intact ({n} "
                                   "events).", file=info.path.name, rows=info.total_rows,
                                   n=checked))
            self.restored.emit(str(moved or ""))
            self.accept()

        def failed(e):
            self.restore_button.setEnabled(bool(self.backups))
            self.status.setText(i18n.error_text(e))

        self.tasks.run(lambda: restore_backup(path, self.url, self.station, replace=True),
                       done, failed)
