"""The database's commands: its schema and status, backup, restore, check
and compaction, the first-run set-up, and the audit chain's check."""

from __future__ import annotations

import os
from pathlib import Path

from db import maintenance, migrate
from db.engine import Database
from vending_app.cli.common import (
    EXIT_NO_OPERATORS,
    CliError,
    command,
    group,
    open_core,
    print_rows,
    session,
    sign_in,
    signin_password,
)
from vending_app.cli.paperwork import register_audit_list
from vending_app.core.errors import Note, StateError
from vending_app.core.startup import (
    backup_folder,
    check_database,
    restore_backup,
    restore_loss,
    station_url,
)
from vending_app.core.station import StationCore
from vending_app.core.upgrades import upgrade_database, upgrade_note
from vending_app.setup import SetupRequest, first_run


def cmd_db_upgrade(args):
    db = Database(args.db)
    check_database(db.url, creating=True)
    note = upgrade_note(upgrade_database(db.engine, args.station))
    if note:
        print(note)
    print(f"database at schema {migrate.current_revision(db.engine)}: {db.url.render_as_string()}")


def cmd_status(args):
    db = Database(args.db)
    rev = migrate.current_revision(db.engine)
    print(f"database: {db.url.render_as_string()}")
    print(f"schema:   {rev or 'empty'} (current code: {migrate.head_revision()})")
    if rev != migrate.head_revision():
        raise CliError("the database needs 'vending-station-cli db upgrade'")
    core = StationCore(db, args.station)
    has = core.auth.has_operators()
    print(f"station:  {core.station_code}; operators: {'yes' if has else 'none yet'}")
    if args.has_operators and not has:
        return EXIT_NO_OPERATORS
    return None


def cmd_db_backup(args):
    core = open_core(args)
    if args.if_due:
        done = core.safety.scheduled_backup()
        if done is None:
            print("no backup due")
            return
    else:
        done = core.safety.backup(sign_in(args, core), args.folder, args.keys_folder)
    b = done.backup
    print(f"backup {b.path} ({b.size_bytes} bytes, {b.total_rows} rows, sha256 {b.sha256[:16]})")
    if done.keys_path:
        print(f"vending keys (wrapped under the key passphrase) {done.keys_path}: keep them apart")


def cmd_db_backups(args):
    folder = Path(args.folder) if args.folder else backup_folder()
    print_rows({"file": b.path.name, "made_at": b.made_at.isoformat(timespec="seconds"),
                "backend": b.backend, "station": b.station, "rows": b.total_rows,
                "bytes": b.size_bytes} for b in maintenance.list_backups(folder))


def _backup_to_restore(args) -> Path:
    if args.latest:
        found = maintenance.list_backups(Path(args.folder) if args.folder else backup_folder())
        if not found:
            raise CliError("no backups found there: name the file, or --folder")
        return found[0].path
    if args.file:
        return Path(args.file)
    raise CliError("name the backup file, or --latest")


def _review_restore(args, path: Path):
    """Over a working database a restore rolls the books back: an
    administrator signs in, is told what goes, and confirms with --yes.
    Returns (who, what is lost); (None, None) on the recovery path."""
    if not args.replace or restore_loss(path, args.db) is None:
        return None, None
    core = open_core(args)
    try:
        actor = sign_in(args, core)
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
    path = _backup_to_restore(args)
    actor, loss = _review_restore(args, path)
    info, moved, checked = restore_backup(path, args.db, args.station, args.replace, actor,
                                          loss)
    if moved:
        print(f"the database that was there is kept as {moved}")
    print(f"restored {info.path.name} (made {info.made_at:%Y-%m-%d %H:%M} UTC): "
          f"{info.total_rows} rows, audit chain intact ({checked} events)")


def cmd_db_check(args):
    core, actor = session(args)
    report = core.safety.check(actor, full=not args.quick)
    for c in report.checks:
        print(f"checked: {c}")
    for p in report.problems:
        print(f"PROBLEM: {p}")
    if not report.ok:
        raise CliError(f"{len(report.problems)} problem(s) found")
    print("the database is sound")


def cmd_db_reindex(args):
    core, actor = session(args)
    done = core.safety.reindex(actor)
    print(f"customer name index made again: {done.names} names" if done.indexed else
          f"no customer name index: the pg_trgm extension is not installed in this database "
          f"(ask its administrator: CREATE EXTENSION pg_trgm); {done.names} names are "
          f"searched by a scan")


def cmd_db_compact(args):
    core, actor = session(args)
    before, after = core.safety.compact(actor)
    print(f"compacted: {before} -> {after} bytes" if before else "compacted (VACUUM ANALYZE)")


def cmd_setup(args):
    operator = args.operator or os.environ.get("VENDING_OPERATOR", "")
    password = signin_password(args) if (args.admin or operator) else ""
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


def cmd_audit_verify(args):
    """With VENDING_KEY_PASSPHRASE the keys are unlocked first, so the seals
    are checked too; without it only the plain hashes (and it says so)."""
    core, actor = session(args)
    if os.environ.get("VENDING_KEY_PASSPHRASE") and core.keys.versions():
        core.keys.unlock(actor, os.environ["VENDING_KEY_PASSPHRASE"])
    report = core.audit.verify_chain(actor, tuple(args.anchor or ()))
    if not report.ok:
        where = f" at event {report.broken_at}" if report.broken_at else ""
        raise CliError(f"audit chain broken{where}: {report.reason} "
                       f"({report.checked} events verified before it)")
    seals = (f"{report.sealed} sealed, {report.unsealed} not sealed yet" if report.seals_checked
             else "seals not checked: the keys are locked (set VENDING_KEY_PASSPHRASE)")
    print(f"audit chain intact: {report.checked} events ({seals})")
    for anchor in report.anchors_found:
        print(f"anchor {anchor} is in the chain")


def register(sub) -> None:
    g = group(sub, "db", "the database: schema, backup, restore, integrity")
    command(g, "upgrade", cmd_db_upgrade, "create or migrate the database")
    c = command(sub, "status", cmd_status, "show the database, schema and station")
    c.add_argument("--has-operators", action="store_true", help="exit 3 if nobody can sign in")
    _register_safety(g)
    _register_setup(sub)
    g = group(sub, "audit", "the audit log")
    c = command(g, "verify", cmd_audit_verify, "verify the audit hash chain and its seals")
    c.add_argument("--anchor", action="append", metavar="HASH",
                   help="a chain head printed on a sheet: prove the chain still holds it")
    register_audit_list(g)


def _register_safety(g) -> None:
    c = command(g, "backup", cmd_db_backup, "back up the database (and the wrapped keys, apart)")
    c.add_argument("--folder", type=Path)
    c.add_argument("--keys-folder", type=Path)
    c.add_argument("--if-due", action="store_true",
                   help="only when backup.every_hours says one is due (for a timer); no sign-in")
    c = command(g, "backups", cmd_db_backups, "list the backups in the folder (CSV)")
    c.add_argument("--folder")
    c = command(g, "restore", cmd_db_restore, "restore a backup (never over an existing "
                "database unless --replace, which keeps the old one aside)")
    c.add_argument("file", nargs="?")
    c.add_argument("--latest", action="store_true", help="the newest backup in the folder")
    c.add_argument("--folder")
    c.add_argument("--replace", action="store_true")
    c.add_argument("--yes", action="store_true", help="over a working database (administrator): "
                   "go ahead after being told what the restore loses")
    c = command(g, "check", cmd_db_check, "integrity: pages, foreign keys, audit chain, card "
                "sequences, receipt numbers")
    c.add_argument("--quick", action="store_true", help="quick_check instead of integrity_check")
    command(g, "compact", cmd_db_compact, "VACUUM the database")
    command(g, "reindex", cmd_db_reindex, "make the customer name search's index again")


def _register_setup(sub) -> None:
    c = command(sub, "setup", cmd_setup, "first run: this station, its database, the first "
                "administrator (password from VENDING_PASSWORD), the keys "
                "(VENDING_KEY_PASSPHRASE); an office with operators needs --operator "
                "(administrator)")
    c.add_argument("--name", required=True, help="the station's name, like 'Counter 1'")
    c.add_argument("--admin", default="", help="first administrator's login (a new office)")
    c.add_argument("--admin-name", default="")
    c.add_argument("--import-keys", help="import the office's keys from their backup file")
