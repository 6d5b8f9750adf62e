"""`xxgk load` of files already loaded writes nothing; a changed file replaces exactly its rows."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.agencies import agency_id
from pipeline.cli import app
from pipeline.load import DATASETS, read_dataset
from pipeline.samples import generate_corpus, render_text

RUN = CliRunner()


def files_state(root: Path) -> dict[str, tuple]:
    """Every path under ``root`` with its mtime and size (symlinks: their target)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            out[str(p.relative_to(root))] = (os.readlink(p) if p.is_symlink() else st.st_mtime_ns, st.st_size)
    return out


def rows(data: Path) -> dict[str, set[tuple]]:
    out = {}
    for name in DATASETS:
        df = read_dataset(data, name).drop(columns=["loaded_at"], errors="ignore")
        out[name] = set(df.astype(object).where(df.notna(), None).itertuples(index=False, name=None))
    return out


@pytest.fixture
def folder(tmp_path):
    truths = generate_corpus(tmp_path / "reports", n=4, seed=16, kinds=("txt",))
    return tmp_path / "reports", truths


def _load(folder: Path, data: Path) -> str:
    result = RUN.invoke(app, ["load", str(folder), "--data", str(data), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())


def test_second_load_of_the_same_folder_writes_nothing(folder, tmp_path):
    reports, _ = folder
    data = tmp_path / "data"
    assert "4 files read: 4 new, 0 changed, 0 unchanged agency-years; written to" in _load(reports, data)
    before = files_state(data)
    out = _load(reports, data)
    assert f"4 files read: 0 new, 0 changed, 4 unchanged agency-years; nothing written, {data / 'datasets'} is as " \
           "it was" in out
    assert files_state(data) == before
    assert sorted(p.name for p in (data / ".snapshots").iterdir()) == ["000001"]


def test_a_changed_file_replaces_exactly_its_rows(folder, tmp_path):
    reports, truths = folder
    data = tmp_path / "data"
    _load(reports, data)
    before = rows(data)
    changed = truths[1]
    report = changed.report
    report.table3["new_received"]["natural_person"] += 1000
    (reports / changed.file).write_bytes(render_text(report, random.Random(1)))

    assert "4 files read: 0 new, 1 changed, 3 unchanged agency-years" in _load(reports, data)
    after = rows(data)
    mine = (agency_id(report.agency), report.year)
    for name in DATASETS:
        assert {r for r in after[name] if r[:2] != mine} == {r for r in before[name] if r[:2] != mine}, name
    requests = read_dataset(data, "requests")
    cell = requests[(requests.agency_id == mine[0]) & (requests.year == mine[1])
                    & (requests.row == "new_received") & (requests.applicant == "natural_person")]
    assert cell.value.tolist() == [report.table3["new_received"]["natural_person"]]
    assert sorted(p.name for p in (data / ".snapshots").iterdir()) == ["000001", "000002"]
