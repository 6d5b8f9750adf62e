"""When OCR runs: ``auto`` (only pages/images without usable text), ``always``, ``never``.

The mode travels in the environment (``XXGK_OCR``) so that worker processes of
a batch inherit what the command line asked for.
"""

from __future__ import annotations

import os
from typing import Literal, get_args

OcrMode = Literal["auto", "always", "never"]
OCR_MODES: tuple[str, ...] = get_args(OcrMode)
_ENV = "XXGK_OCR"


def ocr_mode() -> OcrMode:
    value = os.environ.get(_ENV, "auto").strip().lower()
    return value if value in OCR_MODES else "auto"  # type: ignore[return-value]


def use_ocr_mode(mode: str) -> None:
    """Set the mode for this process and the workers it starts."""
    if mode not in OCR_MODES:
        raise ValueError(f"OCR mode must be one of {', '.join(OCR_MODES)}, not {mode!r}")
    os.environ[_ENV] = mode
