"""Where CMS article pages keep the article body: the one list of containers.

The HTML reader reads the body from them, and the crawler looks inside them for
a report page's table images and attachment links. Each entry names the CMS
family it belongs to (``scrapers/cms`` adapters take theirs from here), most
specific first; the order is the order they are tried in.
"""

from __future__ import annotations

# The containers are found from the attributes up (``//@id[…]/parent::*``): libxml2
# filters attribute nodes several times faster than it tests every element of a
# Word-pasted page (``//*[@id=…]``); the elements selected are the same.

def class_xpath(tag: str, cls: str) -> str:
    """Elements ``tag`` whose class list holds ``cls`` (a raw substring test first: it is cheap)."""
    return (f"//@class[contains(., '{cls}')]"
            f"/parent::{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")


def id_xpath(*ids: str) -> str:
    return "//@id[{}]/parent::*".format(" or ".join(f". = '{i}'" for i in ids))


# (CMS family, XPath of the article container)
BODY_LOCATORS: tuple[tuple[str, str], ...] = (
    ("trs", class_xpath("div", "TRS_Editor")),
    ("trs", class_xpath("div", "TRS_UEDITOR")),
    ("trs", id_xpath("zoom", "Zoom")),              # TRS and Hanweb
    ("generic", id_xpath("UCAP-CONTENT")),          # Kaipu / gov.cn
    ("generic", class_xpath("*", "article_content")),
    ("generic", class_xpath("*", "bt_content")),
    ("hanweb", class_xpath("*", "main-txt")),
    ("generic", class_xpath("*", "pages_content")),
    ("generic", id_xpath("c")),
    ("generic", class_xpath("*", "article")),
)
BODY_XPATHS: tuple[str, ...] = tuple(x for _, x in BODY_LOCATORS)


def body_xpaths(family: str) -> tuple[str, ...]:
    """A CMS family's own containers first, then every other known one."""
    own = tuple(x for f, x in BODY_LOCATORS if f == family)
    return own + tuple(x for x in BODY_XPATHS if x not in own)
