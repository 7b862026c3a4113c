"""The plan's period and the effective date. A plan's title states its period ("… giai đoạn
2021-2025", "… đến năm 2030"); the closing article of a decision (or a plan's last clause)
states when it takes effect ("Quyết định này có hiệu lực kể từ ngày ký")."""

from __future__ import annotations

import re

from ... import config
from ...document import Line, Span
from ...lexicon import dates
from ...lexicon.doc_types import doc_type_word
from ._data import _re
from .result import HeaderResult

# The date of a document a title cites ("thực hiện Chỉ thị số 27/CT-TTg ngày 15 tháng 8 năm
# 2024"): its year is no period.
_DATED = re.compile(rf"ngày\s+{dates.DATE}", re.IGNORECASE)
# A line that ends a sentence, a clause or a heading: the next line opens a statement.
_ENDS = re.compile(r"[.:;!?]\s*$")


def period_of(text: str) -> list[int | None] | None:
    """[first, last] year from a title: "giai đoạn 2016 - 2020 và tầm nhìn đến năm 2025";
    the years of a document the plan prepares ("Kế hoạch lập Quy hoạch … đến năm 2050"), the
    vision of one it cites by number and the dates of the documents it cites are not its
    period."""
    if m := _re("prepares", "period").search(text):
        text = text[:m.start()]
    if cited := _re("cited_number", "period").search(text):
        # "… thực hiện Nghị quyết số 48/NQ-CP … tầm nhìn đến năm 2050": that document's vision.
        text = text[:cited.end()] + _re("vision", "period").sub(" ", text[cited.end():])
    text = _DATED.sub(" ", text)
    ranges = [(int(m["a"]), int(m["b"])) for m in _re("range", "period").finditer(text)]
    ranges = [(a, b) for a, b in ranges if a <= b]
    ends = [int(m["b"]) for m in _re("end", "period").finditer(text)]
    if ranges:
        return [min(a for a, _ in ranges), max([b for _, b in ranges] + ends)]
    if ends:
        return [None, max(ends)]
    years = [int(m["y"]) for m in _re("year", "period").finditer(text)]
    if len(years) == 1:
        return [years[0], years[0]]
    return None


def read_period(res: HeaderResult, lines: list[Line]) -> None:
    """period from the title, else from the first line when it names the document (a
    legal-database page's heading, not a converter's note), else the year the plan's own
    objectives run to, else the years of its time frame."""
    period_text = res.title or (lines[0].text if lines else "")
    res.put("period", period_of(period_text), "title")
    if res.metadata.period is None and lines and doc_type_word(lines[0].text):
        res.put("period", period_of(lines[0].text), "title")
    if res.metadata.period is None and (found := objectives_end(lines)):
        end, span = found
        res.put("period", [None, end], "body", span)
    if res.metadata.period is None and (frame := time_frame(lines)):
        years, span = frame
        res.put("period", [min(years), max(years)], "body", span)


def time_frame(lines: list[Line]) -> tuple[list[int], Span] | None:
    """The years the plan's own time-frame heading prints ("2. Thời gian thực hiện: Từ tháng
    10/2025 đến …", or the paragraph under "III. THỜI GIAN THỰC HIỆN"), read up to the next
    numbered line; None where it prints none (an end event: "… đến khi tổ chức thành công Đại
    hội …"). Only a plan-level heading counts: a task's "c) Thời gian thực hiện" is its own."""
    head, numbered = _re("time_frame", "period"), _re("numbered_line", "period")
    limit = _cfg_period().frame_max_chars
    for i, line in enumerate(lines):
        if not (m := head.match(line.text)):
            continue
        text, end = m["rest"], line.end
        for nxt in lines[i + 1:]:
            if len(text) >= limit or numbered.match(nxt.text):
                break
            text, end = f"{text} {nxt.text}", nxt.end
        years = [int(y["y"]) for y in _re("frame_year", "period").finditer(text[:limit])]
        return (years, Span(start=line.start, end=end)) if years else None
    return None


def objectives_end(lines: list[Line]) -> tuple[int, Span] | None:
    """The last year the objectives part's own objectives run to ("2. Mục tiêu cụ thể đến năm
    2030", "c) Tầm nhìn đến năm 2050"), with the line that states it; a line that merely wraps
    a sentence ("…, tầm nhìn" / "đến năm 2045 của Chiến lược") states nothing of its own."""
    part, end = _re("objectives_part", "period"), _re("objective_end", "period")
    best: tuple[int, Span] | None = None
    inside = False
    for i, line in enumerate(lines):
        if part.match(line.text):
            inside = True  # the heading itself may state it ("2. Mục tiêu cụ thể đến năm 2030")
        elif inside and _re("part", "period").match(line.text):
            inside = False
        if not inside:
            continue
        for m in end.finditer(line.text):
            wrapped = m.start() == 0 and line.text[:1].islower()
            if wrapped and i and not _ENDS.search(lines[i - 1].text):
                continue  # a wrapped line's start, not an objective's
            year = int(m["b"])
            if best is None or year > best[0]:
                best = (year, Span(start=line.start + m.start(), end=line.start + m.end()))
    return best


def _cfg_period() -> config.Period:
    return config.header().period


def start_from_issue(res: HeaderResult) -> None:
    """A period stated by its end only ("… đến năm 2030", "từ nay đến năm 2030") runs from the
    year of issue (SPEC, project clarifications), unless that year is past its end."""
    period, issued = res.metadata.period, res.metadata.issue_date
    if period and period[0] is None and period[1] and issued and int(issued[:4]) <= period[1]:
        res.metadata.period = [int(issued[:4]), period[1]]


# The text's own effective clause names it: "Quyết định này có hiệu lực …", "Kế hoạch này …".
_OWN = re.compile(r"\bnày\s+(?:chính thức\s+)?$")


def read_effective(res: HeaderResult, text: str) -> None:
    """effective_date from "có hiệu lực (thi hành) (kể) từ ngày <date>", or the issue date
    from "… có hiệu lực kể từ ngày ký" (in force on signing). The text's own clause ("Quyết
    định này có hiệu lực …") comes first: a law it cites may say when that law takes effect
    ("Luật … có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026")."""
    found = [(m, kind) for kind in ("on_date", "on_signing")
             for m in _re(kind, "effective").finditer(text)]
    own = [(m, kind) for m, kind in found if _OWN.search(text, max(0, m.start() - 30), m.start())]
    for m, kind in sorted(own or found, key=lambda f: (f[1] != "on_date", f[0].start()))[:2]:
        if kind == "on_date":
            res.put("effective_date", dates.parse_date(m.group("date")), "body",
                    Span(start=m.start(), end=m.end()))
        elif res.metadata.issue_date:
            res.put("effective_date", res.metadata.issue_date, "body", Span(start=m.start(), end=m.end()))
