"""Where CMS article pages keep the article body: the one list of containers.

The HTML reader reads the body from them, and the crawler looks inside them for
a report page's table images and attachment links. Each entry names the CMS
family it belongs to (``scrapers/cms`` adapters take theirs from here), most
specific first; the order is the order they are tried in.
"""

from __future__ import annotations

from dataclasses import dataclass

# The containers of any tag are found from the attributes up (``//@id[…]/parent::*``): libxml2
# filters attribute nodes several times faster than it tests every element of a
# Word-pasted page (``//*[@id=…]``); the elements selected are the same. A container of one
# tag is found from the elements of that name (``/descendant::div[…]``): faster still, as
# libxml2 then walks elements only, not ``//``'s every node and attribute.


@dataclass(frozen=True, slots=True)
class Locator:
    """Where one CMS family keeps its article body. ``markers``: the page's source holds one
    of them wherever ``xpath`` selects anything, so a page without any is not searched
    (each search walks every attribute of the page; a substring test is a tenth of that)."""

    family: str
    xpath: str
    markers: tuple[str, ...]

    def may_match(self, source: str) -> bool:
        return any(m in source for m in self.markers)


def by_class(family: str, tag: str, cls: str) -> Locator:
    """Elements ``tag`` whose class list holds ``cls`` (a raw substring test first: it is cheap)."""
    listed = f"contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')"
    if tag == "*":
        return Locator(family, f"//@class[contains(., '{cls}')]/parent::*[{listed}]", (cls,))
    return Locator(family, f"/descendant::{tag}[contains(@class, '{cls}')][{listed}]", (cls,))


def by_id(family: str, *ids: str) -> Locator:
    return Locator(family, "//@id[{}]/parent::*".format(" or ".join(f". = '{i}'" for i in ids)), ids)


# Most specific first: the order is the order they are tried in.
BODY_LOCATORS: tuple[Locator, ...] = (
    by_class("trs", "div", "TRS_Editor"),
    by_class("trs", "div", "TRS_UEDITOR"),
    by_id("trs", "zoom", "Zoom"),              # TRS and Hanweb
    by_id("generic", "UCAP-CONTENT"),          # Kaipu / gov.cn
    by_class("generic", "*", "article_content"),
    by_class("generic", "*", "bt_content"),
    by_class("hanweb", "*", "main-txt"),
    by_class("generic", "*", "pages_content"),
    by_id("generic", "c"),
    by_class("generic", "*", "article"),
)
BODY_XPATHS: tuple[str, ...] = tuple(loc.xpath for loc in BODY_LOCATORS)


def body_xpaths(family: str) -> tuple[str, ...]:
    """A CMS family's own containers first, then every other known one."""
    own = tuple(loc.xpath for loc in BODY_LOCATORS if loc.family == family)
    return own + tuple(x for x in BODY_XPATHS if x not in own)
