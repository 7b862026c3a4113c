"""Running lines of printed copies: the Official Gazette's page header ("CÔNG BÁO/Số 123 +
124/Ngày 15-02-2026") and bare page numbers ("- 3 -", "Trang 4", "12/30")."""

from __future__ import annotations

import re

GAZETTE_HEADER = re.compile(r"^\s*CÔNG BÁO\s*/\s*Số\b", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?\s*$",
                         re.IGNORECASE)
BARE_NUMBER = re.compile(r"^\d{1,4}$")
"""A line that is only a number: a page number in gazette text."""


def is_gazette_header(line: str) -> bool:
    return GAZETTE_HEADER.match(line) is not None
