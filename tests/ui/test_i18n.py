"""The Simplified Chinese translation is complete, keeps every placeholder,
and the window speaks it: menus, status, the core's errors, numbers."""

import string
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.conftest import banner, idle, sign_in
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


def test_the_window_in_chinese(desk, settings, qtbot):
    controller = Controller(desk.core, settings, language="zh_CN")
    controller.start()
    try:
        assert controller.login.windowTitle() == "售电站S01：登录"
        window = sign_in(qtbot, controller, "seller")
        titles = [a.text() for a in window.menuBar().actions()]
        assert "售电(&S)" in titles and "辅助(&X)" in titles
        assert window.operator_label.text().endswith("(售电员)")
        sale = window.page("sale")
        with qtbot.waitSignal(sale.card_read, timeout=15000):
            desk.slot.insert(desk.card)
        idle(qtbot, sale)
        qtbot.keyClicks(sale.kwh_edit, "1234.5")
        qtbot.waitUntil(lambda: "合计" in sale.quote_label.text(), timeout=10000)
        assert "¥652.19" in sale.quote_label.text()  # 2160 kWh tier 1 at 0.5283
        qtbot.keyClick(sale.kwh_edit, Qt.Key.Key_Return)
        idle(qtbot, sale)
        assert "售电前请先开班。" in banner(sale)  # the core's error, translated
    finally:
        controller.stop()
