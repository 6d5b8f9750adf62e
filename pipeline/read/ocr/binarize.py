"""Ink masks: what is dark on a page image."""

from __future__ import annotations

import cv2
import numpy as np


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """255 where there is ink. Otsu's global threshold keeps tinted cell
    backgrounds (light blue header rows) out of the ink. No smoothing: a
    median filter erases the one-pixel rules and strokes of a 150-dpi scan;
    isolated noise pixels are ignored later, by the line finder's ink minimum."""
    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask
