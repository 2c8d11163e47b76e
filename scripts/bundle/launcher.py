"""The bundle's one program, under two names: ``vending-station`` (the
window) and ``vending-station-cli``, chosen by the name it was started as.

``-m cards.virtual_card ...`` runs the virtual card, as ``python -m`` would:
the CLI starts the virtual reader's card process as ``sys.executable -m
cards.virtual_card``, and in the bundle ``sys.executable`` is this program.
"""

import runpy
import sys
from pathlib import Path

RUNNABLE = {"cards.virtual_card"}


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "-m" and sys.argv[2] in RUNNABLE:
        module = sys.argv[2]
        sys.argv = [module, *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return 0
    if Path(sys.executable).stem.endswith("-cli"):
        from vending_app.cli import main as cli
        return cli()
    from vending_app.app import main as window
    return window()


if __name__ == "__main__":
    sys.exit(main())
