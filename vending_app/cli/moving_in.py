"""Moving in from the old system: check a customer file (dry run), import it
whole or not at all, list the imports and the cards their meters still
need, and export the customers in the same columns.

A file's problems are printed one line each, the first SHOWN (100) of them,
then a count of the rest: a refused file of 50,000 customers can have
100,000 problems, megabytes no one reads in a terminal. ``--show 0``
prints every one (to a file: ``2> problems.txt``)."""

from __future__ import annotations

import sys
from pathlib import Path

from receipts.table_file import read_table, write_table
from vending_app.cli.common import CliError, command, group, print_rows, session, whole_arg
from vending_app.core.moving_in import ImportRefused
from vending_app.operations import customer_care as care

SHOWN = 100


def _print_problems(problems, show: int, out=None) -> None:
    """The first ``show`` problems (all when 0), then how many are left out."""
    out = out or sys.stderr
    shown = problems if not show else problems[:show]
    out.write("".join(f"row {p.row}, {p.column or 'file'}: {p.problem} {p.fix}\n"
                      for p in shown))
    if len(shown) < len(problems):
        print(f"... and {len(problems) - len(shown)} more problems (--show 0 prints them all)",
              file=out)


def cmd_import_check(args):
    core, actor = session(args)
    check = core.moving_in.dry_run(actor, read_table(args.file))
    _print_problems(check.problems, args.show, sys.stdout)
    if not check.ok:
        raise CliError(f"{len(check.problems)} problems in {check.rows} rows: fix them and "
                       "check again (nothing was imported)")
    print(f"{check.rows} rows: {check.customers} customers, {check.meters} meters, "
          "ready to import")


def cmd_import_commit(args):
    core, actor = session(args)
    try:
        import_id = care.import_customers(core, actor, Path(args.file).name,
                                           read_table(args.file)).value
    except ImportRefused as e:
        _print_problems(e.check.problems, args.show)
        raise CliError(f"{len(e.check.problems)} problems: nothing was imported") from None
    summary = next(i for i in core.moving_in.imports(actor) if i.import_id == import_id)
    print(f"import {import_id}: {summary.customers} customers, {summary.meters} meters; "
          f"{summary.cards_to_issue} cards to issue ('import cards-to-issue --import "
          f"{import_id}')")


def cmd_import_list(args):
    core, actor = session(args)
    print_rows(core.moving_in.imports(actor))


def cmd_import_cards(args):
    core, actor = session(args)
    print_rows(core.moving_in.cards_to_issue(actor, args.import_id, args.limit))


def cmd_import_export(args):
    core, actor = session(args)
    table = core.moving_in.export(actor)
    write_table(Path(args.file), table.header, table.rows)
    print(f"{len(table.rows)} rows written to {args.file}")


def cmd_import_sample(args):
    """The sample customer file, to fill in or to try an import with; no
    sign-in (it holds no office's data)."""
    from vending_app.resources import SAMPLE_KINDS, save_sample
    target = Path(args.file)
    if target.suffix.lower() not in SAMPLE_KINDS:
        raise CliError(f"{args.file}: name a .csv or .xlsx file")
    if target.exists():
        raise CliError(f"{args.file} exists already: name a new file")
    save_sample(target)
    print(f"sample written to {args.file}: one row a meter, in the columns 'import check' reads")


def register(sub) -> None:
    g = group(sub, "import", "moving in: customers and meters from the old system (CSV, XLSX)")
    c = command(g, "check", cmd_import_check, "dry run: every row's problem, nothing imported")
    c.add_argument("file")
    _show_arg(c)
    c = command(g, "commit", cmd_import_commit, "import the whole file, or nothing")
    c.add_argument("file")
    _show_arg(c)
    command(g, "list", cmd_import_list, "the imports done (CSV)")
    c = command(g, "cards-to-issue", cmd_import_cards,
                "imported meters still waiting for their first card (CSV)")
    c.add_argument("--import", dest="import_id", type=whole_arg)
    c.add_argument("--limit", type=whole_arg, default=1000)
    c = command(g, "export", cmd_import_export, "the customers in the import's columns")
    c.add_argument("file", help="a .csv or .xlsx file to write")
    c = command(g, "sample", cmd_import_sample,
                "write the sample customer file (the import's columns, a few rows)")
    c.add_argument("file", help="a new .csv or .xlsx file")


def _show_arg(c) -> None:
    c.add_argument("--show", type=whole_arg, default=SHOWN, metavar="N",
                   help=f"print the first N problems, one line each, then a count of the rest "
                   f"(default {SHOWN}; 0: print every problem)")
