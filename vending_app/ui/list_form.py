"""A form above the list it adds to (operators, tariffs, areas, parameters)."""

from __future__ import annotations

from vending_app.ui.widgets import FormPage, RowsModel, fit_height, table


class ListFormPage(FormPage):
    """A form whose result refreshes a list above it (operators, tariffs...)."""

    columns: list = []

    def __init__(self, session, title, fields, submit, action, parent=None):
        super().__init__(session, title, fields, submit, action, parent=parent)
        self.list_model = RowsModel(self.columns)
        self.list_view = table(self.list_model)
        fit_height(self.list_view)
        self.layout_.insertWidget(self.layout_.count() - 1, self.list_view, 1)

    def activated(self) -> None:
        super().activated()
        self.refresh()

    def on_changed(self, changes) -> None:
        """The action changed the list (``shows``): it and the form's
        drop-downs read again, here or on whichever page made the change."""
        self.reload_choices()
        self.refresh()

    def refresh(self) -> None:
        self.session.tasks.run(self.rows, self.list_model.set_rows, self.fail)

    def rows(self) -> list:
        return []
