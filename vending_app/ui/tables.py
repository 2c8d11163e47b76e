"""Tables of plain rows (dataclasses or dicts) as every screen shows them:
cells formatted once in the operator's language, numbers right-aligned,
no taller than their rows; and the small helpers pages share."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from vending_app.core.errors import Note
from vending_app.ui import i18n
from vending_app.ui.i18n import tr


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, Decimal):
        return i18n.number(value, max(2, -value.as_tuple().exponent))
    if isinstance(value, date | datetime):
        return i18n.day(value)
    if isinstance(value, tuple | list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, Note):  # the core's words, in the operator's language
        return i18n.core_text(value)
    return str(i18n.one_language(value))


TERM_COLUMNS = {"kind", "status", "meter_type", "outcome", "activity", "role"}
_SHOWN = {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def shown(name: str, v) -> tuple[str, int | None]:
    """A cell as a table shows it: its text, and its alignment (numbers right)."""
    text = i18n.term(v) if name in TERM_COLUMNS and isinstance(v, str) else cell(v)
    return text, (_RIGHT if isinstance(v, Decimal | int) else None)


class RowsModel(QAbstractTableModel):
    """Dataclasses or dicts as a read-only table; numbers right-aligned."""

    def __init__(self, columns: Sequence[tuple[str, str]] = (), parent=None):
        super().__init__(parent)
        self.columns = list(columns)  # (field, heading)
        self.rows: list = []
        self._cells: dict[tuple[int, int], tuple[str, int | None]] = {}

    def set_rows(self, rows: Sequence, columns: Sequence[tuple[str, str]] | None = None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._cells = {}
        if columns is not None:
            self.columns = list(columns)
        elif not self.columns and self.rows:
            first = self.rows[0]
            names = ([f.name for f in dataclasses.fields(first)]
                     if dataclasses.is_dataclass(first) else list(first))
            self.columns = [(n, n.replace("_", " ")) for n in names]
        self.endResetModel()

    def value(self, row: int, name: str):
        r = self.rows[row]
        return r[name] if isinstance(r, dict) else getattr(r, name)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role not in _SHOWN or not index.isValid():
            return None
        key = (index.row(), index.column())
        shown = self._cells.get(key)
        if shown is None:  # formatted once: the view asks again at every paint
            shown = self._cells[key] = self._format(*key)
        return shown[0] if role == Qt.ItemDataRole.DisplayRole else shown[1]

    def _format(self, row: int, column: int) -> tuple[str, int | None]:
        name = self.columns[column][0]
        return shown(name, self.value(row, name))

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][1]
        return None


def keep_place(widget: QWidget) -> None:
    """Hidden, the widget still takes its room: showing it (a busy bar, every
    job) does not move everything below and repaint the whole page."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)


def shortcut(widget: QWidget, sequence: str, fn: Callable[[], object]) -> QShortcut:
    """A keyboard shortcut that works while ``widget`` is shown."""
    return QShortcut(QKeySequence(sequence), widget, fn)


def fit_height(view: QTableView) -> None:
    """No taller than its rows: a short answer does not leave a tall empty
    white box (the page's space stays below); a long one still scrolls."""
    def fit(*_):
        if not shiboken6.isValid(view):
            return
        view.setMaximumHeight(view.horizontalHeader().sizeHint().height()
                              + view.verticalHeader().length() + 2 * view.frameWidth()
                              + view.horizontalScrollBar().sizeHint().height())
    model = view.model()
    for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                   model.layoutChanged):
        signal.connect(fit)
    fit()


def table(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Columns fit what is on screen (and a few rows more), not every row: sizing a
    # 100-row answer by all its rows held the GUI thread 45 ms per keystroke.
    view.horizontalHeader().setResizeContentsPrecision(20)
    view.horizontalHeader().setStretchLastSection(True)
    return view
