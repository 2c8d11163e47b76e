"""The station's application log: what support reads after a problem at an office.

A rotating text log (``station.log``, five files of 2 MB) and a crash file
(``crash.log``) that Python's faulthandler writes native crashes into, both
in the ``logs`` folder of the station's data folder (VENDING_LOG_DIR
overrides it). Both entry points set it up; the window and the console
record their start, sign-ins, jobs and failures, and every uncaught
exception with its traceback. Qt-free: the window's parts call in here.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from vending_app.core.errors import VendingError

ENV_DIR, ENV_LEVEL = "VENDING_LOG_DIR", "VENDING_LOG_LEVEL"
LOG_NAME, CRASH_NAME = "station.log", "crash.log"
MAX_BYTES, BACKUPS = 2_000_000, 4  # the log and four older ones: five files in all
CRASH_MAX = 1_000_000  # a crash file bigger than this is set aside at the next start
FORMAT = "%(asctime)s %(levelname)-7s [%(threadName)s] %(name)s: %(message)s"

log = logging.getLogger("vending")


class _State:
    handler: logging.Handler | None = None
    root_level: int = logging.WARNING
    crash_file = None
    hooks: tuple | None = None  # the hooks ours replaced
    listeners: list[Callable[[BaseException], None]] = []


_state = _State()


def log_dir() -> Path:
    """Where the log is written: VENDING_LOG_DIR, else <data folder>/logs."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    from vending_app.core.startup import data_dir
    return data_dir() / "logs"


def log_path() -> Path:
    """The log file in use (or the one a station would write)."""
    handler = _state.handler
    return Path(handler.baseFilename) if handler is not None else log_dir() / LOG_NAME


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version
    try:
        return dist_version("vending-station")
    except PackageNotFoundError:
        return "unknown"


def mask_url(url) -> str:
    """A database address fit for a log: never its password."""
    text = str(url)
    try:
        from sqlalchemy.engine import make_url
        text = make_url(text).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a URL SQLAlchemy reads: masked by pattern below
        pass
    text = re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", text)
    return re.sub(r"(password=)[^&\s]*", r"\1***", text, flags=re.IGNORECASE)


def database_kind(url) -> str:
    text = str(url)
    return text.split(":", 1)[0].split("+", 1)[0] if ":" in text else "unknown"


def setup(entry: str, directory: Path | None = None, native: bool = True,
          hooks: bool = True) -> Path | None:
    """Start the log for ``entry`` ('window', 'cli'...). ``native``: faulthandler
    writes native crashes to crash.log; ``hooks``: uncaught exceptions are
    logged. Returns the log file, or None when its folder cannot be written
    (the station works on without a log, and says so on stderr)."""
    shutdown()
    folder = Path(directory) if directory else log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8",
            errors="backslashreplace")  # a typed lone surrogate must not break the log
        if native:
            _crash_file(folder, entry)
    except OSError as e:
        print(f"warning: no application log in {folder}: {e}", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    _state.handler, _state.root_level = handler, root.level
    root.addHandler(handler)
    root.setLevel(os.environ.get(ENV_LEVEL, "INFO").upper())
    if hooks:
        install_hooks()
    log.info("%s started: version %s, Python %s, pid %d", entry, version(),
             sys.version.split()[0], os.getpid())
    return Path(handler.baseFilename)


def opening(station: str, url, what: str = "") -> None:
    """Note which station and database this run uses (never a password)."""
    log.info("station %s, database %s (%s)%s", station, database_kind(url), mask_url(url),
             f": {what}" if what else "")


def _crash_file(folder: Path, entry: str) -> None:
    path = folder / CRASH_NAME
    if path.exists() and path.stat().st_size > CRASH_MAX:
        path.replace(path.with_name(CRASH_NAME + ".1"))
    f = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open while the process lives
    f.write(f"--- {entry} started {datetime.now().isoformat(timespec='seconds')}, "
            f"pid {os.getpid()}\n")
    f.flush()
    faulthandler.enable(file=f, all_threads=True)
    _state.crash_file = f


def shutdown() -> None:
    """Stop writing the log and put back what setup() replaced (tests)."""
    root = logging.getLogger()
    if _state.handler is not None:
        root.removeHandler(_state.handler)
        _state.handler.close()
        root.setLevel(_state.root_level)
        _state.handler = None
    if _state.crash_file is not None:
        faulthandler.disable()
        _state.crash_file.close()
        _state.crash_file = None
    if _state.hooks is not None:
        sys.excepthook, threading.excepthook = _state.hooks
        _state.hooks = None


# --- uncaught exceptions ---------------------------------------------------------------
def install_hooks() -> None:
    """Log what nothing caught, on the main thread and on any other."""
    if _state.hooks is None:
        _state.hooks = (sys.excepthook, threading.excepthook)
    sys.excepthook, threading.excepthook = _excepthook, _thread_excepthook


def on_uncaught(listener: Callable[[BaseException], None]) -> None:
    """``listener(error)`` is called (on the thread that raised) after an
    uncaught exception is logged: the window shows it."""
    _state.listeners.append(listener)


def remove_listener(listener: Callable[[BaseException], None]) -> None:
    if listener in _state.listeners:
        _state.listeners.remove(listener)


def _excepthook(etype, value, tb) -> None:
    if not issubclass(etype, KeyboardInterrupt):
        log.critical("uncaught exception", exc_info=(etype, value, tb))
        for listener in list(_state.listeners):
            try:
                listener(value)
            except Exception:  # noqa: BLE001 - showing it must not hide the first error
                log.exception("showing the uncaught exception failed")
    previous = _state.hooks[0] if _state.hooks else sys.__excepthook__
    previous(etype, value, tb)


def _thread_excepthook(args) -> None:
    if args.exc_type is not SystemExit:
        name = args.thread.name if args.thread is not None else "?"
        log.critical("uncaught exception in thread %s", name,
                     exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
    previous = _state.hooks[1] if _state.hooks else threading.__excepthook__
    previous(args)


# --- what the station did ------------------------------------------------------------------
def expected(error: BaseException) -> bool:
    """An error the station raised on purpose, having said what and why
    (a check, a permission, a card problem): no traceback is needed."""
    return isinstance(error, VendingError) or getattr(error, "template", None) is not None


def failure(what: str, error: BaseException, card: bool = False,
            known: bool | None = None) -> None:
    """Log a failure of ``what``: an expected (``known``) error as a warning
    in one line, anything else as an error with its traceback. ``card``: with
    the last card exchange the reader traced."""
    if expected(error) if known is None else known:
        log.warning("%s refused: %s: %s", what, type(error).__name__, error)
    else:
        log.error("%s failed: %s: %s", what, type(error).__name__, error,
                  exc_info=(type(error), error, error.__traceback__))
    if card:
        log.warning("last card exchange:\n%s", "\n".join(format_trace(last_card_exchange()))
                    or "(none)")


def job_name(fn) -> str:
    """A job's name for the log: where its function was written."""
    name = getattr(fn, "__qualname__", None) or type(fn).__name__
    return name.replace(".<locals>", "")


def job_started(name: str, background: bool = False) -> float:
    log.log(logging.DEBUG if background else logging.INFO, "job %s started", name)
    return time.monotonic()


def job_ended(name: str, started: float, background: bool = False) -> None:
    log.log(logging.DEBUG if background else logging.INFO, "job %s done in %d ms", name,
            (time.monotonic() - started) * 1000)


# --- reading it back ---------------------------------------------------------------------------
def tail(n: int = 50, path: Path | None = None) -> list[str]:
    """The last ``n`` lines of the log (fewer, or none, if it is shorter)."""
    path = path or log_path()
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 256 * 1024))
            data = f.read()
    except OSError:
        return []
    lines = data.decode("utf-8", errors="replace").splitlines()
    return lines[-n:] if size <= 256 * 1024 else lines[1:][-n:]


def last_card_exchange(limit: int = 40) -> list[tuple[str, str]]:
    """The APDUs of the last card connection the reader traced (its opening
    marker and up to ``limit`` more), oldest first."""
    try:
        from cards.reader import TRACE
    except ImportError:  # no card library here
        return []
    entries = list(TRACE)
    marks = [i for i, (way, _) in enumerate(entries) if way == "--"]
    if not marks:
        return entries[-limit:]
    first, rest = entries[marks[-1]], entries[marks[-1] + 1:]
    return [first, *rest[-limit:]]


def format_trace(entries, keep: int = 24) -> list[str]:
    """Trace entries as lines: long data cut to ``keep`` bytes, the status word kept."""
    lines = []
    for way, text in entries:
        if way == "--":
            lines.append(f"-- {text}")
            continue
        body, sw = (text[:-4], text[-4:]) if way == "<-" else (text, "")
        size = len(body) // 2
        if size > keep:
            body = f"{body[:keep * 2]}... ({size} bytes)"
        lines.append(" ".join(part for part in (way, body, sw) if part))
    return lines


@dataclass(frozen=True)
class Snapshot:
    folder: Path
    lines: list[str]
    card: list[str]


def snapshot(n: int = 50) -> Snapshot:
    """What the diagnostics screen shows (read off the GUI thread)."""
    path = log_path()
    return Snapshot(path.parent, tail(n, path), format_trace(last_card_exchange()))
