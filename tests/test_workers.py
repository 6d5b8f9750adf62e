"""The local executor: results in input order, items read lazily (bounded memory), failures in place."""

from __future__ import annotations

import itertools

import pytest

from pipeline.workers import executor_for
from pipeline.workers.base import IN_FLIGHT_PER_WORKER


def _inverse(x: int) -> float:
    return 1 / x


def test_items_are_read_as_results_are_consumed():
    """An endless input: the first results come back, and only a window of items was read."""
    read = []

    def items():
        for i in itertools.count(1):
            read.append(i)
            yield i

    with executor_for(None, 2) as pool:
        first = list(itertools.islice(pool.map(_inverse, items(), chunksize=3), 10))
    assert first == [1 / i for i in range(1, 11)]
    assert len(read) <= 10 + IN_FLIGHT_PER_WORKER * 2 * 3 + 3


def test_a_failing_item_gives_its_on_error_result_in_place():
    with executor_for("local", 2) as pool:
        got = list(pool.map(_inverse, [1, 2, 0, 4, 5, 8], chunksize=2,
                            on_error=lambda item, exc: f"{item}: {type(exc).__name__}"))
    assert got == [1.0, 0.5, "0: ZeroDivisionError", 0.25, 0.2, 0.125]


def test_without_on_error_the_failure_propagates():
    with executor_for(None, 2) as pool, pytest.raises(ZeroDivisionError):
        list(pool.map(_inverse, [1, 2, 0, 4, 5, 8]))


def test_an_unknown_scheduler_names_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown scheduler 'redis://x': expected .*local.*tcp://HOST:PORT"):
        executor_for("redis://x")
