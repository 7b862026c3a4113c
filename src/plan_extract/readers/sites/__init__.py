"""Site readers: a fetched page -> the document's text plus the attributes the site states.

The national legal database shows a document as tabs: "Thuộc tính" (attributes: Số ký hiệu,
Ngày ban hành, Loại văn bản, Ngày có hiệu lực, Cơ quan ban hành / Người ký, Tình trạng) and
"Toàn văn" (the text); provincial portals publish articles as a title, a date line and a body.
One module per site layout registers its reader with `@site(priority)`; anything no site
reader recognises goes to the generic HTML reader. Attribute names are metadata field names;
values are as printed (dates ISO where they parse).
"""

from __future__ import annotations

from . import portal_news, vbpl  # noqa: F401  (each registers its site readers)
from .base import SITES, AdapterResult, site

__all__ = ["SITES", "AdapterResult", "adapt", "adapter_name", "site"]


def adapt(soup) -> AdapterResult | None:
    """The first site reader that recognises the page, or None (the generic reader then)."""
    for _, read in SITES:
        result = read(soup)
        if result is not None and any(line.strip() for line in result.lines):
            return result
    return None


def adapter_name(url: str, body: bytes, content_type: str) -> str | None:
    """For `fetch`: which adapter will read this page (recorded in the manifest)."""
    if "html" not in (content_type or ""):
        return None
    from bs4 import BeautifulSoup

    from ..charsets import decode_html

    result = adapt(BeautifulSoup(decode_html(body).text, "lxml"))
    return result.adapter if result else "generic"
