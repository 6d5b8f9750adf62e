"""Shared test fixtures. Real documents are read from ../shared/corpus at test
time (never copied into the repo); tests that need them skip when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI (.ci/run sets HYPOTHESIS_PROFILE=ci) draws the same examples on every run, so that a gate
# never fails on a new random draw; a local `make test` explores new ones each time.
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("XXGK_CORPUS", ROOT.parent / "shared" / "corpus"))
SPEC_DIR = CORPUS.parent / "spec"
EXPECTED_DIR = Path(__file__).resolve().parent / "expected"


def corpus_path(rel: str) -> Path:
    """Path of a corpus file, skipping the test when the corpus is not there."""
    p = CORPUS / rel
    if not p.exists():
        pytest.skip(f"real-document corpus not available: {p} (set XXGK_CORPUS to its folder)")
    return p


# The real report pages (truth: tests/expected/pingtan-*.yaml), converted once per
# session by every producer of tests/producers.py: the producer matrix and the
# text-dump tests read the same derived files.
PAGES_EXPECTED = sorted(EXPECTED_DIR.glob("pingtan-*.yaml"))


@pytest.fixture(scope="session")
def derived(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """{(page stem, producer name): derived file} for every real page and producer."""
    import producers
    import yaml

    if producers.CHROMIUM is None or producers.SOFFICE is None:
        pytest.skip("the producer matrix needs chromium and soffice (make setup installs both)")
    pages = [corpus_path(yaml.safe_load(p.read_text("utf-8"))["document"]) for p in PAGES_EXPECTED]
    return producers.derive_all(pages, tmp_path_factory.mktemp("producers"))


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"real-document corpus not available at {CORPUS} (set XXGK_CORPUS)")
    return CORPUS


# The real reports with tables, loaded once per test session for the tests that
# read datasets (compare, report): they only read and derive, never reload.
REAL_REPORTS = ["reports/huaian-city-gov-2024.pdf", "reports/huaian-hongze-district-gov-2023.pdf",
                "reports/huaian-hongze-district-gov-2024.pdf", "reports/yima-xinfang-2024.txt"]


@pytest.fixture(scope="session")
def real_extractions() -> list:
    """The real reports with tables, extracted once per session."""
    from pipeline.extract import extract_path

    return [extract_path(corpus_path(f)) for f in REAL_REPORTS]


@pytest.fixture(scope="session")
def real_reports_data(tmp_path_factory, real_extractions) -> Path:
    from pipeline.load import load

    data = tmp_path_factory.mktemp("real-reports") / "data"
    load(real_extractions, data)
    return data


@pytest.fixture(scope="session")
def both_formats_data(tmp_path_factory) -> Path:
    """义马市信访局 in 2019 (format 2019) and 2021 (format 2021), loaded once per session
    for the panel, query and dictionary tests, which only read it."""
    from generated import both_formats, load_reports

    data = tmp_path_factory.mktemp("both-formats") / "data"
    load_reports(data, both_formats())
    return data


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory) -> Path:
    """The data of `make run`: the demo sites served on loopback, crawled, extracted and loaded
    by ``python -m scrapers.demo`` (≈15 s), once per session. Tests copy it before changing it."""
    import subprocess
    import sys

    data = tmp_path_factory.mktemp("demo") / "data"
    done = subprocess.run([sys.executable, "-m", "scrapers.demo", "--data", str(data)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return data


@pytest.fixture(scope="session")
def sample_corpus_data(tmp_path_factory) -> Path:
    """The 40-report sample corpus (seed 2024, files in ``DATA/../samples``), extracted and loaded once
    per session for the tests that only read it and its derived datasets (report page, site database)."""
    from pipeline.extract import extract_path
    from pipeline.load import load
    from pipeline.samples.corpus import generate_corpus

    tmp = tmp_path_factory.mktemp("sample-corpus")
    generate_corpus(tmp / "samples", n=40, seed=2024)
    load((extract_path(p) for p in sorted((tmp / "samples").iterdir()) if p.suffix != ".json"), tmp / "data")
    return tmp / "data"
