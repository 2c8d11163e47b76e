"""The Simplified Chinese translation is complete, keeps every placeholder,
and the window speaks it: menus, status, the core's errors and notes, numbers."""

import string
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cards.errors import CardStatusError
from receipts.printers import print_invoice
from tests.ui.conftest import banner, idle, read_card, sign_in, type_sale
from vending_app.core.errors import Note, VendingError
from vending_app.core.money import parse_kwh
from vending_app.ui import i18n
from vending_app.ui.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import i18n as catalogue  # noqa: E402 - the project's own extractor


def fields(text: str) -> list[str]:
    return sorted(p[1] for p in string.Formatter().parse(text) if p[1])


def test_every_string_in_the_code_is_translated_with_its_placeholders():
    strings = catalogue.extract()
    known = catalogue.load()
    for ctx, sources in strings.items():
        for source in sources:
            translation = known.get((ctx, source))
            assert translation, f"untranslated ({ctx!r}): {source!r}"
            assert fields(translation) == fields(source), (source, translation)
    assert sum(map(len, strings.values())) > 400
    assert catalogue.TS.with_suffix(".qm").exists(), "run scripts/i18n.py compile"


def test_no_string_the_window_shows_hedges_its_plural():
    """"1 purchase", "3 purchases": never "purchase(s)", in the window's own
    text or in what it shows from the core."""
    import ast
    hedged = []
    for path in (catalogue.ROOT / "vending_app").rglob("*.py"):
        if "cli" in path.relative_to(catalogue.ROOT / "vending_app").parts:
            continue  # the command line prints its own text; the window never shows it
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                text = catalogue._literal(node.args[0]) or ""
                if "(s)" in text or "(es)" in text:
                    hedged.append(f"{path.name}: {text}")
    assert hedged == []


def test_the_window_in_chinese(desk, settings, qtbot):
    controller = Controller(desk.core, settings, language="zh_CN")
    controller.start()
    try:
        assert controller.login.windowTitle() == "售电站S01：登录"
        window = sign_in(qtbot, controller, "seller")
        titles = [a.text() for a in window.menuBar().actions()]
        assert "售电(&S)" in titles and "辅助(&X)" in titles and titles[0] == "操作员(&O)"
        assert all(t.endswith(")") and "(&" in t for t in titles), titles  # 文件(&F) style
        assert window.operator_label.text().endswith("(售电员)")
        sale = window.page("sale")
        with qtbot.waitSignal(sale.card_read, timeout=15000):
            desk.slot.insert(desk.card)
        idle(qtbot, sale)
        qtbot.keyClicks(sale.buy_edit, "1234.5")
        qtbot.waitUntil(lambda: "合计" in sale.quote_label.text(), timeout=10000)
        assert "¥652.19" in sale.quote_label.text()  # 2160 kWh tier 1 at 0.5283
        assert sale.total_label.text() == "¥652.19"
        qtbot.keyClick(sale.buy_edit, Qt.Key.Key_Tab)
        qtbot.keyClicks(sale.tendered_edit, "700")
        assert sale.change_label.text() == "¥47.81"
        qtbot.keyClick(sale.tendered_edit, Qt.Key.Key_Return)
        idle(qtbot, sale)
        assert "售电前请先开班。" in banner(sale)  # the core's error, translated
    finally:
        controller.stop()


def test_core_notes_are_translated_with_their_values(qapp):
    i18n.install("zh_CN")
    try:
        settled = Note("purchase {seq} was on the card: committed as receipt {receipt}",
                       seq=3, receipt="S01-00000007")
        assert str(settled).startswith("purchase 3")  # English for the log and the CLI
        assert i18n.core_text(settled) == "第 3 次购电已在卡上：已确认，票据号 S01-00000007"
        # a note inside an error's values is translated too
        assert "卡已锁定" in i18n.error_text(CardStatusError(0x6983, "READ BINARY"))
        assert i18n.core_text(print_invoice(None, "none")) == "未打印（打印已关闭）"
        assert i18n.core_text("plain text") == "plain text"
        # the field a bad number was typed in is named in Chinese too (it read "Energy")
        with pytest.raises(VendingError) as bad:
            parse_kwh("0")
        assert "电量" in i18n.error_text(bad.value) and "Energy" not in i18n.error_text(bad.value)
        # a card pulled mid-write: the reader's own words inside are Chinese too
        from cards.errors import CardRemoved, CardWriteError
        pulled = CardRemoved("The card was removed while the station was using it ({what}). "
                             "Put it back.", what="write the card")
        said = i18n.error_text(CardWriteError(
            "The card was removed or failed while being written ({e}). Put it back: the station "
            "will check what it holds.", e=Note.of(pulled)))
        assert "写卡时" in said and "removed" not in said, said
    finally:
        i18n.install("en")
    assert i18n.core_text(settled) == str(settled)


def test_a_card_pulled_mid_sale_is_explained_in_chinese(desk, settings, qtbot):
    desk.core.shifts.open(desk.office.seller, "0")
    controller = Controller(desk.core, settings, language="zh_CN")
    controller.start()
    try:
        window = sign_in(qtbot, controller, "seller")
        sale = read_card(qtbot, window, desk, vanish_at=5, vanish_mode="after")
        type_sale(qtbot, sale, "40")
        idle(qtbot, sale)
        desk.slot.wait_vanished()
        sale = read_card(qtbot, window, desk)  # back: what the card holds settles the sale
        text = banner(sale)
        assert "第 1 次购电已在卡上：已确认，票据号 S01-00000001" in text, text
        assert "有 1 次购电尚未在电表上生效" in text, text
        assert "purchase" not in text, text
    finally:
        controller.stop()


def test_a_field_named_inside_a_sentence_starts_small(qapp):
    """A blank count said "Enter Counted cash." (the field's label, capital
    and all, mid-sentence): the CLI's English and the window say it alike,
    an abbreviation keeps its capitals, and Chinese still names the field."""
    from vending_app.core.money import parse_money, plain_number
    from vending_app.core.validation import name
    cases = [(lambda: parse_money(" ", "Counted cash"), "Enter the counted cash.", "请输入清点现金。"),
             (lambda: name("", "Full name"), "Enter the full name.", "请输入姓名。"),
             (lambda: plain_number("", "ID number"), "Enter the ID number.", None)]
    i18n.install("en")
    for call, english, chinese in cases:
        with pytest.raises(VendingError) as blank:
            call()
        assert str(blank.value) == english  # what the CLI prints
        assert i18n.error_text(blank.value) == english
        if chinese:
            i18n.install("zh_CN")
            try:
                assert i18n.error_text(blank.value) == chinese
            finally:
                i18n.install("en")
