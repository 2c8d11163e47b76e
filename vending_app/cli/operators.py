"""Who signs in and with what keys: the first administrator, operators,
and the vending keys (administrator)."""

from __future__ import annotations

from pathlib import Path

from db.models import Role
from vending_app.cli.common import (
    command,
    group,
    key_passphrase,
    new_password,
    open_core,
    print_rows,
    session,
    signin_password,
)
from vending_app.core.auth import OperatorAction
from vending_app.operations import admin as ops


def cmd_admin_create(args):
    core = open_core(args)
    core.auth.bootstrap_administrator(args.login, args.name, signin_password(args))
    print(f"administrator {args.login} created")


def cmd_operator_add(args):
    """Whoever may not add operators is refused before being asked for a password."""
    core, actor = session(args)
    core.auth.check_allowed(actor, core.auth.create_operator)
    password = new_password("New operator's password")
    ops.create_operator(core, actor, args.login, args.name, args.role, password)
    print(f"operator {args.login} ({args.role}) created")


def cmd_operator_list(args):
    core, actor = session(args)
    print_rows(core.auth.list_operators(actor))


def cmd_operator_set(args):
    core, actor = session(args)
    action = OperatorAction(args.action)
    password = ""
    if action is OperatorAction.RESET_PASSWORD:
        core.auth.check_allowed(actor, core.auth.change_operator)
        password = new_password("New password")
    ops.change_operator(core, actor, args.login, action, password)
    print(f"operator {args.login}: {args.action} done")


def cmd_keys_create(args):
    core, actor = session(args)
    version = ops.create_key_version(core, actor, key_passphrase()).value
    print(f"vending key version {version} created (wrapped under the passphrase)")


def cmd_keys_backup(args):
    core, actor = session(args)
    n = core.keys.export_backup(actor, Path(args.path))
    print(f"{n} wrapped key(s) written to {args.path}: keep it apart from database backups")


def cmd_keys_import(args):
    core, actor = session(args)
    added = core.keys.import_backup(actor, Path(args.path), key_passphrase())
    print(f"key versions imported: {added or 'none (all were here already)'}")


def cmd_keys_behind(args):
    core, actor = session(args)
    meters = core.fieldwork.meters_behind_key(actor)
    print("\n".join(meters) if meters else "every paired meter is on the newest key")


def register(sub) -> None:
    g = group(sub, "admin", "first administrator")
    c = command(g, "create", cmd_admin_create, "create the first administrator (fresh install "
                "only)")
    c.add_argument("--login", required=True)
    c.add_argument("--name", required=True)
    _register_operators(sub)
    _register_keys(sub)


def _register_operators(sub) -> None:
    g = group(sub, "operator", "operators")
    c = command(g, "add", cmd_operator_add, "add an operator (its password from "
                "VENDING_NEW_PASSWORD, else a prompt; with no terminal VENDING_NEW_PASSWORD "
                "must be set)")
    c.add_argument("--login", required=True)
    c.add_argument("--name", required=True)
    c.add_argument("--role", required=True, choices=[r.value for r in Role])
    command(g, "list", cmd_operator_list, "list operators")
    c = command(g, "set", cmd_operator_set, "disable, enable, unlock or reset an operator's "
                "password (the new one from VENDING_NEW_PASSWORD, else a prompt)")
    c.add_argument("login")
    c.add_argument("action", choices=[a.value for a in OperatorAction
                                      if a is not OperatorAction.SET_ROLE])


def _register_keys(sub) -> None:
    g = group(sub, "keys", "vending keys (administrator)")
    command(g, "create", cmd_keys_create, "create a new key version")
    c = command(g, "backup", cmd_keys_backup, "write the wrapped keys to a file")
    c.add_argument("path")
    c = command(g, "import", cmd_keys_import, "import the office's wrapped keys from their "
                "backup (each checked with VENDING_KEY_PASSPHRASE first)")
    c.add_argument("path")
    command(g, "behind", cmd_keys_behind, "meters not yet moved to the newest key")
