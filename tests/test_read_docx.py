"""Word readers: DOCX structure, zip-bomb guard, and .doc/.wps/.rtf through LibreOffice.

Every document is built here with python-docx; the legacy formats are made from
it with LibreOffice, so a round trip must give back the same blocks.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import tempfile
import time
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.errors import ConverterMissing, ReadError, UnsupportedFileType
from pipeline.read import docx as docx_reader
from pipeline.read import legacy_word, read_bytes
from pipeline.read.zipsafety import check_zip

# --- the report: table 3 of a 2021-format report, between headings and paragraphs

CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
RESULTS = "三、本年度办理结果"
PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
GROUPS = {  # merged row label -> its sub-rows
    "（三）不予公开": ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                "7.属于行政执法案卷", "8.属于行政查询事项"],
    "（四）无法提供": ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"],
    "（五）不予处理": ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                "5.要求行政机关确认或重新出具已获取信息"],
    "（六）其他处理": ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "3.其他"],
}

# The expanded grid, written out: a merged cell's text in every position it covers.
HEADER_GRID = [
    [CORNER] * 3 + ["申请人情况"] * 7,
    [CORNER] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
    [CORNER] * 3 + APPLICANTS,
]
DATA_LABELS = [
    ["一、本年新收政府信息公开申请数量"] * 3,
    ["二、上年结转政府信息公开申请数量"] * 3,
    [RESULTS, "（一）予以公开", "（一）予以公开"],
    [RESULTS, PARTIAL, PARTIAL],
    [RESULTS, "（三）不予公开", "1.属于国家秘密"],
    [RESULTS, "（三）不予公开", "2.其他法律行政法规禁止公开"],
    [RESULTS, "（三）不予公开", "3.危及“三安全一稳定”"],
    [RESULTS, "（三）不予公开", "4.保护第三方合法权益"],
    [RESULTS, "（三）不予公开", "5.属于三类内部事务信息"],
    [RESULTS, "（三）不予公开", "6.属于四类过程性信息"],
    [RESULTS, "（三）不予公开", "7.属于行政执法案卷"],
    [RESULTS, "（三）不予公开", "8.属于行政查询事项"],
    [RESULTS, "（四）无法提供", "1.本机关不掌握相关政府信息"],
    [RESULTS, "（四）无法提供", "2.没有现成信息需要另行制作"],
    [RESULTS, "（四）无法提供", "3.补正后申请内容仍不明确"],
    [RESULTS, "（五）不予处理", "1.信访举报投诉类申请"],
    [RESULTS, "（五）不予处理", "2.重复申请"],
    [RESULTS, "（五）不予处理", "3.要求提供公开出版物"],
    [RESULTS, "（五）不予处理", "4.无正当理由大量反复申请"],
    [RESULTS, "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"],
    [RESULTS, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
    [RESULTS, "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
    [RESULTS, "（六）其他处理", "3.其他"],
    [RESULTS, "（七）总计", "（七）总计"],
    ["四、结转下年度继续办理"] * 3,
]


def _values(i: int) -> list[str]:
    """Distinct numbers per data row, so a shifted row cannot go unnoticed."""
    return [str(100 * i + j) for j in range(7)]


TABLE3_GRID = HEADER_GRID + [labels + _values(i) for i, labels in enumerate(DATA_LABELS)]

# A table whose third row lacks its leading cell (w:gridBefore) and whose last
# row stops short (w:gridAfter), as when a cell was deleted in Word.
SHORT_ROWS_GRID = [
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "1", "2", "3"],
    ["", "4", "5", "6"],
    ["合计", "7", "", ""],
]

BLOCKS = [  # (kind, text) of the non-table blocks, None for a table
    ("heading", "义马市信访局2024年政府信息公开工作年度报告"),
    ("heading", "一、总体情况"),
    ("paragraph", "2024年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。"),
    ("heading", "三、收到和处理政府信息公开申请情况"),
    ("table", None),
    ("heading", "二、主动公开政府信息情况"),
    ("table", None),
    ("paragraph", "表格之间的说明。"),
    ("table", None),  # holds the nested table
    ("table", None),  # the nested table, right after its parent
    ("paragraph", "五、存在的主要问题及改进情况"),
]
OUTER_GRID = [["外层表格", "说明"], ["第二行", "含嵌套表"]]
NESTED_GRID = [["内", "嵌"], ["1", "2"]]


def _write(cell, *lines: str) -> None:
    """Put one paragraph per line in a cell."""
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _add_table3(document) -> None:
    width = 3 + len(APPLICANTS)
    table = document.add_table(rows=len(TABLE3_GRID), cols=width)
    table.style = "Table Grid"
    cell = table.cell
    _write(cell(0, 0).merge(cell(2, 2)), CORNER)
    _write(cell(0, 3).merge(cell(0, width - 1)), "申请人情况")
    natural = cell(1, 3).merge(cell(2, 3))
    natural.text = "自然"
    natural.paragraphs[0].add_run("人").bold = True  # runs join without a space
    _write(cell(1, 4).merge(cell(1, 8)), "法人或其他", "组织")  # CJK lines join without a space
    _write(cell(1, 9).merge(cell(2, 9)), "总计")
    for j, name in enumerate(APPLICANTS[1:6]):
        _write(cell(2, 4 + j), name)

    r = 3
    for label in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"):
        _write(cell(r, 0).merge(cell(r, 2)), label)
        r += 1
    first_result = r
    _write(cell(r, 1).merge(cell(r, 2)), "（一）予以公开")
    partial = cell(r + 1, 1).merge(cell(r + 1, 2))
    partial.text = "（二）部分公开"
    partial.paragraphs[0].add_run().add_break()  # a line break inside the paragraph
    partial.paragraphs[0].add_run("（区分处理的，只计这一情形，不计其他情形）")
    r += 2
    for group, items in GROUPS.items():
        _write(cell(r, 1).merge(cell(r + len(items) - 1, 1)), group)
        for k, item in enumerate(items):
            _write(cell(r + k, 2), item)
        r += len(items)
    _write(cell(r, 1).merge(cell(r, 2)), "（七）总计")
    _write(cell(first_result, 0).merge(cell(r, 0)), RESULTS)
    _write(cell(r + 1, 0).merge(cell(r + 1, 2)), "四、结转下年度继续办理")
    for i in range(len(DATA_LABELS)):
        for j, value in enumerate(_values(i)):
            _write(cell(3 + i, 3 + j), value)


def _set_row_gap(row, name: str, width: int) -> None:
    """Drop ``width`` cells from one end of a row and declare the gap (gridBefore/gridAfter)."""
    tr = row._tr
    cells = tr.tc_lst
    for tc in (cells[:width] if name == "gridBefore" else cells[-width:]):
        tr.remove(tc)
    gap = OxmlElement(f"w:{name}")
    gap.set(qn("w:val"), str(width))
    tr.get_or_add_trPr().append(gap)


def _add_short_rows_table(document) -> None:
    table = document.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    for r, row in enumerate(SHORT_ROWS_GRID):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    _set_row_gap(table.rows[2], "gridBefore", 1)
    _set_row_gap(table.rows[3], "gridAfter", 2)


def build_report() -> bytes:
    document = docx.Document()
    props = document.core_properties
    props.title = "义马市信访局2024年政府信息公开工作年度报告"
    props.author = "义马市信访局"
    props.created = datetime(2025, 1, 20, 9, 30, tzinfo=UTC)
    props.modified = datetime(2025, 1, 21, 16, 5, tzinfo=UTC)
    document.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)

    document.add_heading(BLOCKS[0][1], level=0)  # style Title
    document.add_heading(BLOCKS[1][1], level=1)  # style Heading 1
    document.add_paragraph("  2024年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。 ")
    document.add_paragraph("")  # empty paragraphs are not blocks
    document.add_heading(BLOCKS[3][1], level=2)
    _add_table3(document)
    document.add_paragraph(BLOCKS[5][1], style="标题 2")
    _add_short_rows_table(document)
    document.add_paragraph(BLOCKS[7][1])
    outer = document.add_table(rows=2, cols=2)
    outer.style = "Table Grid"
    for r, row in enumerate(OUTER_GRID):
        for c, text in enumerate(row):
            outer.cell(r, c).text = text
    nested = outer.cell(1, 1).add_table(rows=2, cols=2)
    for r, row in enumerate(NESTED_GRID):
        for c, text in enumerate(row):
            nested.cell(r, c).text = text
    document.add_paragraph(BLOCKS[10][1])  # Word needs a paragraph after the last table
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def report_docx() -> bytes:
    return build_report()


def _assert_report(doc) -> None:
    assert [(b.kind, b.text or None) for b in doc.blocks] == BLOCKS
    assert [b.pos.index for b in doc.blocks] == list(range(len(BLOCKS)))
    table3, short_rows, outer, nested = (b.rows for b in doc.tables)
    assert table3 == TABLE3_GRID
    assert short_rows == SHORT_ROWS_GRID
    assert outer == OUTER_GRID
    assert nested == NESTED_GRID


# --- DOCX ---------------------------------------------------------------------

def test_docx_blocks_in_order_with_expanded_grids(report_docx):
    doc = docx_reader.read(report_docx, "report.docx")
    assert doc.file_type == "docx"
    assert doc.status == "ok"
    _assert_report(doc)


def test_docx_table3_merged_labels_cover_every_position(report_docx):
    table3 = docx_reader.read(report_docx, "report.docx").tables[0].rows
    assert len(table3) == 28 and {len(row) for row in table3} == {10}
    denied = [r for r, row in enumerate(table3) if row[1] == "（三）不予公开"]
    assert denied == list(range(7, 15))
    assert [row[2] for row in table3[7:15]] == GROUPS["（三）不予公开"]
    assert table3[1][4:9] == ["法人或其他组织"] * 5
    assert table3[7][3:] == ["400", "401", "402", "403", "404", "405", "406"]


def test_docx_meta_from_core_properties(report_docx):
    assert docx_reader.read(report_docx, "report.docx").meta == {
        "title": "义马市信访局2024年政府信息公开工作年度报告",
        "author": "义马市信访局",
        "created": "2025-01-20T09:30:00+00:00",
        "modified": "2025-01-21T16:05:00+00:00",
    }


def test_docx_without_core_properties_has_no_invented_meta(report_docx):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(report_docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "_rels/.rels":
                data = re.sub(rb"<Relationship [^>]*core-properties[^>]*/>", b"", data)
            if info.filename != "docProps/core.xml":
                dst.writestr(info, data)
    doc = docx_reader.read(out.getvalue(), "bare.docx")
    assert doc.meta == {}
    assert doc.tables[0].rows == TABLE3_GRID


def test_docx_content_controls_and_tracked_changes():
    """A table inside a content control (w:sdt) is still a block in its place;
    inserted text counts, deleted text does not."""
    document = docx.Document()
    document.add_paragraph("前")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "甲"
    table.cell(0, 1).text = "乙"
    revised = document.add_paragraph("本年新收")
    document.add_paragraph("后")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    table._tbl.addprevious(sdt)
    sdt.append(content)
    content.append(table._tbl)
    for tag, text in (("w:ins", "5"), ("w:del", "4")):
        change, run, t = OxmlElement(tag), OxmlElement("w:r"), OxmlElement("w:t" if tag == "w:ins" else "w:delText")
        t.text = text
        run.append(t)
        change.append(run)
        revised._p.append(change)
    out = io.BytesIO()
    document.save(out)
    doc = docx_reader.read(out.getvalue(), "sdt.docx")
    assert [(b.kind, b.text, b.rows) for b in doc.blocks] == [
        ("paragraph", "前", []), ("table", "", [["甲", "乙"]]), ("paragraph", "本年新收5", []), ("paragraph", "后", [])]


def test_docx_through_dispatch(report_docx):
    doc = read_bytes(report_docx, "http://example.gov.cn/fj/nb2024.docx")
    assert doc.source == "http://example.gov.cn/fj/nb2024.docx"
    _assert_report(doc)


def test_zip_that_is_not_a_word_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("readme.txt", "这不是Word文件")
    with pytest.raises(ReadError, match=r"^x\.docx: not a readable Word document \(") as err:
        docx_reader.read(out.getvalue(), "x.docx")
    assert "\n" not in str(err.value)
    with pytest.raises(UnsupportedFileType):
        read_bytes(out.getvalue(), "x.docx")


def test_docx_with_broken_document_part():
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(build_report())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, b"<w:document" if info.filename == "word/document.xml" else src.read(info))
    with pytest.raises(ReadError, match=r"^broken\.docx: not a readable Word document \(") as err:
        read_bytes(out.getvalue(), "broken.docx")
    assert "\n" not in str(err.value)


def test_not_a_zip():
    with pytest.raises(ReadError, match=r"^x\.docx: not a valid ZIP archive"):
        docx_reader.read(b"PK\x03\x04 but truncated", "x.docx")


# --- zip bombs: deflate streams of zeros, written block by block -------------

MIB = 1 << 20
_ZERO_MIB = bytes(MIB)


def _zero_blocks():
    """One MiB of zeros as a self-contained, non-final deflate block run; any
    number of copies followed by an empty final block is a valid stream."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(_ZERO_MIB) + packer.flush(zlib.Z_FULL_FLUSH)


_FINAL_BLOCK = b"\x03\x00"


def write_zeros_zip(path: Path, mib: int, *, declared: int | None = None,
                    name: str = "word/document.xml") -> bytes:
    """A ZIP holding ``mib`` MiB of zeros in one deflated member, streamed to
    ``path`` (nothing large is held in memory). ``declared`` forges the header's
    uncompressed size."""
    block = _zero_blocks()
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(_ZERO_MIB, crc)
    size = mib * MIB if declared is None else declared
    csize = mib * len(block) + len(_FINAL_BLOCK)
    encoded = name.encode()
    with path.open("wb") as f:
        f.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, csize, size, len(encoded), 0))
        f.write(encoded)
        for _ in range(mib):
            f.write(block)
        f.write(_FINAL_BLOCK)
        directory = f.tell()
        f.write(struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, csize, size,
                            len(encoded), 0, 0, 0, 0, 0, 0))
        f.write(encoded)
        end = f.tell()
        f.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, 1, 1, end - directory, directory, 0))
    return path.read_bytes()


def test_zeros_zip_helper_writes_a_valid_zip(tmp_path):
    data = write_zeros_zip(tmp_path / "small.zip", 3)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.read("word/document.xml") == bytes(3 * MIB)


def _read_quickly(data: bytes, source: str) -> str:
    start = time.monotonic()
    with pytest.raises(ReadError) as err:
        read_bytes(data, source)
    assert time.monotonic() - start < 2.0
    return str(err.value)


def test_zip_bomb_declaring_1_gib(tmp_path):
    data = write_zeros_zip(tmp_path / "bomb.docx", 1024)
    assert len(data) < 1.1 * MIB
    assert _read_quickly(data, "bomb.docx") == (
        "bomb.docx: ZIP declares 1,073,741,824 uncompressed bytes, over the limit of 209,715,200 (zip bomb?)")


def test_zip_bomb_with_forged_size_is_caught_while_inflating(tmp_path):
    data = write_zeros_zip(tmp_path / "forged.docx", 1024, declared=10_000)
    assert _read_quickly(data, "forged.docx") == (
        "forged.docx: ZIP member word/document.xml inflates past its declared size of 10,000 bytes "
        "(forged header, zip bomb?)")


def test_zip_member_with_extreme_ratio(tmp_path):
    data = write_zeros_zip(tmp_path / "dense.docx", 100)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        compressed = zf.getinfo("word/document.xml").compress_size
    assert compressed < 110_000
    assert _read_quickly(data, "dense.docx") == (
        f"dense.docx: ZIP member word/document.xml expands {100 * MIB / compressed:,.0f}-fold "
        f"({compressed:,} -> 104,857,600 bytes), over the limit of 200 (zip bomb?)")


def test_zip_with_too_many_members():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for i in range(6):
            zf.writestr(f"part{i}.xml", "<x/>")
    with pytest.raises(ReadError, match=r"^m\.zip: ZIP has 6 members, over the limit of 5$"):
        check_zip(out.getvalue(), "m.zip", max_members=5)
    check_zip(out.getvalue(), "m.zip", max_members=6)


def test_real_docx_passes_zip_check(report_docx):
    check_zip(report_docx, "report.docx")


# --- .doc / .wps / .rtf through LibreOffice ------------------------------------

def test_converter_missing(monkeypatch, tmp_path, report_docx):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no soffice, no libreoffice
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)
    with pytest.raises(ConverterMissing) as err:
        read_bytes(ole2, "old.doc")
    assert str(err.value) == ("old.doc: LibreOffice (soffice) is needed to read .doc/.wps/.rtf/.odt files; "
                              "install libreoffice-writer")


def _soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.skip("LibreOffice (soffice) is not installed; .doc/.wps/.rtf reading cannot be tested")
    return path


@pytest.fixture(scope="module")
def legacy_files(report_docx, tmp_path_factory) -> dict[str, bytes]:
    """The report converted by LibreOffice to .doc and .rtf (the test's own conversion)."""
    soffice = _soffice()
    work = tmp_path_factory.mktemp("legacy")
    source = work / "report.docx"
    source.write_bytes(report_docx)
    out = {}
    for fmt in ("doc", "rtf"):
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(work / 'lo').as_uri()}",
                        "--convert-to", fmt, "--outdir", str(work), str(source)],
                       check=True, capture_output=True, timeout=180)
        out[fmt] = (work / f"report.{fmt}").read_bytes()
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "name", "hint"), [("doc", "report.doc", None),
                                                    ("wps", "report.wps", "wps"),
                                                    ("rtf", "report.rtf", None)])
def test_legacy_formats_read_back_like_the_docx(legacy_files, fmt, name, hint):
    data = legacy_files["rtf" if fmt == "rtf" else "doc"]  # a WPS file is a Word binary renamed
    doc = read_bytes(data, name, hint=hint)
    assert doc.file_type == fmt
    assert doc.source == name
    _assert_report(doc)


@pytest.mark.slow
def test_doc_keeps_core_properties(legacy_files):
    meta = legacy_word.read(legacy_files["doc"], "report.doc").meta
    assert meta["title"] == "义马市信访局2024年政府信息公开工作年度报告"
    assert meta["author"] == "义马市信访局"
    assert meta["created"] == "2025-01-20T09:30:00+00:00"


@pytest.mark.slow
def test_concurrent_conversions_do_not_share_a_profile(legacy_files, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with ThreadPoolExecutor(max_workers=2) as pool:
        grids = list(pool.map(lambda i: legacy_word.read(legacy_files["doc"], f"r{i}.doc").tables[0].rows, (0, 1)))
    assert grids == [TABLE3_GRID, TABLE3_GRID]
    assert list(tmp_path.iterdir()) == []  # both private directories removed


@pytest.mark.slow
def test_conversion_timeout_is_a_read_error_and_cleans_up(legacy_files, monkeypatch, tmp_path):
    _soffice()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(ReadError, match=r"^slow\.doc: LibreOffice did not convert this doc file within 0\.2 s$"):
        legacy_word.convert_to_docx(legacy_files["doc"], "slow.doc", "doc", timeout=0.2)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_unconvertible_file_is_a_read_error(monkeypatch, tmp_path):
    _soffice()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    garbage = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 16
    expected = r"^junk\.doc: LibreOffice could not convert this doc file: .*could not be loaded$"
    with pytest.raises(ReadError, match=expected) as err:
        read_bytes(garbage, "junk.doc")
    assert "\n" not in str(err.value)
    assert list(tmp_path.iterdir()) == []
