"""The seller's shift: open it with a float, X figures so far, and the
blind count that closes it with the Z figures."""

from __future__ import annotations

from vending_app.cli.common import command, group, print_rows, session
from vending_app.operations import shifts as ops


def cmd_shift_open(args):
    core, actor = session(args)
    shift = ops.open_shift(core, actor, args.float).value
    print(f"shift {shift} open")


def cmd_shift_x(args):
    core, actor = session(args)
    print_rows([core.shifts.x_report(actor)])


def cmd_shift_close(args):
    core, actor = session(args)
    print_rows([ops.close_shift(core, actor, args.counted, args.note).value])


def register(sub) -> None:
    g = group(sub, "shift", "the seller's shift")
    c = command(g, "open", cmd_shift_open, "open a shift")
    c.add_argument("--float", required=True)
    command(g, "x", cmd_shift_x, "X report: figures so far (CSV)")
    c = command(g, "close", cmd_shift_close, "blind count and close: Z figures (CSV)")
    c.add_argument("--counted", required=True)
    c.add_argument("--note", default="")
