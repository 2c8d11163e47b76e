"""The station's translations: extract, check, compile.

    python scripts/i18n.py update    # refresh vending_app/resources/i18n/vending_zh_CN.ts from the code
    python scripts/i18n.py compile   # .ts -> .qm with pyside6-lrelease (the install step runs it)
    python scripts/i18n.py missing   # the strings still untranslated, as JSON to fill in
    python scripts/i18n.py merge F   # take the translations in F (that JSON, filled in)

Three contexts go into the .ts file:
  ""        the window's own text: every ``tr("...")`` call in vending_app/ui
  "errors"  the template of every VendingError the code raises and of every Note the
            core composes (the UI translates the template and fills in the values,
            see vending_app/ui/i18n.core_text)
  "params"  the system parameters' descriptions
The strings are found with Python's own parser, so implicitly joined literals
come out exactly as Python joins them (pyside6-lupdate neither sees the
core's error templates nor joins such literals). Existing translations are
kept; strings no longer in the code are dropped.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "vending_app" / "resources" / "i18n" / "vending_zh_CN.ts"
ERROR_DIRS = ["vending_app", "cards", "receipts", "db", "meterlink"]
ERROR_CLASSES = {"VendingError", "ValidationError", "NotFound", "Conflict", "StateError",
                 "LimitExceeded", "PermissionDenied", "AuthenticationFailed", "CardWriteError",
                 "CardError", "NoReader", "ReaderBusy", "NoCard", "CardRemoved", "WrongCardType",
                 "CardFormatError", "CardAuthError", "CardStatusError", "PrintError", "CliError",
                 "Note", "MeterLinkError", "NoAnswer", "MeterRefused", "FrameError",
                 "HeldElsewhere", "DatabaseUnusable", "MaintenanceError", "CardInUse",
                 "OverwriteNeeded", "StorageFull", "StorageReadOnly", "StorageLocked", "DiskFull",
                 "DatabaseLocked", "CardUntouched", "CardBlocked", "CardBound", "CardPscRefused",
                 "UpgradeFailed", "NewerDatabase", "UpgradeRestored", "ImportRefused",
                 "ReportTorn"}


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _name(func) -> str:
    return func.id if isinstance(func, ast.Name) else (
        func.attr if isinstance(func, ast.Attribute) else "")


def extract() -> dict[str, list[str]]:
    found: dict[str, dict[str, None]] = {"": {}, "errors": {}, "params": {}}
    for folder in ERROR_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            ui = "vending_app/ui" in path.as_posix()
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name, text = _name(node.func), _literal(node.args[0])
                if ui and name == "tr" and text:
                    found[""][text] = None
                elif name in ERROR_CLASSES and text and name != "CliError":
                    found["errors"][text] = None
                elif name == "__init__" and text and "super" in ast.unparse(node.func):
                    found["errors"][text] = None  # an error class with a fixed message
                elif name == "Param" and len(node.args) >= 4 and _literal(node.args[3]):
                    found["params"][_literal(node.args[3])] = None
    return {k: list(v) for k, v in found.items()}


def load(path: Path = TS) -> dict[tuple[str, str], str]:
    if not path.exists():
        return {}
    out = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            out[(name, m.findtext("source"))] = m.findtext("translation") or ""
    return out


def write(strings: dict[str, list[str]], known: dict[tuple[str, str], str],
          path: Path = TS) -> int:
    root = ET.Element("TS", version="2.1", language="zh_CN", sourcelanguage="en")
    missing = 0
    for ctx, sources in strings.items():
        c = ET.SubElement(root, "context")
        ET.SubElement(c, "name").text = ctx
        for source in sources:
            m = ET.SubElement(c, "message")
            ET.SubElement(m, "source").text = source
            t = ET.SubElement(m, "translation")
            text = known.get((ctx, source), "")
            if text:
                t.text = text
            else:
                t.set("type", "unfinished")
                missing += 1
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                    + ET.tostring(root, encoding="unicode") + "\n", encoding="utf-8")
    return missing


def compile_qm() -> Path:
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    qm = TS.with_suffix(".qm")
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(qm)], check=True)
    return qm


def _missing_or_merge(command: str, args: list[str]) -> int:
    """Untranslated strings out as {context: {source: ""}}; filled in, back in."""
    import json
    strings, known = extract(), load()
    if command == "missing":
        todo = {ctx: {s: "" for s in sources if not known.get((ctx, s))}
                for ctx, sources in strings.items()}
        print(json.dumps({k: v for k, v in todo.items() if v}, ensure_ascii=False, indent=1))
        return 0
    filled = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    for ctx, pairs in filled.items():
        known.update({(ctx, s): t for s, t in pairs.items() if t})
    missing = write(strings, known)
    print(f"{TS.relative_to(ROOT)}: {missing} untranslated")
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "compile"
    if command == "update":
        strings = extract()
        missing = write(strings, load())
        total = sum(map(len, strings.values()))
        print(f"{TS.relative_to(ROOT)}: {total} strings, {missing} untranslated")
        return 0
    if command in ("missing", "merge"):
        return _missing_or_merge(command, argv[1:])
    if command == "compile":
        print(f">> translations compiled: {compile_qm().relative_to(ROOT)}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
