"""The agency-year panel (``xxgk panel``): build it, write it as Parquet, CSV or Stata."""

from .build import build_panel
from .write import FORMATS, PanelFormatError, write_panel

__all__ = ["FORMATS", "PanelFormatError", "build_panel", "write_panel"]
