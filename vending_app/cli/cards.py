"""Cards in the reader: virtual cards in the virtual reader, issuing and
reading customer cards, replacing a meter, and the tool cards (check,
parameter and key-change cards).

Keys are unlocked with the passphrase in VENDING_KEY_PASSPHRASE (or a
prompt). Virtual card images live in the station's data folder.
"""

from __future__ import annotations

import os
import subprocess

from cards.errors import NoReader
from cards.vpcd_slot import VirtualSlot
from meterlink.serial_link import SerialMeterLink
from vending_app.cli.common import (
    SOURCE_ROOT,
    card_path,
    card_session,
    command,
    group,
    take_out_virtual_card,
    virtual_card_pidfile,
    whole_arg,
)
from vending_app.operations import accounts as ops


def cmd_card_insert(args):
    """Start a virtual card process in the virtual reader (in the background)."""
    take_out_virtual_card()
    slot = VirtualSlot()
    if slot.occupied():
        raise NoReader("Another virtual card is in the virtual reader (put in from another "
                       "user's session): take that one out first.")
    image = card_path(args.name)
    if args.blank:  # a new card straight from the box: the old image of that name goes
        image.unlink(missing_ok=True)
    cmd = slot._command(image, args.vanish_at, args.vanish_mode, kind=args.kind)
    proc = subprocess.Popen(cmd, env={**os.environ, "PYTHONPATH": str(SOURCE_ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        slot.wait_arrived(proc, 15)
    except NoReader:
        proc.wait(5)
        raise
    virtual_card_pidfile().write_text(str(proc.pid))
    print(f"card '{args.name}' inserted ({image})")


def cmd_card_remove(args):
    print("card removed" if take_out_virtual_card() else "no virtual card in the reader")


def cmd_card_issue(args):
    core, actor, station = card_session(args)
    serial = ops.issue_card(core, actor, args.meter, station, args.overwrite,
                            reason=args.reason or None).value
    print(f"card {serial} issued for meter {args.meter}")


def cmd_card_read(args):
    core, actor, station = card_session(args)
    check = core.cards.present(actor, station)
    print(f"card {check.card_serial} ({check.chip}): account {check.account_no} {check.customer_name}, "
          f"meter {check.meter_number} (multiplier {check.multiplier})")
    if check.report:
        r = check.report
        print(f"meter report #{r.counter}: remaining {r.remaining_kwh} kWh, cumulative "
              f"{r.cumulative_kwh} kWh, last purchase applied {r.last_seq}, events {r.events}")
    for line in check.settled:
        print(f"settled: {line}")
    for kind, text in check.anomalies:
        print(f"anomaly ({kind}): {text}")


def _probe_old_meter(port: str, meter: str):
    """The old meter's registers, read over a probe on it."""
    with SerialMeterLink(port) as link:
        registers = link.read_registers(meter)
    print(f"old meter read over {port}: {registers.energy_kwh} kWh used, "
          f"{registers.remaining_kwh if registers.remaining_kwh is not None else '?'} "
          "kWh left")
    return registers


def cmd_replace_meter(args):
    core, actor, station = card_session(args)
    registers = _probe_old_meter(args.probe, args.old) if args.probe else None
    r = ops.replace_meter(core, actor, station, args.old, args.new, args.type,
                          args.remaining, args.reason, args.ct, args.pt,
                          confirmed=args.confirm_remaining, registers=registers).value
    print(f"meter {r.old_meter} replaced by {r.new_meter}; card {r.card_serial} rewritten")
    print(f"moved {r.transfer_kwh} kWh (old meter showed {r.old_remaining_kwh}, unapplied "
          f"purchases {r.unapplied_kwh}); the card carries {r.secondary_kwh} kWh for the new "
          f"meter, {r.carry_kwh} kWh carried" + (f"; receipt {r.receipt_no}" if r.receipt_no
                                                 else ""))


def cmd_tool_issue(args):
    core, actor, station = card_session(args)
    serial = ops.write_tool_card(core, actor, station, args.kind, args.meter, args.threshold,
                                 args.cap, args.version, args.overwrite).value
    print(f"{args.kind} card {serial} written for meter {args.meter}")


def cmd_tool_read(args):
    core, actor, station = card_session(args)
    r = core.fieldwork.read_tool_card(actor, station)
    print(f"{r.kind} card {r.serial} for meter {r.meter_number}: "
          f"{'confirmed' if r.confirmed else 'not confirmed'}: {r.detail}")
    if r.remaining_kwh is not None:
        print(f"meter report: remaining {r.remaining_kwh} kWh, cumulative {r.cumulative_kwh} kWh")
    for text in r.anomalies:
        print(f"anomaly: {text}")


_OVERWRITE_HELP = ("write over a card that is not blank and not this office's "
                   "(never over a live customer card)")


def register(sub) -> None:
    g = group(sub, "tool", "tool cards: check, parameter and key-change cards")
    c = command(g, "issue", cmd_tool_issue, "write a tool card for a meter")
    c.add_argument("kind", choices=["check", "params", "key-change"])
    c.add_argument("meter")
    c.add_argument("--threshold", help="params: low-balance threshold, primary kWh")
    c.add_argument("--cap", help="params: credit cap, primary kWh (0: none)")
    c.add_argument("--version", type=whole_arg, help="key-change: target key version (default "
                   "newest)")
    c.add_argument("--overwrite", action="store_true", help=_OVERWRITE_HELP)
    command(g, "read", cmd_tool_read, "read a tool card back from the meter")
    g = group(sub, "card", "cards in the reader")
    _register_virtual_card(g)
    c = command(g, "issue", cmd_card_issue, "issue (or with --reason, reissue) the card of a "
                "meter")
    c.add_argument("meter")
    c.add_argument("--reason", help="reissue: why the old card is replaced")
    c.add_argument("--overwrite", action="store_true", help=_OVERWRITE_HELP)
    command(g, "read", cmd_card_read, "read the card: customer, meter report, anomalies")
    _register_replace_meter(g)


def _register_virtual_card(g) -> None:
    c = command(g, "insert", cmd_card_insert, "put a virtual card into the virtual reader")
    c.add_argument("name", nargs="?", default="customer")
    c.add_argument("--blank", action="store_true",
                   help="a blank card: start this image afresh (what it held is discarded)")
    c.add_argument("--vanish-at", type=whole_arg, help="pull the card at this APDU (fault "
                   "drill)")
    c.add_argument("--vanish-mode", choices=["before", "after", "torn"], default="before")
    c.add_argument("--kind", choices=["cpu", "sle4442", "sle4428"], default="cpu",
                   help="a new card's kind: a CPU card or an SLE4442 / SLE4428 memory card")
    command(g, "remove", cmd_card_remove, "take the virtual card out")


def _register_replace_meter(g) -> None:
    c = command(g, "replace-meter", cmd_replace_meter,
                "replace the meter of the card in the reader, moving its balance")
    c.add_argument("old")
    c.add_argument("new")
    c.add_argument("--type", default="single_phase",
                   choices=["single_phase", "three_phase", "three_phase_ct"])
    c.add_argument("--ct", default="1")
    c.add_argument("--pt", default="1")
    c.add_argument("--remaining", help="kWh the old meter shows (or read it with --probe)")
    c.add_argument("--probe", help="serial port of a probe on the old meter: read its balance")
    c.add_argument("--confirm-remaining", action="store_true",
                   help="the old meter does show --remaining, though it is under half of what "
                        "its last write-back reported")
    c.add_argument("--reason", required=True)
