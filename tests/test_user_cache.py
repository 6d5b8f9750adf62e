"""The user cache: objects built once per machine, rebuilt whenever they could be stale or broken."""

from __future__ import annotations

import pytest

from pipeline import user_cache
from pipeline.agencies import divisions as divisions_module


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(user_cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _counting(value):
    calls = []

    def build():
        calls.append(1)
        return value
    return build, calls


def test_a_value_is_built_once_and_read_back(cache_dir):
    build, calls = _counting({"义马市": ["411281"]})
    assert user_cache.cached("table", ["v1"], build) == {"义马市": ["411281"]}
    assert user_cache.cached("table", ["v1"], build) == {"义马市": ["411281"]}
    assert len(calls) == 1
    assert len(list((cache_dir / "table").glob("*.pickle"))) == 1


def test_other_sources_build_again_and_replace_the_stale_file(cache_dir):
    user_cache.cached("table", ["v1"], lambda: 1)
    assert user_cache.cached("table", ["v2"], lambda: 2) == 2
    assert user_cache.cached("table", ["v2"], lambda: 3) == 2
    assert len(list((cache_dir / "table").glob("*.pickle"))) == 1


def test_a_truncated_file_is_built_again(cache_dir):
    user_cache.cached("table", ["v1"], lambda: list(range(1000)))
    (path,) = (cache_dir / "table").glob("*.pickle")
    path.write_bytes(path.read_bytes()[:100])
    assert user_cache.cached("table", ["v1"], lambda: "rebuilt") == "rebuilt"
    assert user_cache.cached("table", ["v1"], lambda: "again") == "rebuilt"


def test_a_cache_path_that_is_a_file_only_costs_the_build(tmp_path, monkeypatch):
    """(What a read-only folder does too; a read-only folder is no test as root, whom CI runs as.)"""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv(user_cache.CACHE_ENV, str(blocker))
    assert user_cache.cached("table", ["v1"], lambda: 7) == 7


def test_the_division_tables_read_from_the_cache_are_those_built_from_the_csv(cache_dir):
    built = divisions_module.divisions.__wrapped__()       # built, then stored
    read = divisions_module.divisions.__wrapped__()        # read from the cache
    assert list((cache_dir / "divisions").glob("*.pickle"))
    fresh = divisions_module._build(divisions_module._data_file())
    for tables in (built, read):
        assert tables.vintage == fresh.vintage
        assert tables.years.keys() == fresh.years.keys()
        assert tables.history == fresh.history
        assert tables.short_names == fresh.short_names
        y2019 = tables.year(2019)
        assert [d.code for d in y2019.by_name["义马市"]] == ["411281"]
        assert y2019.by_stable == fresh.year(2019).by_stable
    # 洪泽县 became 洪泽区 in 2016: one unit, one stable code, before and after
    assert read.year(2015).by_name["洪泽县"][0].stable_code == read.year(2020).by_name["洪泽区"][0].stable_code
