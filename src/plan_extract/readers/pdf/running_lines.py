"""Running headers, footers and page numbers of printed pages (PDF text layers)."""

from __future__ import annotations

import re
from collections import Counter

from ...document import Warning
from ...lexicon.running import PAGE_NUMBER, is_gazette_header


def strip_running_lines(pages: list[list[str]]) -> tuple[str, list[Warning]]:
    """Join pages, dropping running headers/footers and bare page numbers."""
    running = running_lines(pages)
    kept = [ln for n, lines in enumerate(pages) for i, ln in enumerate(lines) if (n, i) not in running]
    dropped = [ln for n, lines in enumerate(pages) for i, ln in enumerate(lines) if (n, i) in running]
    return "\n".join(kept), [running_warning(dropped)] if dropped else []


def running_lines(pages: list[list[str]]) -> set[tuple[int, int]]:
    """(page, line) positions of running headers/footers and bare page numbers.

    A running line is one printed at the top or bottom of at least half the pages (and at
    least two) or a gazette header ("CÔNG BÁO/Số …/Ngày …"); digits are masked so that
    "Trang 3" and "Trang 4" count as the same line.
    """
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split()))

    def edges(lines: list[str]) -> set[str]:
        body = [ln for ln in lines if ln.strip()]
        return set(body[:2] + body[-2:])

    edge = Counter(k for lines in pages for k in {key(ln) for ln in edges(lines)})
    threshold = max(2, (len(pages) + 1) // 2)
    running = {k for k, n in edge.items() if n >= threshold and len(pages) >= 2}
    found = set()
    for n, lines in enumerate(pages):
        at_edge = edges(lines)
        for i, ln in enumerate(lines):
            if (ln in at_edge and (key(ln) in running or PAGE_NUMBER.match(ln))) \
                    or is_gazette_header(ln):
                found.add((n, i))
    return found


def running_warning(dropped: list[str]) -> Warning:
    return Warning(stage="ingest", code="running-lines-removed", removed=dropped,
                   message=f"removed {len(dropped)} running header/footer/page-number lines")
