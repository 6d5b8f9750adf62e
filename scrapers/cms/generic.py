"""Any other CMS: 下一页 and page-number links, and ``index_N.html`` / ``?page=N`` probing
bounded by what the site answers (a next page is tried only after a page that listed new reports)."""

from __future__ import annotations

from .base import CmsAdapter


class GenericAdapter(CmsAdapter):
    name = "generic"
