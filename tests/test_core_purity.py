"""The layers keep their direction (shared architecture): the domain core is
free of Qt, the card reader library, PDF drawing and the card, meter-link,
printing and window packages, so it runs (and is tested) with none of them;
it reaches cards only through the interface it owns (core/card_station.py).
The window reaches the database only through the core, and receipts draw
plain data from the core, never ORM sessions."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "vending_app" / "core"
UI = ROOT / "vending_app" / "ui"
RECEIPTS = ROOT / "receipts"

LIBRARIES = {"PySide6", "smartcard", "reportlab", "escpos", "serial"}


def imported(path: Path) -> list[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return names


def offenders(folder: Path, forbidden) -> list[str]:
    files = list(folder.rglob("*.py"))
    assert len(files) > 5, folder
    return sorted(f"{p.relative_to(ROOT)}: {n}" for p in files for n in imported(p)
                  if forbidden(n))


def top(name: str) -> str:
    return name.split(".")[0]


def test_core_imports_no_ui_card_or_printing_library():
    assert len(list(CORE.rglob("*.py"))) > 10
    assert offenders(CORE, lambda n: top(n) in LIBRARIES) == []


def test_core_imports_neither_cards_ui_receipts_nor_meterlink():
    def outward(n):
        return top(n) in {"cards", "receipts", "meterlink"} or n.startswith("vending_app.ui")
    assert offenders(CORE, outward) == []


def test_receipts_import_no_database():
    assert offenders(RECEIPTS, lambda n: top(n) in {"db", "sqlalchemy"}) == []


def test_the_window_imports_no_database():
    assert offenders(UI, lambda n: top(n) == "db") == []


def test_the_checks_see_imports_inside_functions(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from db.models import Role\n    import cards.format\n")
    assert imported(probe) == ["db.models", "cards.format"]
