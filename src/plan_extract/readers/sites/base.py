"""What every site reader shares: its result, the registry, and attribute values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ...lexicon import dates
from ...lexicon.attributes import date_fields, label_values


@dataclass
class AdapterResult:
    adapter: str
    lines: list[str]
    title: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)


SiteReader = Callable[[object], AdapterResult | None]
"""A parsed page (BeautifulSoup) -> its reading, or None when the page is not of the site."""

SITES: list[tuple[int, SiteReader]] = []


def site(priority: int) -> Callable[[SiteReader], SiteReader]:
    """Register a site reader; lower priorities are tried first (a specific layout before a
    generic one). The function is returned unchanged."""
    def register(func: SiteReader) -> SiteReader:
        SITES.append((priority, func))
        SITES.sort(key=lambda entry: entry[0])
        return func
    return register


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def put(attrs: dict[str, str], name: str, value: str) -> None:
    """Keep the first value of a field, whitespace folded, dates as ISO where they parse."""
    value = " ".join(value.split()).strip(" :|")
    if not value or name == "-" or name in attrs:
        return
    if name in date_fields():
        value = dates.parse_date(value) or value
    attrs[name] = value


def label_cells(cells: list[str], attrs: dict[str, str]) -> None:
    """"Key | value | Key | value" rows, and "Key: value" cells."""
    for name, value in label_values(cells, inline=True):
        put(attrs, name, value)
