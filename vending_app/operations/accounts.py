"""The clerk's actions on customers: accounts, meters, cards, charges."""

from __future__ import annotations

from vending_app.core.card_station import CardStation
from vending_app.operations import Changed, OpResult, changed

CUSTOMERS = Changed.CUSTOMERS


def open_account(core, actor, name: str, id_number: str, phone: str, address: str, team: str,
                 category: str) -> OpResult[str]:
    return changed(core.accounts.open_account(actor, name, id_number, phone, address, team,
                                              category), CUSTOMERS)


def pair_meter(core, actor, account: str, meter: str, meter_type, ct=1, pt=1,
               threshold=None) -> OpResult[int]:
    return changed(core.accounts.pair_meter(actor, account, meter, meter_type, ct, pt,
                                            threshold), CUSTOMERS)


def close_account(core, actor, account: str, remaining: dict[str, str], reason: str) -> OpResult:
    """A refund is cash out of the drawer: the shift changes too."""
    return changed(core.accounts.close_account(actor, account, remaining, reason),
                   CUSTOMERS | Changed.SALES | Changed.SHIFTS)


def add_charge(core, actor, account: str, description: str, amount, percent) -> OpResult[int]:
    return changed(core.accounts.add_charge(actor, account, description, amount, percent),
                   CUSTOMERS)


def issue_card(core, actor, meter: str, station: CardStation, overwrite: bool = False,
               reason: str | None = None) -> OpResult[str]:
    """A first card, or (with a reason) a new card for a lost one."""
    if reason is None:
        serial = core.cards.issue_card(actor, meter, station, overwrite)
    else:
        serial = core.cards.reissue_card(actor, meter, station, reason, overwrite)
    return changed(serial, CUSTOMERS)


def replace_meter(core, actor, station: CardStation, old: str, new: str, meter_type, remaining,
                  reason: str, ct=1, pt=1, confirmed: bool = False,
                  registers=None) -> OpResult:
    """``registers``: the old meter's own, read over a probe (else None)."""
    return changed(core.fieldwork.replace_meter(actor, station, old, new, meter_type, remaining,
                                                reason, ct, pt, registers=registers,
                                                remaining_confirmed=confirmed),
                   CUSTOMERS)


def write_tool_card(core, actor, station: CardStation, kind: str, meter: str, threshold=None,
                    cap=None, version=None, overwrite: bool = False) -> OpResult[str]:
    """A check, parameter (``threshold``, ``cap``) or key-change card
    (``version``: by default the newest key) for a meter."""
    fw, over = core.fieldwork, {"overwrite": overwrite}
    if kind == "check":
        serial = fw.issue_check_card(actor, meter, station, **over)
    elif kind == "params":
        serial = fw.issue_parameter_card(actor, meter, station, threshold, cap, **over)
    else:
        serial = fw.issue_key_change_card(actor, meter, station, version, **over)
    return changed(serial, Changed.NONE)
