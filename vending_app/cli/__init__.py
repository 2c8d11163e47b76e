"""vending-station-cli: the station's services without a window.

For administration, scripting, the demo and tests. Every command signs in
as an operator (``--operator`` or VENDING_OPERATOR; the password from
VENDING_PASSWORD, ``--password-stdin`` or a prompt), so the permission
matrix and the audit log apply exactly as at the counter. Errors print one
line and exit non-zero.

Each command group is a module of this package with a ``register``
function that adds its commands; what they share is in ``common``.
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import OperationalError

from db.maintenance import MaintenanceError
from vending_app import applog
from vending_app.cli import (
    analyses,
    cards,
    catalog,
    customer_care,
    customers,
    database,
    documents,
    moving_in,
    office,
    operators,
    paperwork,
    sales,
    shifts,
    simulator,
)
from vending_app.cli.common import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_OK,
    CliError,
    database_error,
    resolve_station,
)
from vending_app.core.errors import VendingError

GROUPS = (database, operators, sales, simulator, catalog, office, customers, customer_care,
          shifts, documents, cards, analyses, paperwork, moving_in)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vending-station-cli", description=__doc__.split("\n\n")[0])
    p.add_argument("--db", help="SQLAlchemy URL (default: VENDING_DB_URL, else the local file)")
    p.add_argument("--station", help="this station's code (default: VENDING_STATION, else the "
                   "set-up file's, else S01)")
    p.add_argument("--operator", help="sign in as this operator")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.add_argument("--version", action="store_true", help="the station's version and the schema "
                   "revision of its database (--db), then exit")
    sub = p.add_subparsers(dest="command", required=True)
    for module in GROUPS:
        module.register(sub)
    return p


def print_version(argv: list[str]) -> bool:
    """``--version`` needs no command (argparse wants one), and reads --db
    wherever it stands: so it is looked for before the real parse."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--db")
    pre.add_argument("--version", action="store_true")
    known, _ = pre.parse_known_args(argv)
    if not known.version:
        return False
    from vending_app.core.about import version_info_at
    print("\n".join(version_info_at(known.db).lines()))
    return True


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if print_version(argv):
        return EXIT_OK
    args = build_parser().parse_args(argv)
    applog.setup("cli")
    what = "command " + args.fn.__name__.removeprefix("cmd_").replace("_", " ")
    try:
        resolve_station(args)
        applog.opening(args.station, args.db, what)
        return args.fn(args) or EXIT_OK
    except (VendingError, CliError, MaintenanceError) as e:
        applog.failure(what, e, known=True)
        print(f"error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except OperationalError as e:
        applog.failure(what, e)
        print(f"error: {database_error(args.db, e)}", file=sys.stderr)
        return EXIT_ERROR
    except EOFError:  # a prompt (a new password) on a closed or empty stdin
        print("error: the input ended before a password was typed: set VENDING_NEW_PASSWORD "
              "or run the command in a terminal", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # noqa: BLE001 - one line here, the traceback in the log
        applog.failure(what, e)
        print(f"error: unexpected {type(e).__name__}: {e} (the details are in the log: "
              f"{applog.log_path()})", file=sys.stderr)
        return EXIT_FAILED
