"""The per-item time limit: one watchdog thread per process, whatever the number of items or threads."""

from __future__ import annotations

import os
import threading
import time

import pytest

from pipeline.workers.deadline import Deadline, Overtime


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def _watchdogs() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "xxgk-deadline"]


def test_items_within_their_time_share_one_watchdog_thread():
    for _ in range(200):
        with Deadline(5, may_exit=False):
            pass
    assert len(_watchdogs()) == 1


def test_an_item_over_its_time_is_stopped_and_the_next_runs_its_full_time():
    with pytest.raises(Overtime), Deadline(0.2, may_exit=False):
        _spin(10)
    with Deadline(0.5, may_exit=False):
        _spin(0.3)  # the first item's deadline must not reach this one


def test_threads_each_stopped_at_their_own_deadline():
    stopped: dict[str, float] = {}

    def item(name: str, limit: float, work: float) -> None:
        started = time.monotonic()
        try:
            with Deadline(limit, may_exit=False):
                _spin(work)
        except Overtime:
            stopped[name] = time.monotonic() - started

    threads = [threading.Thread(target=item, args=a) for a in (("short", 0.3, 10), ("long", 1.2, 10),
                                                              ("within", 3, 0.5))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert set(stopped) == {"short", "long"}
    assert stopped["short"] < stopped["long"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")
def test_a_forked_child_has_a_watchdog_of_its_own():
    with Deadline(5, may_exit=False):  # the parent's watchdog runs (and may hold its lock) at the fork
        pid = os.fork()
        if pid == 0:  # the child: stopped by its own watchdog, then exits 0
            code = 1
            try:
                with Deadline(0.2, may_exit=False):
                    _spin(10)
            except Overtime:
                code = 0
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_shorter_deadline_armed_while_a_longer_one_is_watched_fires_on_time():
    took: list[float] = []

    def short_item() -> None:
        started = time.monotonic()
        try:
            with Deadline(0.3, may_exit=False):
                _spin(20)
        except Overtime:
            took.append(time.monotonic() - started)

    with Deadline(30, may_exit=False):  # the watchdog now sleeps until this one is due
        time.sleep(0.2)
        worker = threading.Thread(target=short_item)
        worker.start()
        worker.join(25)
    assert len(took) == 1 and took[0] < 5
