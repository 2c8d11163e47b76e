"""The domain core stays free of Qt, the card reader library and PDF drawing,
so it runs (and is tested) with none of them installed."""

import ast
from pathlib import Path

FORBIDDEN = {"PySide6", "smartcard", "reportlab", "escpos", "serial"}
CORE = Path(__file__).resolve().parents[1] / "vending_app" / "core"


def test_core_imports_no_ui_card_or_printing_library():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert len(list(CORE.rglob("*.py"))) > 10
    assert offenders == []
