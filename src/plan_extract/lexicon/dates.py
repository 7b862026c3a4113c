"""Vietnamese dates as printed: 25/1/2016, 25/01/2016, 27-05-2026, 12.10.2021,
"ngày 15 tháng 6 năm 2017", and the blank forms of unsigned copies ("ngày   tháng 11 năm 2024")."""

from __future__ import annotations

import re
from datetime import date

NUMERIC = r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"
# A day or month with a leading zero a converter split from its digit ("tháng 0 6") is one; a
# handwritten month OCR read as a mark ("tháng § năm 2020") is a blank: the year stands.
WORDS = (r"(?:ngày\s+)?(?P<wd>0 \d|\d{1,2})?\s*tháng\s+(?:(?P<wm>0 \d|\d{1,2})|[^\w\s]{1,2})?\s*"
         r"năm\s+(?P<wy>\d{4})")
ISO = r"(?P<iy>(?:19|20)\d{2})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)"
DATE = rf"(?:{WORDS}|{ISO}|{NUMERIC})"
DATE_RE = re.compile(DATE, re.IGNORECASE)


def iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """ISO date, or the partial forms the SPEC allows (YYYY-MM, YYYY); None if impossible."""
    try:
        if month and day:
            return date(year, month, day).isoformat()
        if month:
            date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        date(year, 1, 1)
        return f"{year:04d}"
    except ValueError:
        return None


def from_match(m: re.Match[str]) -> str | None:
    """ISO value of a match of `DATE_RE` (or any pattern with the same group names)."""
    groups = m.groupdict()
    if groups.get("iy"):
        return iso(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
    if groups.get("y"):
        if int(groups["d"]) == 0:
            return None
        return iso(int(groups["y"]), int(groups["m"]), int(groups["d"]))
    if groups.get("wy"):
        month = int(groups["wm"].replace(" ", "")) if groups.get("wm") else None
        day = int(groups["wd"].replace(" ", "")) if groups.get("wd") and month else None
        return iso(int(groups["wy"]), month, day)
    return None


def parse_date(text: str) -> str | None:
    """First date in `text` as ISO (partial where the copy leaves day or month blank)."""
    m = DATE_RE.search(text)
    return from_match(m) if m else None


def find_dates(text: str) -> list[tuple[re.Match[str], str]]:
    return [(m, v) for m in DATE_RE.finditer(text) if (v := from_match(m))]
