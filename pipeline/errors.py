"""Errors that name the file and the problem in one line."""

from __future__ import annotations


class XxgkError(Exception):
    """Base class: every error the pipeline raises on bad input."""


class ReadError(XxgkError):
    """A file could not be read as the type it claims to be (or at all)."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class FileTooLarge(ReadError):
    pass


class UnsupportedFileType(ReadError):
    pass


class ConverterMissing(ReadError):
    """An external converter (LibreOffice) needed for this file is not installed."""
