"""The office's commands: the station registry, business monitoring,
station messages and the system parameters."""

from __future__ import annotations

import sys
import time

from vending_app.cli.common import command, group, open_core, print_rows, session, whole_arg
from vending_app.operations import admin as ops


def cmd_station_list(args):
    core, actor = session(args)
    snap = core.stations.monitor(actor)
    print_rows({"station": v.code, "name": v.name, "active": v.active, "online": v.online,
                "host": v.host, "operator": v.operator, "activity": v.activity,
                "shift_of": v.shift_operator, "sales_today": v.sales_today,
                "amount_today": v.amount_today, "kwh_today": v.kwh_today}
               for v in snap.stations)


def cmd_monitor(args):
    for i in range(args.times):
        if i:
            time.sleep(args.every)
        cmd_station_list(args)
        sys.stdout.flush()


def cmd_station_rename(args):
    core, actor = session(args)
    core.stations.rename(actor, args.code, args.name)
    print(f"station {args.code.upper()} is now '{args.name}'")


def cmd_station_enable(args):
    core, actor = session(args)
    core.stations.set_active(actor, args.code, args.sub == "enable")
    print(f"station {args.code.upper()} {args.sub}d")


def cmd_message_send(args):
    core, actor = session(args)
    kind = "notice" if args.notice else "question"
    mid = core.messages.send(actor, args.subject, args.body, args.to or "", kind, args.reply_to)
    print(f"message {mid} sent to {args.to.upper() if args.to else 'every station'}")


def cmd_message_list(args):
    core, actor = session(args)
    print_rows({"id": m.id, "kind": m.kind, "from": f"{m.from_station}/{m.from_login}",
                "to": m.to_station or "*", "sent_at": m.sent_at.isoformat(timespec="seconds"),
                "subject": m.subject, "read_here": m.read_here,
                "read_by": tuple(f"{r.station}/{r.login}" for r in m.read_by)}
               for m in core.messages.conversation(actor))


def cmd_message_read(args):
    core, actor = session(args)
    n = core.messages.mark_read(actor, args.ids)
    print(f"{n} message(s) marked read at {core.station_code}")


def cmd_param_set(args):
    core, actor = session(args)
    value = ops.set_parameter(core, actor, args.key, args.value, args.scope).value
    print(f"{args.key} = {value}")


def cmd_param_list(args):
    print_rows(open_core(args).catalog.parameters())


def register(sub) -> None:
    _register_stations(sub)
    _register_messages(sub)
    g = group(sub, "param", "system parameters")
    c = command(g, "set", cmd_param_set, "set a parameter")
    c.add_argument("key")
    c.add_argument("value")
    c.add_argument("--scope", default="", help="a station code for a per-station override")
    command(g, "list", cmd_param_list, "list parameters (CSV)")


def _register_stations(sub) -> None:
    g = group(sub, "station", "the office's stations")
    command(g, "list", cmd_station_list, "every station: who is signed in, shift, sales today "
            "(CSV)")
    c = command(g, "rename", cmd_station_rename, "give a station a name")
    c.add_argument("code")
    c.add_argument("name")
    for verb in ("enable", "disable"):
        c = command(g, verb, cmd_station_enable, f"{verb} a station")
        c.add_argument("code")
    c = command(sub, "monitor", cmd_monitor, "business monitoring: the station list, again and "
                "again")
    c.add_argument("--every", type=float, default=5.0)
    c.add_argument("--times", type=whole_arg, default=1)


def _register_messages(sub) -> None:
    g = group(sub, "message", "station messages")
    c = command(g, "send", cmd_message_send, "send a question (or --notice) to a station or to "
                "all")
    c.add_argument("subject")
    c.add_argument("body")
    c.add_argument("--to", help="a station code (default: every station)")
    c.add_argument("--notice", action="store_true", help="an administrator's notice")
    c.add_argument("--reply-to", type=whole_arg)
    command(g, "list", cmd_message_list, "messages to and from this station, with receipts "
            "(CSV)")
    c = command(g, "read", cmd_message_read, "mark messages read at this station")
    c.add_argument("ids", nargs="+", type=whole_arg)
