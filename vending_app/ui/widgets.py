"""The building blocks every screen shares: a page with a message banner
and a busy bar, forms that submit on Enter, and (from ui/tables.py) a
table of plain rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vending_app import applog
from vending_app.core.errors import VendingError
from vending_app.operations import Changed, OpResult
from vending_app.ui import i18n
from vending_app.ui.i18n import tr
from vending_app.ui.tables import (  # noqa: F401 - the pages' one import of the building blocks
    RowsModel,
    cell,
    fit_height,
    keep_place,
    shortcut,
    shown,
    table,
)


class Page(QWidget):
    """A screen: title, banner for results and errors, busy bar, and the
    one way to run work off the GUI thread."""

    finished = Signal(bool)  # a job ended (ok?); tests and the status bar listen
    wants_card = False  # True: a card inserted here belongs to this page
    shows = Changed.NONE  # what the page shows: an action that changes it refreshes the page

    def __init__(self, session, title: str, parent=None):
        super().__init__(parent)
        self.session = session
        self.title = title
        self.layout_ = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>")
        self.layout_.addWidget(heading)
        self.banner = QLabel(objectName="banner", wordWrap=True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        self.busy_bar = QProgressBar(maximum=0, textVisible=False, maximumHeight=6)
        keep_place(self.busy_bar)
        self.busy_bar.hide()
        self.layout_.addWidget(self.banner)
        self.layout_.addWidget(self.busy_bar)
        self.busy = False
        session.changed.connect(self._changed)

    def _changed(self, changes: Changed) -> None:
        if shiboken6.isValid(self) and changes & self.shows:
            self.on_changed(changes)

    def on_changed(self, changes: Changed) -> None:
        """An action changed what this page shows. A hidden page refreshes
        when it is brought up again (``activated``)."""
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read again what the page shows."""

    def say(self, text: str, kind: str = "ok") -> None:
        colours = {"ok": "#1b5e20;background:#e8f5e9", "error": "#b71c1c;background:#ffebee",
                   "info": "#0d47a1;background:#e3f2fd", "warn": "#e65100;background:#fff3e0"}
        if self.banner.property("kind") != kind:  # a new style sheet re-polishes the label
            self.banner.setStyleSheet(f"padding:6px;color:{colours[kind]}")
            self.banner.setProperty("kind", kind)
        self.banner.setText(text)
        self.banner.show()

    def run(self, fn: Callable[[], object], done: Callable[[object], None],
            card: bool = False, busy_text: str | None = None,
            failed: Callable[[BaseException], None] | None = None,
            documents: bool = False) -> None:
        self.busy = True
        self.busy_bar.show()
        self.setCursor(Qt.CursorShape.BusyCursor)
        if busy_text:
            self.say(busy_text, "info")

        def ok(result):
            if not shiboken6.isValid(self.busy_bar):  # the page closed while it worked
                return
            self._idle()
            changes = Changed.NONE
            if isinstance(result, OpResult):  # an operation: its answer, and what it changed
                result, changes = result.value, result.changes
            try:
                done(result)
            except Exception as e:  # noqa: BLE001 - a display error is still an error
                applog.failure(f"showing the result of {name}", e)
                self.say(i18n.error_text(e), "error")
            if changes:  # after the page's own answer: every page refreshes what changed
                self.session.changed.emit(changes)
            self.finished.emit(True)

        def bad(e):
            if not shiboken6.isValid(self.busy_bar):
                return
            self._idle()
            (failed or self.fail)(e)
            self.finished.emit(False)

        name = applog.job_name(fn)
        self._submit(fn, ok, bad, name, card, documents)

    def _submit(self, fn, ok, bad, name: str, card: bool, documents: bool) -> None:
        """To its worker: the card's, the documents' (after the drawings
        asked for before it) or the database's."""
        if documents:
            self.session.tasks.run_documents(fn, ok, bad, name=name)
        elif not card:
            self.session.tasks.run(fn, ok, bad, name=name)
        elif self.session.keys is None:
            bad(_KeysLocked())
        else:
            self.session.tasks.run_card(self.session.card_station, fn, ok, bad, name=name)

    def fail(self, e: BaseException) -> None:
        self.say(i18n.error_text(e), "error")

    def _idle(self) -> None:
        self.busy = False
        self.busy_bar.hide()
        self.unsetCursor()

    def card_changed(self, present: bool) -> None:
        """A card came or went while this page is shown (``wants_card``)."""

    def activated(self) -> None:
        """The page was brought up: the keyboard starts in its first field."""
        first = self.first_field()
        if first is not None:
            first.setFocus()

    def first_field(self) -> QWidget | None:
        return None


class _KeysLocked(VendingError):
    def __init__(self):
        super().__init__("The vending keys are locked at this station: unlock them under "
                         "Maintenance, Vending keys (F9), then try again.")


@dataclass
class Field:
    key: str
    label: str
    kind: str = "text"  # text | password | combo | date
    choices: Callable[[], Sequence[tuple[str, str]]] | Sequence[tuple[str, str]] = ()
    default: str = ""
    check: Callable[[str], object] | None = None  # raises a VendingError when wrong
    placeholder: str = ""
    required: bool = False  # Enter checks it even when left empty (else an empty one passes)
    widget: QWidget | None = field(default=None, repr=False)


def form_layout(fields: list[Field], per_row: int) -> QFormLayout | QGridLayout:
    """The fields under their labels: one a row, or ``per_row`` side by side
    (in reading order, which is also the order Tab takes)."""
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    if per_row == 1:
        form = QFormLayout()
        form.setLabelAlignment(right)
        for f in fields:
            form.addRow(f.label, f.widget)
        return form
    grid = QGridLayout()
    for i, f in enumerate(fields):
        row, column = divmod(i, per_row)
        label = QLabel(f.label)
        label.setBuddy(f.widget)
        grid.addWidget(label, row, 2 * column, alignment=right)
        grid.addWidget(f.widget, row, 2 * column + 1)
    return grid


class FormPage(Page):
    """Fields, one action, Enter submits. The action gets the values and
    runs off the GUI thread; its result (text or rows) shows on the page."""

    def __init__(self, session, title: str, fields: list[Field], submit: str,
                 action: Callable[[dict], object], card: bool = False, busy_text: str = "",
                 result_columns: Sequence[tuple[str, str]] = (), parent=None,
                 per_row: int = 1):
        """``per_row``: fields side by side, for a page whose answer is a
        long table (the audit log): the form leaves it the room."""
        super().__init__(session, title, parent)
        self.fields, self.action, self.card = fields, action, card
        self.choices_pending, self.submit_when_loaded = 0, False
        self.busy_text = busy_text
        for f in fields:
            f.widget = self._widget(f)
            f.widget.setObjectName(f.key)
            if f.check:
                f.widget.textEdited.connect(lambda _t, f=f: self._check(f))
        self.form = form_layout(fields, per_row)
        # a form, grouped and narrow
        card = QGroupBox(objectName="form_card", maximumWidth=680 * per_row)
        card.setLayout(self.form)
        self.layout_.insertWidget(1, card)
        self.submit = QPushButton(submit, objectName="submit", default=True, autoDefault=True)
        self.submit.clicked.connect(self.go)
        self.layout_.insertWidget(2, self.submit)
        self.results = RowsModel(result_columns)
        self.result_view = table(self.results)
        fit_height(self.result_view)
        self.result_view.setVisible(bool(result_columns))
        # The answer grows with the window, up to its rows (fit_height): its
        # stretch (100 against the spacer's 1) gives it nearly all the room,
        # the spacer takes what its rows do not need. Without one the table
        # kept its size hint: five rows and a scroll bar in a tall window.
        self.layout_.addWidget(self.result_view, 100)
        self.layout_.addStretch(1)
        self.reload_choices()

    def _widget(self, f: Field) -> QWidget:
        if f.kind == "combo":
            w = QComboBox(maximumWidth=420)
        elif f.kind == "date":
            w = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd", maximumWidth=200)
            w.setDate(QDate.fromString(f.default, "yyyy-MM-dd") if f.default
                      else QDate.currentDate())
        if f.kind in ("combo", "date"):
            w.installEventFilter(self)  # Enter submits from a drop-down or a date too
            return w
        w = QLineEdit(f.default, placeholderText=f.placeholder, maximumWidth=420)
        if f.kind == "password":
            w.setEchoMode(QLineEdit.EchoMode.Password)
        w.returnPressed.connect(self.go)
        return w

    def first_field(self) -> QWidget | None:
        """The first field to type in: a drop-down first in the form has its
        default, and what the clerk types first must not be lost on it."""
        typed = [f.widget for f in self.fields if isinstance(f.widget, QLineEdit)]
        return typed[0] if typed else (self.fields[0].widget if self.fields else self.submit)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not (isinstance(watched, QComboBox) and watched.view().isVisible())):
            self.go()
            return True
        return super().eventFilter(watched, event)

    def reload_choices(self) -> None:
        """Drop-down choices; those that come from the database load off the
        GUI thread (a query there froze the window while a page opened)."""
        combos = [f for f in self.fields if f.kind == "combo"]
        for f in combos:
            if not callable(f.choices):
                self._fill(f, f.choices)
        loaded = [f for f in combos if callable(f.choices)]
        if not loaded:
            return
        self.choices_pending += 1

        def filled(lists):
            self.choices_pending -= 1
            for f, c in zip(loaded, lists, strict=True):
                self._fill(f, c)
            if not self.choices_pending and self.submit_when_loaded:
                self.submit_when_loaded = False
                self.go()  # Enter came before the choices: it counts now

        self.session.tasks.run(lambda: [f.choices() for f in loaded], filled, self.fail,
                               name=f"{type(self).__name__}.choices")

    @staticmethod
    def _fill(f: Field, choices) -> None:
        """The new choices, keeping what was chosen (or asked for before
        they came) when it is still there."""
        if not shiboken6.isValid(f.widget):
            return
        chosen = f.widget.property("wanted") or f.widget.currentData()
        f.widget.setProperty("wanted", None)
        f.widget.clear()
        for value, text in choices:
            f.widget.addItem(text, value)
        f.widget.setCurrentIndex(max(0, f.widget.findData(chosen)))

    def values(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for f in self.fields:
            w = f.widget
            if isinstance(w, QComboBox):
                out[f.key] = w.currentData()
            elif isinstance(w, QDateEdit):
                out[f.key] = w.date().toPython()
            else:
                out[f.key] = w.text().strip()
        return out

    def set_values(self, **values) -> None:
        for f in self.fields:
            if f.key in values:
                w, v = f.widget, values[f.key]
                if isinstance(w, QComboBox):
                    w.setProperty("wanted", v)  # kept if the choices are still loading
                    w.setCurrentIndex(max(0, w.findData(v)))
                elif isinstance(w, QDateEdit):
                    w.setDate(QDate(v.year, v.month, v.day))
                else:
                    w.setText(str(v))

    def _check(self, f: Field, submitting: bool = False) -> bool:
        try:
            if f.widget.text().strip() or (submitting and f.required):
                f.check(f.widget.text())
        except Exception as e:  # noqa: BLE001 - the core's validation error, shown as typed
            f.widget.setStyleSheet("border:2px solid #c62828")
            f.widget.setToolTip(i18n.error_text(e))
            return False
        f.widget.setStyleSheet("")
        f.widget.setToolTip("")
        if self.banner.property("kind") == "error" and self.banner.text().startswith(f.label):
            self.banner.hide()  # the field the error named is put right
        return True

    def go(self) -> None:
        if self.busy:
            return
        if self.choices_pending:
            self.submit_when_loaded = True
            return
        if not all(self._check(f, submitting=True) for f in self.fields if f.check):
            bad = next(f for f in self.fields if f.check and f.widget.toolTip())
            self.say(f"{bad.label}: {bad.widget.toolTip()}", "error")
            bad.widget.setFocus()
            return
        values = self.values()
        self.results.set_rows([])  # a new question: the last answer must not pass for its
        if self.card:  # the action returns what to do with the card in the reader
            def job(station):
                return self.action(values)(station)
        else:
            def job():
                return self.action(values)
        self.run(job, self.show_result, card=self.card, busy_text=self.busy_text or None)

    def card_changed(self, present: bool) -> None:
        """Another card (another customer) on a card page: the last one's
        answer (a refund to pay back) is cleared, not left to be misread. A
        page with ``read_card`` reads it at once (whose card, and what a card
        pulled earlier left to settle) and says so before Enter."""
        if not (present and self.card and not self.busy):
            return
        self.results.set_rows([])
        reader = getattr(self, "read_card", None)
        if reader is None:
            self.say(tr("Card in the reader: fill in the form and press Enter."), "info")
            return
        self.run(reader, lambda text: self.say(text, "info"), card=True,
                 busy_text=tr("Reading the card..."))

    def on_changed(self, changes: Changed) -> None:
        """What the drop-downs offer changed (``shows``): they load again."""
        self.reload_choices()

    def show_result(self, result) -> None:
        if isinstance(result, list):
            self.results.set_rows(result)
            self.result_view.show()
            self.say(tr("1 row.") if len(result) == 1 else tr("{n} rows.", n=len(result)), "ok")
        elif isinstance(result, tuple):
            text, rows = result
            self.results.set_rows(rows)
            self.result_view.show()
            self.say(text, "ok")
        else:
            self.say(str(result), "ok")
