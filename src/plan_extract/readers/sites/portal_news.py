"""Provincial portals' news articles: a title, a date line and a body between navigation
and related-news lists."""

from __future__ import annotations

import re

from ...lexicon import dates
from ..markup import html_lines
from .base import AdapterResult, site, text_of

_DATE_CLASS = re.compile(r"date|time|published|ngay", re.IGNORECASE)
_RELATED = re.compile(r"related|other|lienquan|tin-?khac|tinkhac|more|sidebar|share|comment|tag",
                      re.IGNORECASE)


@site(90)
def portal_news(soup) -> AdapterResult | None:
    """A portal article: `h1` title, the date element next to it, and the body of the article
    container, without related-news lists, share bars or comments."""
    h1 = soup.find("h1")
    if h1 is None:
        return None
    article = h1.find_parent("article") or h1.find_parent(
        lambda t: t.name == "div" and len(t.get_text(strip=True)) > 400)
    if article is None:
        return None
    attrs: dict[str, str] = {}
    for node in article.find_all(class_=_DATE_CLASS):
        value = dates.parse_date(text_of(node))
        if value:
            attrs["published_date"] = value
            node.decompose()
            break
    for node in article.find_all(class_=_RELATED):
        node.decompose()
    for node in article.find_all(["figure", "figcaption", "img", "nav", "aside"]):
        node.decompose()
    title = text_of(h1)
    h1.decompose()
    lines = html_lines(article)
    if attrs.get("published_date"):
        lines.insert(0, attrs["published_date"])
    return AdapterResult("portal-news", [title, *lines], title, attrs)
