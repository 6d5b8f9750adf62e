"""The page judge: which text layers are read, and which pages go to OCR, for the
classes a PDF printer or re-writer makes (Latin-1 letters in place of ideographs,
text drawn as outlines) and for the real text they must never catch."""

from __future__ import annotations

from pipeline.read.pdf_page import Char, PageContent
from pipeline.read.pdf_quality import judge


def _page(text: str, *, curved_fills: int = 0) -> PageContent:
    chars = [Char(ch, 10.0 * (i % 50), 12.0 * (i // 50), 10.0 * (i % 50) + 9, 12.0 * (i // 50) + 10, 10.0, False)
             for i, ch in enumerate(text)]
    return PageContent(1, 595.0, 842.0, 0, chars=chars, curved_fills=curved_fills)


CHINESE = "本机关严格落实政府信息公开条例要求全年主动公开政府信息共计件其中规范性文件" * 4


def test_real_text_is_read_from_its_layer():
    french = "Le rapport annuel présente les décisions prises à l'égard des demandes reçues en été. " * 3
    assert judge(_page(CHINESE)).usable
    assert judge(_page(french)).usable  # ~4% accented letters: ordinary French
    assert judge(_page(CHINESE + "Müller·José ×3")).usable  # a few foreign names beside Chinese text
    assert judge(_page(CHINESE, curved_fills=400)).usable  # a chart or a seal beside real text


def test_latin1_letters_in_place_of_ideographs_go_to_ocr():
    garbled = CHINESE.replace("件", "ÿ").replace("文", "þ")  # 'ÿ' beside ideographs, 8 times
    verdict = judge(_page(garbled))
    assert not verdict.usable and "Latin letters or controls set next to an ideograph" in verdict.reason
    soup = "Öˆ…ûä'¹zÒêvX—v]µ.Ê=k»ò–eö'YzÊ=ù¸)k»õò,ç·(ã)" * 4
    verdict = judge(_page(soup))
    assert not verdict.usable and "accented Latin letters or controls" in verdict.reason


def test_text_drawn_as_outlines_goes_to_ocr():
    verdict = judge(_page("", curved_fills=585))
    assert (verdict.usable, verdict.scanned) == (False, True)
    assert verdict.reason == "text drawn as outlines (585 filled curved shapes, no text layer)"
    assert judge(_page("", curved_fills=12)).usable  # a blank page with a logo: nothing to lose
