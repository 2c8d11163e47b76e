"""The cycle collector pause of a bulk build: paused inside, back after,
shared by nested and concurrent builds, and left off if it was off."""

import gc
import threading

from vending_app.core import bulk


def test_the_collector_is_paused_for_a_build_and_back_after_the_last_one():
    assert gc.isenabled()
    with bulk.building():
        assert not gc.isenabled()
        with bulk.building():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer build still runs
    assert gc.isenabled()


def test_a_build_on_another_thread_keeps_the_pause_until_it_ends():
    inside, leave = threading.Event(), threading.Event()

    def other():
        with bulk.building():
            inside.set()
            leave.wait(10)

    t = threading.Thread(target=other)
    t.start()
    inside.wait(10)
    with bulk.building():
        pass
    assert not gc.isenabled()  # the other thread's build is still running
    leave.set()
    t.join(10)
    assert gc.isenabled()


def test_a_collector_turned_off_stays_off_and_an_error_ends_the_pause():
    gc.disable()
    try:
        with bulk.building():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    try:
        with bulk.building():
            raise ValueError("a failed build")
    except ValueError:
        pass
    assert gc.isenabled()
