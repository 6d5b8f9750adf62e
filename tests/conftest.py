"""Shared test fixtures. Real documents are read from ../shared/corpus at test
time (never copied into the repo); tests that need them skip when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"real-document corpus not available at {CORPUS} (set XXGK_CORPUS)")
    return CORPUS
