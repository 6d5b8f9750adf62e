"""The ``xxgk`` command as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import corpus_path

XXGK = [sys.executable, "-m", "pipeline.cli"]


def run(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([*XXGK, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300,
                          check=False)


def test_extract_json_contract_on_the_seed():
    seed = corpus_path("reports/yima-xinfang-2024.txt")
    proc = run("extract", seed, "--json")
    assert proc.returncode == 0, proc.stderr
    [obj] = json.loads(proc.stdout)
    assert obj["file"] == str(seed) and obj["status"] == "ok" and obj["error"] is None
    assert (obj["agency"], obj["year"], obj["format"]) == ("义马市信访局", 2024, "2021")
    assert obj["formats"] == {"table2": "2021", "table3": "2021", "table4": "2021"}
    assert obj["table2"]["fees"] == {"amount_10k_yuan": 0}
    assert obj["table3"]["new_received"] == dict.fromkeys(
        ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"], 0)
    assert len(obj["table3"]) == 25 and all(len(v) == 7 for v in obj["table3"].values())
    assert obj["table4"]["review"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
    assert obj["sections"]["1"].startswith("一、总体情况") and obj["sections"]["6"].endswith("无")
    assert all(c["ok"] for c in obj["checks"]) and len(obj["checks"]) == 7 + 25 + 7 + 3


def test_extract_reports_broken_identities_of_a_real_pdf():
    pdf = corpus_path("reports/huaian-hongze-district-gov-2023.pdf")
    proc = run("extract", pdf, "--json")
    [obj] = json.loads(proc.stdout)
    assert obj["formats"] == {"table2": "2021", "table3": "2019", "table4": "2021"}
    failed = [c for c in obj["checks"] if not c["ok"]]
    assert failed == [
        {"check": "t4_total", "subject": "review", "expected": 11, "actual": 0, "ok": False},
        {"check": "t4_total", "subject": "litigation_after_review", "expected": 5, "actual": 0, "ok": False},
    ]
    assert obj["table4"]["review"] == {"upheld": 10, "corrected": 1, "other": 0, "pending": 0, "total": 0}


def test_extract_csv_keeps_provenance():
    pdf = corpus_path("reports/huaian-city-gov-2024.pdf")
    proc = run("extract", pdf, "--csv")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0] == ("file,agency,year,table,format,row,column,value,raw,row_label,column_label,page,problem,"
                        "read_by,confidence")
    row = next(line for line in lines if ",table3,2021,new_received,commercial," in line)
    assert row.split(",")[7:9] == ["53", "53"]
    assert row.split(",")[11] == "4"  # printed on page 4


def _bad_files(tmp: Path) -> dict[str, Path]:
    files = {
        "empty": tmp / "empty.html",
        "truncated": tmp / "truncated.pdf",
        "garbage": tmp / "garbage.pdf",
        "no_tables": tmp / "no-tables.html",
        "zip_bomb": tmp / "bomb.docx",
    }
    files["empty"].write_bytes(b"")
    files["garbage"].write_bytes(bytes(range(256)) * 64)
    files["no_tables"].write_text("<html><body><div id=zoom><p>一、总体情况</p><p>本年度无数据。</p></div></body></html>",
                                  encoding="utf-8")
    with zipfile.ZipFile(files["zip_bomb"], "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(1024):  # 1 GB of zeros, about 1 MB compressed
                f.write(chunk)
    return files


def test_bad_inputs_get_one_line_errors_and_the_batch_goes_on(tmp_path):
    files = _bad_files(tmp_path)
    pdf = corpus_path("reports/huaian-city-gov-2024.pdf")
    files["truncated"].write_bytes(pdf.read_bytes()[:20000])
    big = tmp_path / "huge.pdf"
    with open(big, "wb") as f:  # 200 MB, sparse: refused by its size before any byte is read
        f.truncate(200 * 1024 * 1024)
    args = [files["empty"], files["truncated"], pdf, files["garbage"], files["no_tables"], big, files["zip_bomb"]]
    proc = run("extract", *args, "--json")
    assert proc.returncode == 1
    objs = json.loads(proc.stdout)
    assert [o["file"] for o in objs] == [str(a) for a in args]
    assert [o["status"] for o in objs] == ["failed", "failed", "ok", "failed", "failed", "failed", "failed"]
    errors = {Path(o["file"]).name: o["error"] for o in objs}
    assert errors["empty.html"] == "file is empty"
    assert "truncated" in errors["truncated.pdf"] or "%%EOF" in errors["truncated.pdf"]
    assert errors["garbage.pdf"].startswith("not a recognised report file")
    assert errors["no-tables.html"] == "readable, but none of the statistical tables 2–4 was found"
    assert errors["huge.pdf"] == "file is 209,715,200 bytes, over the 52,428,800-byte limit"
    assert errors.get("bomb.docx")
    stderr = proc.stderr.strip().splitlines()
    assert len(stderr) == 6 and all(line.startswith(str(tmp_path)) for line in stderr)
    for o in objs:
        assert o["error"] is None or "\n" not in o["error"]


def test_load_reports_bad_files_by_name_and_loads_the_rest(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "seed.txt").write_bytes(corpus_path("reports/yima-xinfang-2024.txt").read_bytes())
    (src / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage")
    data = tmp_path / "data"
    proc = run("load", src, "--data", data, "--jobs", "1")
    assert proc.returncode == 1
    assert "broken.pdf" in proc.stderr
    assert "2 files read: 1 new, 0 changed, 0 unchanged agency-years; written to" in proc.stdout
    import pandas as pd
    reports = pd.read_parquet(data / "datasets" / "reports")
    assert list(reports["agency"]) == ["义马市信访局"]


@pytest.mark.parametrize("args", [["--help"], ["extract", "--help"], ["load", "--help"], ["samples", "--help"]])
def test_help(args):
    proc = run(*args)
    assert proc.returncode == 0 and "Usage" in proc.stdout
