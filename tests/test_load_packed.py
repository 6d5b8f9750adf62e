"""Rows a worker packed for a chunk of documents (one Arrow stream per dataset and year,
``pipeline.load.prepare.pack``) load exactly as the documents' own rows would: whatever the
loader decides for each document of the chunk (written, superseded by a later one, already
loaded, lost with its worker and replaced by a failure made in the driver)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from pipeline.extract import extract_path, lost_extraction
from pipeline.load import DATASETS, load, read_dataset
from pipeline.load.prepare import Prepared, pack_outcomes, prepare
from pipeline.load.rows import SEQ
from pipeline.load.spill import Spill, encode
from pipeline.samples import generate_corpus
from pipeline.workers.base import Raised

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def rows(data: Path) -> dict[str, list[tuple]]:
    out = {}
    for name in DATASETS:
        df = read_dataset(data, name).drop(columns=["loaded_at"], errors="ignore")
        out[name] = sorted(df.astype(object).where(df.notna(), None).itertuples(index=False, name=None), key=repr)
    return out


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("reports")
    generate_corpus(folder, n=7, seed=31, kinds=("txt", "html"))
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html"))


def packed(items: list[Path | None], chunksize: int) -> list[Prepared]:
    """What ``xxgk load --jobs N`` hands the loader: each chunk prepared and packed as in a
    worker; ``None`` is an item whose worker died, replaced in the driver by a failure."""
    out: list[Prepared] = []
    for start in range(0, len(items), chunksize):
        chunk = items[start:start + chunksize]
        outcomes = [prepare(extract_path(p), NOW) if p is not None else Raised(RuntimeError("worker died"))
                    for p in chunk]
        pack_outcomes(outcomes)
        out += [o if isinstance(o, Prepared) else prepare(lost_extraction("dead.pdf", o.exc), NOW)
                for o in outcomes]
    return out


def test_packed_chunks_load_as_the_documents_do(files, tmp_path):
    # Chunks of 3: the file loaded twice supersedes its first copy in another chunk and in its own;
    # the lost item sits inside a chunk, between documents whose rows the chunk's first carries.
    items = [files[0], files[1], None, files[2], files[0], files[3], files[4], files[4], files[5], files[6]]
    plain = [extract_path(p) if p is not None else lost_extraction("dead.pdf", RuntimeError("worker died"))
             for p in items]
    load(plain, tmp_path / "plain")

    batch = packed(items, 3)
    carried = [bool(p.packed) for p in batch]
    assert carried == [True, False, False, True, False, False, True, False, False, True]
    assert all(not p.rows for p in batch)
    summary = load(batch, tmp_path / "packed")
    assert summary.loaded == 7 and len(summary.superseded) == 2
    assert rows(tmp_path / "packed") == rows(tmp_path / "plain")
    assert len(rows(tmp_path / "plain")["reports"]) == 7


def test_a_chunk_whose_first_document_is_already_loaded_still_loads_the_others(files, tmp_path):
    """The chunk's rows ride with a document the loader does not write (unchanged): they are staged anyway."""
    for data in ("plain", "packed"):
        load([extract_path(files[0]), extract_path(files[3])], tmp_path / data)
    items = [files[0], files[1], files[2], files[3], files[4], files[5]]
    load([extract_path(p) for p in items], tmp_path / "plain")
    summary = load(packed(items, 3), tmp_path / "packed")
    assert (summary.new, summary.unchanged) == (4, 2)
    assert rows(tmp_path / "packed") == rows(tmp_path / "plain")


def test_staged_streams_give_their_seq_counted_from_the_base_they_were_given(tmp_path):
    schema = pa.schema([pa.field("v", pa.string()), pa.field(SEQ, pa.int32(), nullable=False)])

    def batch(values: list[str], seqs: list[int]) -> pa.RecordBatch:
        return pa.record_batch([pa.array(values), pa.array(seqs, pa.int32())], schema=schema)

    spill = Spill(tmp_path / "spill", flush_rows=4)
    spill.add("cells", 2024, batch(["a", "b"], [0, 0]))
    spill.add_stream("cells", 2024, encode(batch(["c", "d", "e"], [0, 2, 2])), base=40)  # 5 rows: written
    spill.add_stream("cells", 2023, encode(batch(["x"], [1])), base=7)
    spill.add_stream("cells", 2024, encode(batch(["f"], [0])), base=0)
    spill.close()
    got = [(b["v"].to_pylist(), b[SEQ].to_pylist()) for b in spill.batches("cells", 2024)]
    assert got == [(["a", "b", "c", "d", "e"], [0, 0, 40, 42, 42]), (["f"], [0])]
    assert [b[SEQ].to_pylist() for b in spill.batches("cells", 2023)] == [[8]]
    assert list(spill.batches("stats", 2024)) == []
    assert next(spill.batches("cells", 2024)).schema.equals(schema)
