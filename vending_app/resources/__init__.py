"""The files the station reads at run time, shipped inside the package so
that a wheel, an installed copy and the self-contained bundle all carry
them: the translations (``i18n/``: the .ts source and the compiled .qm),
the style sheet and the icon, the document font (``fonts/``, copied in by
scripts/build_resources.py) and sample import files (``samples/``).

They are found through ``importlib.resources``, never relative to a source
checkout. Qt and reportlab open files by name: the station is always
installed unzipped (a wheel, an editable checkout, the bundle), so a
resource is a real file.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def path(*parts: str) -> Path:
    """The resource at ``parts`` below this folder (it may not exist)."""
    node = resources.files(__name__)
    for part in parts:
        node = node / part
    return Path(str(node))


SAMPLE_KINDS = (".csv", ".xlsx")


def save_sample(target: Path) -> Path:
    """Write the moving-in sample (one customer file, as the import reads
    it) to ``target``: CSV or XLSX by its extension. An office gets it from
    the window (Accounts, Moving in: Save the sample file...) or the CLI
    ('import sample FILE'): the copy inside the installed station is not
    where anyone looks."""
    kind = target.suffix.lower()
    if kind not in SAMPLE_KINDS:
        raise ValueError(f"a sample is a .csv or .xlsx file, not {target.name!r}")
    target.write_bytes(path("samples", f"customers{kind}").read_bytes())
    return target
