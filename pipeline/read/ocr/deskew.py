"""Straightening a page image that was scanned or photographed at a slight angle.

Text lines and ruling lines are horizontal on a straight page, so the ink's
row profile is sharpest (largest variance) at the right angle. The search runs
on a reduced image, coarse then fine, over ±_MAX_ANGLE degrees.
"""

from __future__ import annotations

import cv2
import numpy as np

_MAX_ANGLE = 4.0
_WORK_WIDTH = 800  # px: the profile search runs on an image this wide
_MIN_ANGLE = 0.08  # below this a rotation only blurs


def skew_angle(binary: np.ndarray) -> float:
    """Degrees to rotate (counter-clockwise positive, as cv2) to straighten ``binary`` (ink = 255)."""
    h, w = binary.shape
    f = min(1.0, _WORK_WIDTH / w)
    small = cv2.resize(binary, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    best = _search(small, np.arange(-_MAX_ANGLE, _MAX_ANGLE + 1e-9, 0.25))
    return _search(small, np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05))


def _search(small: np.ndarray, angles: np.ndarray) -> float:
    h, w = small.shape
    centre = (w / 2, h / 2)
    scores = []
    for angle in angles:
        m = cv2.getRotationMatrix2D(centre, float(angle), 1.0)
        rotated = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        profile = rotated.sum(axis=1, dtype=np.float64)
        scores.append(float(np.var(profile)))
    return float(angles[int(np.argmax(scores))])


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """``gray`` turned by ``angle`` degrees about its centre, new corners white."""
    if abs(angle) < _MIN_ANGLE:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
