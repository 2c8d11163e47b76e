"""The application log in processes of its own, as the entry points set it
up: a native crash leaves its stack in crash.log, an exception nothing
caught (on any thread) leaves its traceback in the log, and the log never
holds a database password."""

import subprocess
import sys
import textwrap

from vending_app import applog


def run_python(code: str, log_dir, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=timeout, env=_env(log_dir))


def _env(log_dir):
    import os
    return {**os.environ, applog.ENV_DIR: str(log_dir)}


def test_a_native_crash_leaves_its_stack_in_the_crash_log(tmp_path):
    p = run_python("""
        from vending_app import applog
        applog.setup("window")

        def crash_here():
            import faulthandler
            faulthandler._sigsegv()

        crash_here()
    """, tmp_path)
    assert p.returncode != 0
    crash = (tmp_path / "crash.log").read_text()
    assert crash.startswith("--- window started ")
    assert "Fatal Python error: Segmentation fault" in crash
    assert "most recent call first" in crash
    assert 'line 7 in crash_here' in crash and 'line 9 in <module>' in crash
    assert "window started: version" in (tmp_path / "station.log").read_text()


def test_uncaught_exceptions_on_any_thread_are_logged_with_their_traceback(tmp_path):
    p = run_python("""
        import threading
        from vending_app import applog
        applog.setup("cli")

        def worker_breaks():
            raise ValueError("bad meter reading")

        t = threading.Thread(target=worker_breaks, name="meter-poll")
        t.start()
        t.join()
        raise LookupError("main thread gives up")
    """, tmp_path)
    assert p.returncode == 1 and "LookupError" in p.stderr  # still printed as before
    log = (tmp_path / "station.log").read_text()
    assert "uncaught exception in thread meter-poll" in log
    assert "in worker_breaks" in log and "ValueError: bad meter reading" in log
    assert "CRITICAL [MainThread] vending: uncaught exception" in log
    assert "LookupError: main thread gives up" in log


def test_database_addresses_are_logged_without_their_password():
    assert applog.mask_url("postgresql+psycopg://vend:s3cret@db.office:5432/station") == \
        "postgresql+psycopg://vend:***@db.office:5432/station"
    assert "s3cret" not in applog.mask_url("postgresql://db.office/station?password=s3cret&x=1")
    assert "s3cret" not in applog.mask_url("weird://vend:s3cret@host/x y")
    assert applog.mask_url("sqlite:////var/lib/station.sqlite3") == \
        "sqlite:////var/lib/station.sqlite3"
    assert applog.database_kind("postgresql+psycopg://vend:s3cret@h/db") == "postgresql"


def test_the_log_rotates_and_its_tail_is_read_back(tmp_path, monkeypatch):
    monkeypatch.setattr(applog, "MAX_BYTES", 4000)
    path = applog.setup("test", directory=tmp_path, native=False, hooks=False)
    try:
        for i in range(400):
            applog.log.info("line %04d %s", i, "x" * 40)
    finally:
        applog.shutdown()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["station.log", *(f"station.log.{n}" for n in range(1, applog.BACKUPS + 1))]
    last = applog.tail(3, path)
    assert [line.split()[6] for line in last] == ["0397", "0398", "0399"]
    assert applog.tail(3, tmp_path / "nothing.log") == []


def test_card_exchanges_are_cut_at_their_connection_and_kept_short(monkeypatch):
    from cards import reader
    monkeypatch.setattr(reader, "TRACE", reader.TRACE.__class__(
        [("--", "old"), ("->", "00b0000000"), ("--", "10:00:00 Reader 0"),
         ("->", "00a4080c0410010001"), ("<-", "9000"), ("<-", "ab" * 256 + "9000")], maxlen=200))
    assert applog.format_trace(applog.last_card_exchange()) == [
        "-- 10:00:00 Reader 0", "-> 00a4080c0410010001", "<- 9000",
        "<- " + "ab" * 24 + "... (256 bytes) 9000"]
