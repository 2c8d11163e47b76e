"""The station's version, read from the installed distribution's metadata,
so a checkout, a wheel and the bundle (which carries that metadata) say the
same as setup.cfg."""

from __future__ import annotations

from importlib import metadata

DISTRIBUTION = "vending-station"


def version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"
