"""The scheduled batch: ``xxgk run`` = collect → extract what is new → load → manifest.

See :func:`pipeline.batch.run.run_batch`.
"""

from .run import BatchOptions, BatchResult, parse_years, run_batch

__all__ = ["BatchOptions", "BatchResult", "parse_years", "run_batch"]
