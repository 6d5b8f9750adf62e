"""Text recognition engines, found by name in a registry.

An engine reads single text lines (small grey images, one line each) and
returns their text with a confidence in [0, 1]. Layout is never the engine's
business: ``segment`` cut the lines. ``rapidocr`` (PP-OCRv4 recognition run
by onnxruntime, models shipped in the wheel) is the default; ``tesseract``
(Debian's ``tesseract-ocr-chi-sim``) is there to compare (tests/bench_ocr.py).
Choose with ``XXGK_OCR_ENGINE``.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

DEFAULT_ENGINE = "rapidocr"
_ENV = "XXGK_OCR_ENGINE"


@dataclass(frozen=True, slots=True)
class Recognized:
    text: str
    confidence: float


class Engine(Protocol):
    name: str

    def recognize(self, lines: list[np.ndarray]) -> list[Recognized]: ...


_REGISTRY: dict[str, Callable[[], Engine]] = {}


def register(name: str) -> Callable[[Callable[[], Engine]], Callable[[], Engine]]:
    def add(factory: Callable[[], Engine]) -> Callable[[], Engine]:
        _REGISTRY[name] = factory
        return factory
    return add


def engine_names() -> list[str]:
    return sorted(_REGISTRY)


@functools.cache
def get_engine(name: str | None = None) -> Engine:
    """The named engine (default: ``$XXGK_OCR_ENGINE`` or rapidocr), built once per process."""
    name = name or os.environ.get(_ENV) or DEFAULT_ENGINE
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown OCR engine {name!r} (known: {', '.join(engine_names())})") from None
    return factory()


@register("rapidocr")
class RapidRecognizer:
    """PP-OCRv4 text-line recognition (the model rapidocr-onnxruntime ships), no detection model.

    The network is run here, one image at a time (on these CPUs batching only
    adds padding), and decoded here, so every character keeps its own
    probability and position: a line's confidence is its least certain
    character, which is what matters for a digit string. Short lines (most
    table cells) are packed side by side into strips of one run each, and
    their characters given back by position; this is most of the speed.
    """

    name = "rapidocr"
    _HEIGHT = 48  # the model's input height
    _MIN_WIDTH = 320  # and its narrowest input
    _GAP = 32  # px of paper between packed lines
    _STRIP = 1280  # px: the widest strip of packed lines
    _SHORT = 4.0  # a line this many times as wide as high, or less, is packed

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        threads = int(os.environ.get("XXGK_OCR_THREADS", "0")) or -1
        rec = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=threads).text_rec
        self._session = rec.session
        self._charset = rec.postprocess_op.character  # index 0 is the CTC blank
        index = {ch: i for i, ch in enumerate(self._charset)}
        self._digits = np.array([index[ch] for ch in sorted(_NUMERIC) if ch in index])
        # Each look-alike letter's class, and the column of the digit it stands for.
        self._alike = [(index[a], sorted(_NUMERIC).index(d)) for a, d in _DIGIT_LOOKALIKES.items()
                       if a in index and d in index]

    def recognize(self, lines: list[np.ndarray]) -> list[Recognized]:
        scaled = [self._to_height(line) for line in lines]
        out: list[Recognized | None] = [None] * len(lines)
        short = [i for i, img in enumerate(scaled) if img.shape[1] <= self._SHORT * self._HEIGHT]
        for i in set(range(len(lines))) - set(short):
            chars = self._read(scaled[i])
            out[i] = self._result(chars)
        strip: list[int] = []
        width = 0
        for i in sorted(short, key=lambda k: scaled[k].shape[1]) + [-1]:
            w = scaled[i].shape[1] + self._GAP if i >= 0 else 0
            if strip and (i < 0 or width + w > self._STRIP):
                for k, chars in zip(strip, self._read_packed([scaled[k] for k in strip])):
                    out[k] = self._result(chars)
                strip, width = [], 0
            if i >= 0:
                strip.append(i)
                width += w
        return [r or Recognized("", 0.0) for r in out]

    def _to_height(self, line: np.ndarray) -> np.ndarray:
        h, w = line.shape[:2]
        return cv2.resize(line, (max(1, round(w * self._HEIGHT / h)), self._HEIGHT), interpolation=cv2.INTER_AREA
                          if h > self._HEIGHT else cv2.INTER_LINEAR)

    def _read_packed(self, images: list[np.ndarray]) -> list[list[tuple[str, float, float]]]:
        """Several short lines read in one run; each is decoded from the steps over it
        (half the paper between two lines goes to each)."""
        starts, x = [], self._GAP // 2
        for img in images:
            starts.append(x)
            x += img.shape[1] + self._GAP
        strip = np.full((self._HEIGHT, x - self._GAP // 2), 255, np.uint8)
        for img, x0 in zip(images, starts):
            strip[:, x0:x0 + img.shape[1]] = img
        probs, step = self._probs(strip)
        out = []
        for img, x0 in zip(images, starts):
            t0 = max(0, int((x0 - self._GAP // 2) / step))
            t1 = min(len(probs), int((x0 + img.shape[1] + self._GAP // 2) / step))
            out.append(self._decode(probs[t0:t1], step))
        return out

    def _read(self, gray: np.ndarray) -> list[tuple[str, float, float]]:
        probs, step = self._probs(gray)
        return self._decode(probs, step)

    def _probs(self, gray: np.ndarray) -> tuple[np.ndarray, float]:
        """The network's class probabilities per step (T × classes), and the step's width in pixels."""
        w = gray.shape[1]
        width = max(w, self._MIN_WIDTH)
        x = np.full((self._HEIGHT, width), 255, np.uint8)
        x[:, :w] = gray
        x = (x.astype(np.float32) / 255.0 - 0.5) / 0.5
        probs = self._session(np.repeat(x[None, None], 3, axis=1))[0][0]
        return probs, width / len(probs)

    def _decode(self, probs: np.ndarray, step: float) -> list[tuple[str, float, float]]:
        """Greedy CTC decoding: (character, probability, x centre) of each character."""
        best = probs.argmax(axis=1)
        shown = {self._charset[k] for k in best if 0 < k < len(self._charset)}
        if shown and shown <= _NUMERIC | _DIGIT_LOOKALIKES.keys():
            # A number, maybe with a letter that looks like a digit (0/o/。, 1/l): the
            # line is read as a number, a look-alike's probability counting for its digit.
            numeric = probs[:, self._digits].copy()
            for letter, column in self._alike:
                numeric[:, column] += probs[:, letter]
            probs = probs.copy()
            probs[:, self._digits] = numeric
            best = np.where(best != 0, self._digits[numeric.argmax(axis=1)], 0)
        # Which character it is, given that one is there: the blank's share of a
        # step (CTC spreads a narrow glyph over the blank) says nothing about that.
        certain = probs / np.maximum(1.0 - probs[:, :1], 1e-6)
        out: list[tuple[str, float, float]] = []
        prev = 0
        for t, k in enumerate(best):
            if k != 0 and k < len(self._charset):
                p = min(1.0, float(certain[t, k]))
                if k != prev:
                    out.append((self._charset[k], p, (t + 0.5) * step))
                else:  # the same character over several steps: its most certain step counts
                    ch, q, x = out[-1]
                    out[-1] = (ch, max(p, q), x)
            prev = k
        return out

    @staticmethod
    def _result(chars: list[tuple[str, float, float]]) -> Recognized:
        text = "".join(ch for ch, _, _ in chars).strip()
        return Recognized(text, min((p for _, p, _ in chars), default=0.0))


# What numbers in the tables are printed with, and letters the recogniser may
# take a lone digit for.
_NUMERIC = frozenset("0123456789.,%-")
# A lone 0 in a cell often comes out as 。 or ○: nothing else prints a lone circle there.
# Full-width digits are the same numbers.
_DIGIT_LOOKALIKES = {"o": "0", "O": "0", "。": "0", "○": "0", "〇": "0", "l": "1", "I": "1", "|": "1",
                     **{chr(0xFF10 + d): str(d) for d in range(10)}}


@register("tesseract")
class TesseractRecognizer:
    """tesseract 5 LSTM with chi_sim: all lines of a page stacked into one image, one process."""

    name = "tesseract"
    _GAP = 24  # px of white between stacked lines
    _HEIGHT = 48  # lines are scaled to this height, as for the other engine

    def __init__(self) -> None:
        if shutil.which("tesseract") is None:
            raise RuntimeError("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")

    def recognize(self, lines: list[np.ndarray]) -> list[Recognized]:
        if not lines:
            return []
        scaled = [cv2.resize(ln, (max(1, round(ln.shape[1] * self._HEIGHT / ln.shape[0])), self._HEIGHT))
                  for ln in lines]
        width = max(s.shape[1] for s in scaled) + 2 * self._GAP
        sheet = np.full((len(scaled) * (self._HEIGHT + self._GAP) + self._GAP, width), 255, np.uint8)
        for i, s in enumerate(scaled):
            y = self._GAP + i * (self._HEIGHT + self._GAP)
            sheet[y:y + self._HEIGHT, self._GAP:self._GAP + s.shape[1]] = s
        _, png = cv2.imencode(".png", sheet)
        out = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "6", "tsv"],
                             input=png.tobytes(), capture_output=True, check=True, env={**os.environ,
                                                                                      "OMP_THREAD_LIMIT": "1"})
        words: list[list[tuple[int, str, float]]] = [[] for _ in lines]
        for row in out.stdout.decode("utf-8", "replace").splitlines()[1:]:
            f = row.split("\t")
            if len(f) < 12 or f[0] != "5" or not f[11].strip():
                continue
            left, top, height, conf = int(f[6]), int(f[7]), int(f[9]), float(f[10])
            i = int((top + height / 2 - self._GAP / 2) // (self._HEIGHT + self._GAP))
            if 0 <= i < len(lines):
                words[i].append((left, f[11], conf))
        return [Recognized(_join_words([w for _, w, _ in sorted(ws)]),
                           min((c for _, _, c in ws), default=0.0) / 100) for ws in words]


def _join_words(words: list[str]) -> str:
    """tesseract separates Chinese characters with spaces; Chinese has none."""
    return re.sub(r"(?<=[^\x00-\x7f]) (?=\S)|(?<=\S) (?=[^\x00-\x7f])", "", " ".join(words))
