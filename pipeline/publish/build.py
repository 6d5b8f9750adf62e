"""``xxgk publish``: the datasets of one snapshot as one SQLite database, rebuilt incrementally.

Rows are replaced per report (agency-year; per year for datasets without an
agency) and only where their content changed: every publish hashes each
report's rows of each dataset and compares with the hashes stored in the
database by the previous publish (``_xxgk_publish``). Unchanged reports keep
their rows and their full-text index — segmenting text is the slow part.

Atomic: the previous database is copied to a temporary file beside it, the
changes are made there, and the finished file is renamed over the old one, so
a reader (Datasette) sees the old database or the new one, never half of one.
A publish killed half-way leaves only the temporary file, removed by the next.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline.findings import build as build_derived
from pipeline.findings import read_derived, snapshot_of
from pipeline.findings.store import MARKER
from pipeline.load import read_dataset
from pipeline.load.schema import PARTITION
from pipeline.storage import Snapshot, crash_point, fsync_path
from pipeline.views import read_source

from . import fts
from .metadata import write_metadata
from .names import META, REPORT_ID, REPORTS, STATE
from .schema import Context, Table, tables

VERSION = "1"          # bump when the database layout changes: the next publish rebuilds everything
CRASH_POINT = "publish-written"


@dataclass(slots=True)
class PublishSummary:
    out: Path
    up_to_date: bool = False
    rebuilt: bool = False                                    # everything written anew
    changed: dict[str, int] = field(default_factory=dict)   # table → reports (or years) rewritten
    removed: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def metadata_path(db: Path) -> Path:
    """``site.db`` → ``site.metadata.json`` (Datasette's ``--metadata``)."""
    return Path(db).with_suffix(".metadata.json")


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    with open(out.parent / f".{out.name}.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _stamp(snapshot: Snapshot) -> str:
    """Identifies what a database was built from: snapshot, derived build, layout version."""
    try:
        built = json.loads(snapshot.read_text(MARKER) or "").get("built_at")
    except ValueError:
        built = None
    layout = "\n".join(t.ddl() for t in tables())
    return json.dumps([snapshot.name, built, VERSION, layout])


def _meta(db: Path) -> dict[str, str]:
    if not db.is_file():
        return {}
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            return dict(conn.execute(f'SELECT key, value FROM "{META}"').fetchall())
    except sqlite3.Error:
        return {}


def publish(data_dir, out: Path, *, force: bool = False, jobs: int = 0) -> PublishSummary:
    """Write (or bring up to date) the site database ``out`` and its metadata from ``data_dir``
    (a local path or a URL, see :class:`pipeline.storage.DataDir`)."""
    out = Path(out)
    start = time.perf_counter()
    build_derived(data_dir, jobs=jobs)
    snapshot = snapshot_of(data_dir)
    stamp = _stamp(snapshot)
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = PublishSummary(out)
    with _locked(out):
        for stale in out.parent.glob(f".{out.name}.tmp-*"):
            stale.unlink(missing_ok=True)
        previous = _meta(out)
        if not force and previous.get("stamp") == stamp and metadata_path(out).is_file():
            summary.up_to_date = True
            return summary
        tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
        summary.rebuilt = force or previous.get("version") != VERSION
        if not summary.rebuilt:
            with closing(sqlite3.connect(out)) as src, closing(sqlite3.connect(tmp)) as dst:
                src.backup(dst)
        try:
            with closing(sqlite3.connect(tmp)) as conn:
                conn.execute("PRAGMA journal_mode = OFF")   # the file is private until renamed
                conn.execute("PRAGMA synchronous = OFF")
                _write(conn, data_dir, snapshot, summary)
                conn.executemany(f'INSERT OR REPLACE INTO "{META}"(key, value) VALUES (?, ?)',
                                 [("version", VERSION), ("stamp", stamp), ("snapshot", snapshot.name),
                                  ("published_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))])
                conn.commit()
                conn.execute("PRAGMA optimize")
            fsync_path(tmp)
            crash_point(CRASH_POINT)
            os.replace(tmp, out)
            fsync_path(out.parent)
        finally:
            tmp.unlink(missing_ok=True)
        write_metadata(metadata_path(out), out.stem)
    summary.seconds = time.perf_counter() - start
    return summary


def _read(data_dir, snapshot: Snapshot, table: Table) -> pd.DataFrame:
    if table.derived:
        return read_derived(data_dir, table.name, snapshot=snapshot)
    return read_source(table.name, snapshot)


def _write(conn: sqlite3.Connection, data_dir, snapshot: Snapshot, summary: PublishSummary) -> None:
    conn.execute(f'CREATE TABLE IF NOT EXISTS "{STATE}" (tbl TEXT, grp TEXT, hash TEXT, PRIMARY KEY (tbl, grp))')
    conn.execute(f'CREATE TABLE IF NOT EXISTS "{META}" (key TEXT PRIMARY KEY, value TEXT)')
    all_tables = tables()
    reports = read_dataset(data_dir, REPORTS, snapshot=snapshot)
    ctx = Context(data_dir, reports)
    for table in all_tables:
        frame = reports if table.name == REPORTS else _read(data_dir, snapshot, table)
        rows = sql_rows(table, frame, ctx)
        changed, removed = _sync(conn, table, rows)
        summary.changed[table.name], summary.removed[table.name] = changed, removed
        summary.rows[table.name] = len(rows)
    known = {t.name for t in all_tables}
    for (name,) in conn.execute(f'SELECT DISTINCT tbl FROM "{STATE}"').fetchall():
        if name not in known:   # a dataset no longer declared
            _drop(conn, name)


def sql_rows(table: Table, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """The dataset as SQLite values: Python objects, None for nulls, ISO dates, JSON lists."""
    out = {}
    types = {f.name: f.type for f in table.schema}
    if table.keyed:
        out[REPORT_ID] = (frame["agency_id"].astype(str) + "/" + frame[PARTITION].astype(int).astype(str)).to_numpy(object)
    for name, _ in table.columns:
        if name == REPORT_ID:
            continue
        if name in types:
            out[name] = _values(frame[name], types[name])
        else:
            out[name] = _values(table.extras.computed[name](frame, ctx), pa.string())
    return pd.DataFrame(out, index=range(len(frame)))


def _values(s: pd.Series, t: pa.DataType) -> np.ndarray:
    values = s.to_numpy(dtype=object, na_value=None) if len(s) else np.array([], dtype=object)
    if pa.types.is_floating(t):
        return np.array([None if v is None or math.isnan(v) else float(v) for v in values], dtype=object)
    if pa.types.is_boolean(t):
        return np.array([None if v is None else int(v) for v in values], dtype=object)
    if pa.types.is_date(t) or pa.types.is_timestamp(t):
        return np.array([None if v is None or v is pd.NaT else v.isoformat() for v in values], dtype=object)
    if pa.types.is_list(t):
        return np.array([None if v is None else json.dumps([x.item() if hasattr(x, "item") else x for x in v],
                                                            ensure_ascii=False) for v in values], dtype=object)
    return values


def group_hashes(rows: pd.DataFrame, column: str) -> dict[str, str]:
    """Report (or year) → a hash of its rows' content, independent of row order."""
    if rows.empty:
        return {}
    row_hash = pd.util.hash_pandas_object(rows, index=False).to_numpy(np.uint64)
    codes, keys = pd.factorize(rows[column].astype(str))
    total = np.zeros(len(keys), dtype=np.uint64)
    np.add.at(total, codes, row_hash)
    counts = np.bincount(codes, minlength=len(keys))
    return {k: f"{t:016x}{c:x}" for k, t, c in zip(keys, total, counts, strict=True)}


def _exists(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def _drop(conn: sqlite3.Connection, name: str) -> None:
    conn.execute(f'DROP TABLE IF EXISTS "{fts.fts_name(name)}"')
    conn.execute(f'DROP TABLE IF EXISTS "{name}"')
    conn.execute(f'DELETE FROM "{STATE}" WHERE tbl = ?', (name,))
    conn.execute(f'DELETE FROM "{META}" WHERE key = ?', (f"ddl:{name}",))


def _sync(conn: sqlite3.Connection, table: Table, rows: pd.DataFrame) -> tuple[int, int]:
    """Bring one table in line with ``rows``; returns (groups rewritten, groups removed)."""
    ddl = table.ddl() + f"\n-- fts {table.extras.fts}"
    stored = conn.execute(f'SELECT value FROM "{META}" WHERE key = ?', (f"ddl:{table.name}",)).fetchone()
    if not _exists(conn, table.name) or stored is None or stored[0] != ddl:
        _drop(conn, table.name)
        conn.execute(table.ddl())
        if table.extras.fts:
            fts.create_fts(conn, table.name)
        conn.execute(f'INSERT INTO "{META}"(key, value) VALUES (?, ?)', (f"ddl:{table.name}", ddl))
    group = table.group_column
    new = group_hashes(rows, group)
    old = dict(conn.execute(f'SELECT grp, hash FROM "{STATE}" WHERE tbl = ?', (table.name,)).fetchall())
    changed = [g for g, h in new.items() if old.get(g) != h]
    removed = [g for g in old if g not in new]
    stale = changed + removed
    if stale:
        native = [int(g) for g in stale] if group == PARTITION else stale
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS _stale (k)")
        conn.execute("DELETE FROM _stale")
        conn.executemany("INSERT INTO _stale VALUES (?)", [(k,) for k in native])
        where = f'"{group}" IN (SELECT k FROM _stale)'
        if table.extras.fts:
            rowids = [r for (r,) in conn.execute(f'SELECT rowid FROM "{table.name}" WHERE {where}')]
            fts.unindex_rows(conn, table.name, rowids)
        conn.execute(f'DELETE FROM "{table.name}" WHERE {where}')
        fresh = rows[rows[group].astype(str).isin(set(changed))] if changed else rows.iloc[:0]
        names = [c for c, _ in table.columns]
        marks = ", ".join("?" * len(names))
        cols = ", ".join(f'"{c}"' for c in names)
        conn.executemany(f'INSERT INTO "{table.name}" ({cols}) VALUES ({marks})',
                         fresh[names].itertuples(index=False, name=None))
        if table.extras.fts and changed:
            texts = ", ".join(f'"{c}"' for c in table.extras.fts)
            cursor = conn.execute(f'SELECT rowid, {texts} FROM "{table.name}" WHERE {where}')
            fts.index_rows(conn, table.name, ((r[0], list(r[1:])) for r in cursor.fetchall()))
        conn.executemany(f'DELETE FROM "{STATE}" WHERE tbl = ? AND grp = ?', [(table.name, g) for g in stale])
        conn.executemany(f'INSERT INTO "{STATE}"(tbl, grp, hash) VALUES (?, ?, ?)',
                         [(table.name, g, new[g]) for g in changed])
    for cols in table.index_columns():
        name = f"idx_{table.name}_{'_'.join(cols)}"
        conn.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table.name}" ({", ".join(chr(34) + c + chr(34) for c in cols)})')
    return len(changed), len(removed)
