"""One CSV dialect for every command that writes one: UTF-8 with BOM, LF, atomic replacement."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.outputs import OutputError, write_csv

RUN = CliRunner()


@pytest.mark.parametrize("command", [
    ["compare", "--region", "4112", "--year", "2021"],
    ["query", "select agency, year from reports"],
    ["panel"],
])
def test_every_command_writes_the_same_csv(both_formats_data, tmp_path, command):
    out = tmp_path / "out.csv"
    r = RUN.invoke(app, [*command, "--data", str(both_formats_data), "--out", str(out)])
    assert r.exit_code == 0, r.output
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r" not in raw and raw.endswith(b"\n")
    assert "义马市信访局" in raw.decode("utf-8-sig")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".datapackage.json")) == ["out.csv"]


class _Unprintable:
    def __str__(self) -> str:
        raise ValueError("cannot print this")


def test_a_failed_write_leaves_the_old_file_and_no_debris(tmp_path):
    out = tmp_path / "x.csv"
    write_csv(pd.DataFrame({"a": ["甲"]}), out)
    with pytest.raises(ValueError, match="cannot print this"):
        write_csv(pd.DataFrame({"a": [_Unprintable()]}), out)
    assert out.read_bytes() == "\ufeffa\n甲\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]


def test_an_unwritable_place_is_one_line_naming_it(tmp_path):
    with pytest.raises(OutputError, match=r"^/proc/xxgk/x\.csv: cannot create its folder"):
        write_csv(pd.DataFrame({"a": [1]}), "/proc/xxgk/x.csv")
    with pytest.raises(OutputError, match=rf"^{tmp_path}: is a directory$"):
        write_csv(pd.DataFrame({"a": [1]}), tmp_path)
