"""HTML pages: a site reader's reading when one recognises the page (`sites/`), else the
page's main content container."""

from __future__ import annotations

import warnings as pywarnings

from .. import config
from ..document import Warning
from ..errors import ReadError
from .charsets import decode_html, without_nul
from .markup import flatten_deep, html_lines
from .registry import Reading, reader
from .sites import adapt

_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "svg", "button", "select",
              "input", "nav"]
# Containers known to hold the document text on Vietnamese legal/portal sites, best first.
_MAIN_SELECTORS = ["#toanvancontent", ".toanvancontent", ".fulltext", "article", "main",
                   "#content", ".content"]
# A container is taken as the main text only if it holds this share of the page's text.
_MAIN_MIN_SHARE = 0.3


def first_matches(soup, selectors: list[str]) -> dict:
    """selector -> the first element it matches, for "#id", ".class" and "tag" selectors,
    found in one pass over the page: what `select_one` gives each, without a pass per
    selector (seven passes over a page of a million paragraphs took 40 s)."""
    from bs4 import Tag

    wanted = {"#": {}, ".": {}, "": {}}
    for selector in selectors:
        kind = selector[0] if selector[0] in "#." else ""
        wanted[kind][selector.removeprefix(kind)] = selector
    found: dict = {}
    for el in soup.descendants:
        if not isinstance(el, Tag):
            continue
        ident = el.get("id")
        hits = [wanted[""].get(el.name), wanted["#"].get(ident) if isinstance(ident, str) else None]
        classes = el.get("class") or []
        hits += [wanted["."].get(c) for c in (classes.split() if isinstance(classes, str) else classes)]
        for selector in hits:
            if selector is not None:
                found.setdefault(selector, el)
        if len(found) == len(selectors):
            break
    return found


@reader("html", suffixes=(".html", ".htm"), media_types=("text/html", "application/xhtml+xml"))
def read_html(data: bytes) -> Reading:
    """A site adapter's reading when one recognises the page, else the main content. The
    charset is decided before parsing (`charsets.decode_html`), so the parser never guesses."""
    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    decoded = decode_html(data)
    with pywarnings.catch_warnings():  # XHTML (an XML declaration) is read as HTML on purpose
        pywarnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        text, removed = without_nul(decoded.text)
        tags, most = text.count("<") - text.count("</"), config.limits().max_html_tags
        if tags > most:
            raise ReadError(f"HTML page with about {tags} tags, over the limit of {most} (a real page "
                            "has a few thousand; limits.max_html_tags in data/readers/formats.toml)")
        soup = BeautifulSoup(text, "lxml")
    warnings: list[Warning] = decoded.warnings + removed
    limit = config.limits().max_html_depth
    if flatten_deep(soup, limit):
        warnings.append(Warning(stage="ingest", code="html-too-deep", removed=[],
                                message=f"the page nests elements more than {limit} deep: those "
                                        "below are read as their text only (limits.max_html_depth "
                                        "in data/readers/formats.toml)"))
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    adapted = adapt(soup)
    if adapted is not None:
        warnings.append(Warning(stage="ingest", code="site-adapter",
                                message=f"read by the {adapted.adapter} adapter"))
        return Reading("\n".join(adapted.lines), warnings, adapted.adapter, adapted.attributes)
    body = soup.body or soup
    total = len(body.get_text(" ", strip=True))
    root = body
    candidates = first_matches(soup, _MAIN_SELECTORS)
    for selector in _MAIN_SELECTORS:
        found = candidates.get(selector)
        if found is not None and len(found.get_text(" ", strip=True)) >= _MAIN_MIN_SHARE * total:
            root = found
            break
    lines: list[str] = []
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if title and root.name == "body":
        lines.append(title)
    lines.extend(html_lines(root))
    if root.name not in ("body", "[document]"):
        warnings.append(Warning(stage="ingest", code="html-main-content",
                                message=f"kept the main content container <{root.name}> only"))
    return Reading("\n".join(lines), warnings)
