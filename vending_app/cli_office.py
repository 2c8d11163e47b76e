"""The office commands of vending-station-cli: the database's safety (backup,
restore, check, compact), the station registry, business monitoring,
station messages and the first-run set-up."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from db import maintenance
from vending_app.core.errors import Note, StateError
from vending_app.core.startup import (
    backup_folder,
    restore_backup,
    restore_loss,
    station_url,
)


def _cli():
    from vending_app import cli
    return cli


def cmd_db_backup(args):
    cli = _cli()
    core = cli._core(args)
    if args.if_due:
        done = core.safety.scheduled_backup()
        if done is None:
            print("no backup due")
            return
    else:
        done = core.safety.backup(cli._actor(args, core), args.folder, args.keys_folder)
    b = done.backup
    print(f"backup {b.path} ({b.size_bytes} bytes, {b.total_rows} rows, sha256 {b.sha256[:16]})")
    if done.keys_path:
        print(f"vending keys (wrapped under the key passphrase) {done.keys_path}: keep them apart")


def cmd_db_backups(args):
    folder = Path(args.folder) if args.folder else backup_folder()
    cli = _cli()
    cli._print_rows({"file": b.path.name, "made_at": b.made_at.isoformat(timespec="seconds"),
                     "backend": b.backend, "station": b.station, "rows": b.total_rows,
                     "bytes": b.size_bytes} for b in maintenance.list_backups(folder))


def _backup_to_restore(args, cli) -> Path:
    if args.latest:
        found = maintenance.list_backups(Path(args.folder) if args.folder else backup_folder())
        if not found:
            raise cli.CliError("no backups found there: name the file, or --folder")
        return found[0].path
    if args.file:
        return Path(args.file)
    raise cli.CliError("name the backup file, or --latest")


def _review_restore(args, cli, path: Path):
    """Over a working database a restore rolls the books back: an
    administrator signs in, is told what goes, and confirms with --yes.
    Returns (who, what is lost); (None, None) on the recovery path."""
    if not args.replace or restore_loss(path, args.db) is None:
        return None, None
    core = cli._core(args)
    try:
        actor = cli._actor(args, core)
        loss = core.safety.restore_loss(actor, path)
    finally:
        core.db.dispose()
    if loss is None:
        return actor, None
    print(str(Note("Restoring {file} (made {made_at} UTC) replaces a working database: "
                   "{sales} sale(s) and {events} audit event(s) recorded since that backup "
                   "will be gone from the books (the current file is kept aside).",
                   file=loss.backup.path.name, made_at=f"{loss.backup.made_at:%Y-%m-%d %H:%M}",
                   sales=loss.sales, events=loss.events)))
    if not args.yes:
        raise StateError("Nothing was restored: to replace the working database, run the "
                         "restore again with --yes.")
    return actor, loss


def cmd_db_restore(args):
    """Over a missing or damaged database (the recovery path) it works
    without a sign-in: there is no database to check one against."""
    cli = _cli()
    path = _backup_to_restore(args, cli)
    actor, loss = _review_restore(args, cli, path)
    info, moved, checked = restore_backup(path, args.db, args.station, args.replace, actor,
                                          loss)
    if moved:
        print(f"the database that was there is kept as {moved}")
    print(f"restored {info.path.name} (made {info.made_at:%Y-%m-%d %H:%M} UTC): "
          f"{info.total_rows} rows, audit chain intact ({checked} events)")


def cmd_db_check(args):
    cli = _cli()
    core = cli._core(args)
    report = core.safety.check(cli._actor(args, core), full=not args.quick)
    for c in report.checks:
        print(f"checked: {c}")
    for p in report.problems:
        print(f"PROBLEM: {p}")
    if not report.ok:
        raise cli.CliError(f"{len(report.problems)} problem(s) found")
    print("the database is sound")


def cmd_db_compact(args):
    cli = _cli()
    core = cli._core(args)
    before, after = core.safety.compact(cli._actor(args, core))
    print(f"compacted: {before} -> {after} bytes" if before else "compacted (VACUUM ANALYZE)")


def cmd_station_list(args):
    cli = _cli()
    core = cli._core(args)
    snap = core.stations.monitor(cli._actor(args, core))
    cli._print_rows({"station": v.code, "name": v.name, "active": v.active, "online": v.online,
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
    cli = _cli()
    core = cli._core(args)
    core.stations.rename(cli._actor(args, core), args.code, args.name)
    print(f"station {args.code.upper()} is now '{args.name}'")


def cmd_station_enable(args):
    cli = _cli()
    core = cli._core(args)
    core.stations.set_active(cli._actor(args, core), args.code, args.sub == "enable")
    print(f"station {args.code.upper()} {args.sub}d")


def cmd_message_send(args):
    cli = _cli()
    core = cli._core(args)
    kind = "notice" if args.notice else "question"
    mid = core.messages.send(cli._actor(args, core), args.subject, args.body, args.to or "",
                             kind, args.reply_to)
    print(f"message {mid} sent to {args.to.upper() if args.to else 'every station'}")


def cmd_message_list(args):
    cli = _cli()
    core = cli._core(args)
    cli._print_rows({"id": m.id, "kind": m.kind, "from": f"{m.from_station}/{m.from_login}",
                     "to": m.to_station or "*", "sent_at": m.sent_at.isoformat(timespec="seconds"),
                     "subject": m.subject, "read_here": m.read_here,
                     "read_by": tuple(f"{r.station}/{r.login}" for r in m.read_by)}
                    for m in core.messages.conversation(cli._actor(args, core)))


def cmd_message_read(args):
    cli = _cli()
    core = cli._core(args)
    n = core.messages.mark_read(cli._actor(args, core), args.ids)
    print(f"{n} message(s) marked read at {core.station_code}")


def cmd_setup(args):
    from vending_app.setup import SetupRequest, first_run
    cli = _cli()
    operator = args.operator or os.environ.get("VENDING_OPERATOR", "")
    password = cli._password(args) if (args.admin or operator) else ""
    req = SetupRequest(
        db_url=station_url(args.db, None), station=args.station, station_name=args.name,
        admin_login=args.admin, admin_name=args.admin_name or args.admin,
        admin_password=password if args.admin else "",
        operator_login=operator, operator_password=password,
        key_passphrase=os.environ.get("VENDING_KEY_PASSPHRASE", ""),
        import_keys_from=Path(args.import_keys) if args.import_keys else None)
    done = first_run(req)
    print(f"station {done.station} set up on {req.db_url.split('@')[-1]}; "
          f"{'first administrator created; ' if done.created_admin else ''}"
          f"key versions {'added ' + str(done.keys) if done.keys else 'already there'}; "
          f"set-up file {done.config_path}")


def add_commands(sub, cmd, group, db_group) -> None:
    from vending_app.cli import _whole
    c = cmd("backup", cmd_db_backup, "back up the database (and the wrapped keys, apart)", db_group)
    c.add_argument("--folder", type=Path)
    c.add_argument("--keys-folder", type=Path)
    c.add_argument("--if-due", action="store_true",
                   help="only when backup.every_hours says one is due (for a timer); no sign-in")
    c = cmd("backups", cmd_db_backups, "list the backups in the folder (CSV)", db_group)
    c.add_argument("--folder")
    c = cmd("restore", cmd_db_restore, "restore a backup (never over an existing database "
            "unless --replace, which keeps the old one aside)", db_group)
    c.add_argument("file", nargs="?")
    c.add_argument("--latest", action="store_true", help="the newest backup in the folder")
    c.add_argument("--folder")
    c.add_argument("--replace", action="store_true")
    c.add_argument("--yes", action="store_true", help="over a working database (administrator): "
                   "go ahead after being told what the restore loses")
    c = cmd("check", cmd_db_check, "integrity: pages, foreign keys, audit chain, card "
            "sequences, receipt numbers", db_group)
    c.add_argument("--quick", action="store_true", help="quick_check instead of integrity_check")
    cmd("compact", cmd_db_compact, "VACUUM the database", db_group)

    g = group("station", "the office's stations")
    cmd("list", cmd_station_list, "every station: who is signed in, shift, sales today (CSV)", g)
    c = cmd("rename", cmd_station_rename, "give a station a name", g)
    c.add_argument("code")
    c.add_argument("name")
    for verb in ("enable", "disable"):
        c = cmd(verb, cmd_station_enable, f"{verb} a station", g)
        c.add_argument("code")
    c = cmd("monitor", cmd_monitor, "business monitoring: the station list, again and again")
    c.add_argument("--every", type=float, default=5.0)
    c.add_argument("--times", type=_whole, default=1)

    g = group("message", "station messages")
    c = cmd("send", cmd_message_send, "send a question (or --notice) to a station or to all", g)
    c.add_argument("subject")
    c.add_argument("body")
    c.add_argument("--to", help="a station code (default: every station)")
    c.add_argument("--notice", action="store_true", help="an administrator's notice")
    c.add_argument("--reply-to", type=_whole)
    cmd("list", cmd_message_list, "messages to and from this station, with receipts (CSV)", g)
    c = cmd("read", cmd_message_read, "mark messages read at this station", g)
    c.add_argument("ids", nargs="+", type=_whole)

    c = cmd("setup", cmd_setup, "first run: this station, its database, the first "
            "administrator (password from VENDING_PASSWORD), the keys "
            "(VENDING_KEY_PASSPHRASE); an office with operators needs --operator (administrator)")
    c.add_argument("--name", required=True, help="the station's name, like 'Counter 1'")
    c.add_argument("--admin", default="", help="first administrator's login (a new office)")
    c.add_argument("--admin-name", default="")
    c.add_argument("--import-keys", help="import the office's keys from their backup file")
