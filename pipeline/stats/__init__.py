"""Reports on 2008–2018 (format ``pre2019``): statistics tables of any shape, figures in sentences.

``read_stats`` turns a Document into :class:`StatsResult` rows — from statistics
tables read as grids (HTML/DOCX/PDF/markdown) or flattened into text, and from
sentences — each put on a comparable measure by the crosswalk where the meaning
matches. ``apply_pre2019`` attaches them to an Extraction that has none of the
2019/2021 tables.
"""

from __future__ import annotations

from ..document import Document
from ..result import Extraction
from .checks import text_vs_table
from .crosswalk import measure_of_row
from .flat import text_tables
from .grid import grid_tables
from .model import StatRow, StatsResult
from .narrative import Narrative
from .rowbuild import build_rows
from .sentences import prose, sentence_rows

FORMAT = "pre2019"
LAST_YEAR = 2018  # the first Regulations (Decree 492) governed reports on 2008–2018

__all__ = ["FORMAT", "StatRow", "StatsResult", "apply_pre2019", "read_stats"]


def read_stats(doc: Document) -> StatsResult:
    narrative = Narrative(prose(doc.text))
    result = StatsResult()
    for kinds, printed in grid_tables(doc) + text_tables(doc):
        if "this_year" not in kinds:
            result.problems.append(f"statistics table without a this-year column: {kinds}")
            continue
        rows = build_rows(printed, kinds, narrative)
        for row in rows:
            row.measure = measure_of_row(row)
        result.rows += rows
    result.table_found = bool(result.rows)
    for block in doc.blocks:
        if not block.is_table and block.text:
            result.rows += sentence_rows(block.text, block_index=block.pos.index, page=block.pos.page)
    _note_several_figures(result.text_rows)
    result.problems += [f"stats: {r.label}: {r.problem}" for r in result.rows if r.problem]
    return result


def _note_several_figures(rows: list[StatRow]) -> None:
    """Sentences printing different figures for one measure: each is kept, none is chosen."""
    by_measure: dict[str, set] = {}
    for r in rows:
        if r.measure:
            by_measure.setdefault(r.measure, set()).add(r.this_year)
    for r in rows:
        values = by_measure.get(r.measure or "", set())
        if len(values) > 1:
            r.note = f"the text prints several figures for {r.measure}: {', '.join(map(str, sorted(values)))}"


def is_pre2019(ex: Extraction) -> bool:
    """By year and by the absence of the 2019/2021 tables."""
    return not ex.tables and (ex.year is None or ex.year <= LAST_YEAR)


def apply_pre2019(ex: Extraction, doc: Document) -> bool:
    """Attach the pre-2019 statistics to ``ex``; True when that settles its status.

    Status (CONTRACT §1, read for this format): ``ok`` when the statistics table —
    the one table the format has — was found; ``partial`` when only sentences give
    figures; otherwise the caller's ``failed`` (or ``needs_ocr``, when the document has
    images that may hold the table) stands.
    """
    if not is_pre2019(ex):
        return False
    stats = read_stats(doc)
    if not stats.rows or (ex.year is None and not stats.table_found):
        return False  # without a year, sentences alone do not make a document a pre-2019 report
    ex.stats = stats
    if doc.images and not stats.table_found:
        return False  # the table may be one of the images: the caller's needs_ocr stands, figures kept
    ex.checks += text_vs_table(stats)
    ex.problems += stats.problems
    ex.status = "ok" if stats.table_found else "partial"
    ex.error = None if stats.table_found else "no statistics table: figures from sentences only"
    return True
