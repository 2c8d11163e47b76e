"""F1: the operator's manual at the page the clerk is on, in the window's
language.

The manual opens in a help window of the station's own (a QTextBrowser on
the manual's HTML page), not in the system's web browser: a counter PC may
have no browser set up, or a locked-down desktop, and the office works
offline; the help window needs neither, shows the Chinese in the window's
font, stays beside the window, and can be asked which section it shows.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QTextBrowser, QVBoxLayout

from vending_app.manual import html_page
from vending_app.ui.i18n import tr

# The window's pages (main_window.page_specs keys) to the manual's sections
# (the {#anchor} of a heading in docs/manual/<language>/*.md; both languages
# use the same anchors). A page not listed opens the start of the manual.
PAGE_SECTIONS = {
    "sale": "sale", "shift": "shift", "search": "search", "reprint": "reprint",
    "reversal": "reversal", "open_account": "open-account", "pair_issue": "pair-issue",
    "replace_meter": "replace-meter", "reissue": "reissue", "close_account": "close-account",
    "charges": "charges", "adjustment": "adjustment", "quota": "adjustment",
    "tool_cards": "tool-cards", "master_readings": "master-readings", "keys": "keys",
    "operators": "operators", "tariffs": "tariffs", "catalog": "catalog",
    "parameters": "parameters", "approvals": "approvals", "monitor": "monitor",
    "messages": "messages", "station": "station", "audit": "audit", "database": "database",
    "password": "password", "reports": "reports", "sales_detail": "sales-detail",
    "suspicious": "suspicious", "line_loss": "line-loss", "diagnostics": "diagnostics",
    "edit_customer": "customer-edit", "owner": "customer-edit", "category": "customer-edit",
    "team": "customer-edit", "suspension": "suspension", "unpair": "unpair",
    "moving_in": "moving-in", "refund": "refund", "statement": "statement",
    "sales_search": "sales-search", "daily_report": "daily-report", "call_list": "call-list",
    "tariff_preview": "tariff-preview",
}
START = "start"


def window_language() -> str:
    """The language the window was installed in (i18n.install sets the default locale)."""
    return "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"


def section_url(page_key: str | None, language: str | None = None) -> QUrl | None:
    """The manual's page, at the section for ``page_key``; None without a manual."""
    page = html_page(language or window_language())
    if page is None:
        return None
    url = QUrl.fromLocalFile(str(page))
    url.setFragment(PAGE_SECTIONS.get(page_key or "", START))
    return url


class HelpWindow(QDialog):
    """The manual beside the station's window; Esc closes it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("help_window")
        self.setWindowTitle(tr("Operator's manual"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.resize(800, 640)
        self.browser = QTextBrowser(objectName="help_browser")
        self.browser.setOpenExternalLinks(False)
        self.missing = QLabel(tr("The operator's manual is not installed on this computer."),
                              objectName="help_missing")
        self.missing.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.missing)
        layout.addWidget(self.browser)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)

    def show_section(self, page_key: str | None) -> QUrl | None:
        url = section_url(page_key)
        self.missing.setVisible(url is None)
        self.browser.setVisible(url is not None)
        if url is not None:
            self.browser.setSource(url)
            self.browser.scrollToAnchor(url.fragment())
        self.show()
        self.raise_()
        self.activateWindow()
        return url


def page_key(window) -> str | None:
    """The key of the page the main window shows (its pages are named page_<key>)."""
    page = window.current()
    name = page.objectName() if page is not None else ""
    return name.removeprefix("page_") or None
