"""What is wrong with a data directory, in one line naming it."""

from __future__ import annotations

from pipeline.errors import XxgkError


class DataDirError(XxgkError):
    """The data directory is not in a state a load can safely continue from."""


class NoDatasets(DataDirError):
    """Nothing to read: the data directory is missing, is not a directory, or nothing was loaded."""


class Moved(Exception):
    """The current snapshot changed while a writer built on it (object stores): build again on the new one."""
