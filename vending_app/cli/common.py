"""What every command group of vending-station-cli shares: signing in,
opening the core and the card station, argument types, printing rows and
documents, the station's data folder, and the exit codes.

Command group modules import from here and from the core, never from each
other, so a group can be read (and changed) on its own.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import getpass
import os
import signal
import sqlite3
import sys
from pathlib import Path

import platformdirs
from sqlalchemy.exc import OperationalError

import vending_app
from cards.keystore import CardKeyVault
from cards.vpcd_slot import VirtualSlot
from db.engine import APP_NAME, Database, resolve_url
from db.maintenance import STORAGE_CODES, error_code, sqlite_path, storage_error
from receipts.printers import parse_target, print_invoice
from vending_app import applog
from vending_app.core import validation
from vending_app.core.errors import ValidationError, echo
from vending_app.core.startup import load_config, station_url, storage_unusable
from vending_app.core.station import DEFAULT_STATION, StationCore

EXIT_OK = 0
EXIT_FAILED = 1  # an unexpected error, or a virtual meter that refused the card
EXIT_ERROR = 2  # a refused or mistaken command: one line on stderr
EXIT_NO_OPERATORS = 3  # 'status --has-operators' on a database nobody can sign in to

DATA = platformdirs.user_data_path(APP_NAME, appauthor=False)
# The folder that holds the vending_app package: a virtual card process runs from it.
SOURCE_ROOT = Path(vending_app.__file__).resolve().parents[1]


class CliError(Exception):
    pass


# --- argument types -------------------------------------------------------------

def day_arg(text: str):
    try:
        return validation.day(text)
    except ValidationError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def whole_arg(text: str) -> int:
    """Whole-number arguments in ASCII digits; int() would take '+5', '1_0' and '１０'."""
    try:
        return validation.whole(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{echo(text)}' is not a whole number") from None


# --- building the parser ----------------------------------------------------------

def command(parent, name: str, fn, help_: str) -> argparse.ArgumentParser:
    """A command that runs ``fn(args)`` (its name, less 'cmd_', names it in the log)."""
    c = parent.add_parser(name, help=help_)
    c.set_defaults(fn=fn)
    return c


def group(sub, name: str, help_: str):
    """A command group ('db', 'card', ...): the parent of its sub-commands."""
    return sub.add_parser(name, help=help_).add_subparsers(dest="sub", required=True)


# --- signing in, the core, the keys ------------------------------------------------

def signin_password(args) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    if os.environ.get("VENDING_PASSWORD"):
        return os.environ["VENDING_PASSWORD"]
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    raise CliError("no password: set VENDING_PASSWORD or pass --password-stdin")


def new_password(whose: str) -> str:
    """A password for an operator: VENDING_NEW_PASSWORD, else a prompt on the
    terminal; with neither, a clear error rather than an EOFError."""
    if os.environ.get("VENDING_NEW_PASSWORD"):
        return os.environ["VENDING_NEW_PASSWORD"]
    if sys.stdin.isatty():
        return getpass.getpass(f"{whose}: ")
    raise CliError("no new password: set VENDING_NEW_PASSWORD (there is no terminal to ask on)")


def key_passphrase() -> str:
    if os.environ.get("VENDING_KEY_PASSPHRASE"):
        return os.environ["VENDING_KEY_PASSPHRASE"]
    if sys.stdin.isatty():
        return getpass.getpass("Key passphrase: ")
    raise CliError("no key passphrase: set VENDING_KEY_PASSPHRASE")


def open_core(args) -> StationCore:
    return StationCore(Database(args.db), args.station, key_vault=CardKeyVault())


def resolve_station(args) -> None:
    """--db and --station default to this station's set-up file, when there is one."""
    config = load_config()
    args.db = station_url(args.db, config)
    args.station = (args.station or os.environ.get("VENDING_STATION")
                    or (config.station if config else DEFAULT_STATION))


def sign_in(args, core: StationCore):
    login = args.operator or os.environ.get("VENDING_OPERATOR")
    if not login:
        raise CliError("sign in with --operator LOGIN (or set VENDING_OPERATOR)")
    return core.auth.login(login, signin_password(args))


def session(args):
    """Open the core and sign in: (core, actor)."""
    core = open_core(args)
    return core, sign_in(args, core)


def unlocked_keys(core, actor):
    return core.keys.unlock(actor, key_passphrase())


def card_session(args):
    """Sign in, unlock the keys, open the reader: (core, actor, card station)."""
    # Lazy: the card station loads pyscard and with it the PC/SC library,
    # which only the commands that use a reader need (and a PC may lack).
    from cards.station import PcscCardStation
    core, actor = session(args)
    station = PcscCardStation(unlocked_keys(core, actor), os.environ.get("VENDING_READER"))
    return core, actor, station


# --- the station's data folder ---------------------------------------------------

def card_path(name: str) -> Path:
    (DATA / "cards").mkdir(parents=True, exist_ok=True)
    return DATA / "cards" / f"{name}.json"


def meter_path(number: str) -> Path:
    (DATA / "meters").mkdir(parents=True, exist_ok=True)
    return DATA / "meters" / f"{number}.json"


def virtual_card_pidfile() -> Path:
    return DATA / "virtual-card.pid"


def take_out_virtual_card() -> bool:
    """Stop the virtual card process in the virtual reader, if one runs
    there, and wait until the reader sees no card; False if there was none."""
    pid = virtual_card_pidfile()
    if not pid.exists():
        return False
    with contextlib.suppress(ProcessLookupError, ValueError):
        os.kill(int(pid.read_text()), signal.SIGTERM)
    pid.unlink()
    VirtualSlot.wait_present(False, 15)
    return True


def document_path(out: str | None, default_name: str) -> Path:
    """Where a document is written: --out, else the station's documents folder."""
    if out:
        return Path(out)
    folder = DATA / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / default_name


# --- output -----------------------------------------------------------------------

def print_rows(rows, out=None) -> None:
    out = out or sys.stdout
    rows = list(rows)
    writer = csv.writer(out, lineterminator="\n")
    if not rows:
        return
    first = rows[0]
    fields = ([f.name for f in dataclasses.fields(first)] if dataclasses.is_dataclass(first)
              else list(first.keys()))
    writer.writerow(fields)
    for r in rows:
        d = dataclasses.asdict(r) if dataclasses.is_dataclass(r) else r
        writer.writerow(["|".join(v) if isinstance(v, tuple) else v for v in (d[f] for f in fields)])


def deliver_invoice(core, actor, receipt_no: str, copy: bool = False, paper: str | None = None,
                    out: str | None = None) -> str:
    """Print the invoice where this station's settings say; with 'preview'
    (no window here) it is written as a PDF. A failure leaves the sale as it
    is: the message says how to print again."""
    # Lazy: reportlab takes a good part of a second to load; only the
    # commands that make a document pay for it.
    from receipts.invoice_pdf import invoice_pdf
    inv, printer, station_paper = core.documents.invoice_to_print(actor, receipt_no, copy)
    target, paper = parse_target(printer), paper or station_paper
    if target.kind == "preview" or out:
        path = document_path(out, f"invoice-{receipt_no}{'-copy' if copy else ''}.pdf")
        path.write_bytes(invoice_pdf(inv, paper))
        return f"invoice written to {path}"
    return print_invoice(inv, target, paper)


def write_sheet(args, sheet, name: str) -> None:
    """A report sheet in --format: a file, or CSV on stdout without --out."""
    # Lazy, each where it is used: reportlab and openpyxl take a good part
    # of a second to load, and a command needs one of them at most.
    fmt = args.format
    path = document_path(args.out, f"{name}.{fmt}")
    if fmt == "pdf":
        from receipts.sheet_pdf import sheet_pdf
        path.write_bytes(sheet_pdf(sheet))
    elif fmt == "xlsx":
        from receipts.export import sheet_xlsx
        path.write_bytes(sheet_xlsx(sheet))
    else:
        from receipts.export import sheet_csv
        if not args.out:
            sys.stdout.write(sheet_csv(sheet))
            return
        path.write_text(sheet_csv(sheet), encoding="utf-8")
    print(f"{sheet.title_en} written to {path}")


def database_error(db: str | None, e: OperationalError) -> str:
    """A SQLite file that fails mid-command (a full disk, a read-only mount,
    a lock) gets the same message and advice as at start."""
    url = resolve_url(db)
    path = sqlite_path(url)
    if path is not None and isinstance(e.orig, sqlite3.Error) \
            and error_code(e.orig) in STORAGE_CODES:
        return str(storage_unusable(storage_error(e.orig, path)))
    return f"cannot use the database {applog.mask_url(url)}: {e.orig}"
