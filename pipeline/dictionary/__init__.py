"""The data dictionary: ``datapackage.json`` (Frictionless Data Package) and ``dictionary.md``.

Both are generated from :mod:`pipeline.dictionary.fields` (one source of truth)
and written beside the datasets after every load.
"""

from .datapackage import datapackage, write_dictionary
from .fields import FieldDoc, dataset_fields, panel_fields
from .page import dictionary_markdown

__all__ = ["FieldDoc", "datapackage", "dataset_fields", "dictionary_markdown", "panel_fields",
           "write_dictionary"]
