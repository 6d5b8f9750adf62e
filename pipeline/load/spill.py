"""A load's staged rows: one compressed Arrow IPC stream file per dataset and year.

Rows arrive as Arrow batches, made by the driver from its own buffers or by the workers
for a chunk of documents at once (:mod:`pipeline.load.prepare`), which is what lets a
parallel load scale with its workers: the driver only decodes them (zero-copy) and gathers
them. A worker cannot know where its documents fall in the batch, so the ``SEQ`` of a
worker's stream counts from a base the driver adds when it takes the stream in.

A partition's batches are gathered in memory up to ``BATCH_ROWS`` rows, then written as one
compressed batch; when all of them reach ``FLUSH_ROWS``, the biggest partitions are written
until half is left. Compressing a few hundred rows at a time costs far more
than the rows (zstd, per document: 3 ms to pack a chunk's streams, 2.3 ms to read them
back, against 0.06 ms uncompressed), so workers send theirs uncompressed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from .rows import SEQ

BATCH_ROWS = 8_192  # rows of one partition written as one batch
FLUSH_ROWS = 32_768  # rows gathered in all (~8 MB) before the biggest partitions' are written
_COMPRESSED = pa.ipc.IpcWriteOptions(compression="lz4")  # on 8k rows: ~free (zstd: +0.2 ms per document), 1.7x zstd size


def encode(batch: pa.RecordBatch) -> bytes:
    """``batch`` as one uncompressed Arrow IPC stream (what a worker sends)."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return sink.getvalue().to_pybytes()


class Spill:
    """Append-only stream files, one per dataset and year, holding a load's rows."""

    def __init__(self, root: Path, flush_rows: int = FLUSH_ROWS, batch_rows: int = BATCH_ROWS):
        self.root = root
        self.flush_rows, self.batch_rows = flush_rows, batch_rows
        self._pending: dict[tuple[str, int], list[pa.RecordBatch]] = defaultdict(list)
        self._pending_rows: dict[tuple[str, int], int] = defaultdict(int)
        self._rows = 0
        self._writers: dict[tuple[str, int], pa.ipc.RecordBatchStreamWriter] = {}

    def path(self, dataset: str, year: int) -> Path:
        return self.root / dataset / f"{year}.arrows"

    def add(self, dataset: str, year: int, batch: pa.RecordBatch) -> None:
        """Stage rows whose ``SEQ`` is the batch's."""
        where = (dataset, year)
        self._pending[where].append(batch)
        self._pending_rows[where] += batch.num_rows
        self._rows += batch.num_rows
        if self._pending_rows[where] >= self.batch_rows:
            self._write(where)
        elif self._rows >= self.flush_rows:  # the biggest first, down to half: small ones wait to grow
            for where in sorted(self._pending, key=self._pending_rows.__getitem__, reverse=True):
                self._write(where)
                if self._rows <= self.flush_rows // 2:
                    break

    def add_stream(self, dataset: str, year: int, stream: bytes, base: int) -> None:
        """Stage the rows of an encoded stream, their ``SEQ`` counted from ``base``."""
        for batch in pa.ipc.open_stream(stream):
            if base:
                at = batch.schema.get_field_index(SEQ)
                seq = pc.add(batch.column(at), pa.scalar(base, pa.int32()))
                batch = batch.set_column(at, batch.schema.field(at), seq)
            self.add(dataset, year, batch)

    def flush(self) -> None:
        """Write what is gathered, a batch per partition."""
        for where in list(self._pending):
            self._write(where)

    def _write(self, where: tuple[str, int]) -> None:
        batches = self._pending.pop(where)
        self._rows -= self._pending_rows.pop(where)
        writer = self._writers.get(where)
        if writer is None:
            path = self.path(*where)
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = self._writers[where] = pa.ipc.new_stream(str(path), batches[0].schema, options=_COMPRESSED)
        writer.write_batch(pa.concat_batches(batches) if len(batches) > 1 else batches[0])

    def close(self) -> None:
        """Write what is left and close the files (then :meth:`batches` can read them)."""
        self.flush()
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    def batches(self, dataset: str, year: int) -> Iterator[pa.RecordBatch]:
        """The staged batches of a partition, in the order staged."""
        path = self.path(dataset, year)
        if not path.exists():
            return
        with pa.OSFile(str(path)) as source:
            yield from pa.ipc.open_stream(source)
