"""News articles of government portals: no national header; the article's own date is on a
short line near the top ("Ngày cập nhật 18/08/2021"), and the metadata describe the plan it
reports, from the sentence that says it was issued ("Ngày 05/8/2021, UBND tỉnh Quảng Trị ban
hành Kế hoạch số 120/KH-UBND về …") or, failing that, the first plan it cites with its issuer
("Kế hoạch số 259/KH-UBND ngày 11/8/2021 của UBND tỉnh …")."""

from __future__ import annotations

import re

from ...document import Document, Line, Span
from ...lexicon import dates, places
from ...lexicon.textnorm import pattern
from ._data import _cfg, _re
from .issuer import match_organ
from .period import period_of
from .result import HeaderResult, line_span

_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[^\sa-zà-ỹđ])")


def read_published(res: HeaderResult, lines: list[Line]) -> None:
    """published_date from the first of the first 25 short lines that is a portal's date line."""
    for ln in lines[:25]:
        if len(ln.text) > _cfg().news.published_max_chars:
            continue
        for rx in _cfg().news.published:
            m = pattern(rx, re.IGNORECASE).match(ln.text)
            if m and (value := dates.parse_date(m.group("date"))):
                res.put("published_date", value, "body", line_span(ln))
                break
        if res.metadata.published_date:
            break


def read_reported_plan(res: HeaderResult, doc: Document) -> None:
    """The plan's fields from the first issuance sentence ("… ban hành Kế hoạch số …"), else
    from the first cited plan; the issuance sentence's line is the issuance span. Without
    either, the headline may still say the period."""
    found = None
    for key in ("issued", "cited"):
        rx = _re(key, "news", 0)
        for ln, sentence, m, span in _matches(doc, rx):
            if found is None:
                if key == "issued":
                    res.issuance_span = line_span(ln)
                _read_plan_sentence(res, sentence, m, doc.text, span)
                found = m["type"]
                if res.metadata.doc_number:
                    return
                break
            # "UBND tỉnh ban hành Kế hoạch triển khai …" names no number: the article's first
            # citation of a plan of that type with its number fills what the sentence left out.
            if m["type"] == found and m["num"]:
                _read_plan_sentence(res, sentence, m, doc.text, span)
                return
    if found is None and doc.lines:
        res.put("period", period_of(doc.lines[0].text), "title")


def _matches(doc: Document, rx: re.Pattern[str]):
    """(line, sentence, match, span) of each sentence of the text that `rx` finds in."""
    for ln in doc.lines:
        pos = ln.start
        for sentence in _SENTENCE.split(ln.text):
            m = rx.search(sentence)
            if m:
                yield ln, sentence, m, Span(start=pos, end=pos + len(sentence))
            pos += len(sentence) + 1


def _read_plan_sentence(res: HeaderResult, sentence: str, m: re.Match[str], text: str,
                        span: Span) -> None:
    """Type, number, date (before the type word, or "số … ngày <date>" after the number),
    period and issuer of the plan a sentence reports."""
    res.put("doc_type", m["type"], "body", span)
    if m["num"]:
        res.put("doc_number", m["num"].strip(".,;:"), "body", span)
    d = dates.DATE_RE.search(sentence[: m.start("type")])
    after = re.match(rf"\s+ngày\s+{dates.DATE}", sentence[m.end("num"):]) if m["num"] else None
    if d or after:
        res.put("issue_date", dates.from_match(d or after), "body", span)
    res.put("period", period_of(sentence[m.start("type"):]), "body", span)
    if m["org"]:
        _read_sentence_issuer(res, m, text, span)


def _read_sentence_issuer(res: HeaderResult, m: re.Match[str], text: str, span: Span) -> None:
    """The issuer a sentence names ("UBND huyện Đông Anh"); a unit without a name ("UBND
    tỉnh") is the province (or district) the article mentions most, an inferred value."""
    organ, _ = match_organ(m["org"].upper())
    if organ is None:
        res.put("issuer", m["org"], "body", span)
        return
    unit = (m["unit"] or "").lower()
    name = (m["name"] or "").strip()
    place = None
    if unit and name:
        place = places.resolve(unit, name, text)
    elif unit in ("tỉnh", "thành phố"):
        counts = places.province_mentions(text)
        if counts:
            place = places.province(counts.most_common(1)[0][0])
    elif unit:
        counts = places.district_mentions(text)
        if counts:
            place = counts.most_common(1)[0][0]
    if place is None:
        res.put("issuer", f"{organ.name} {unit} {name}".strip(), "body", span)
        return
    provenance = "body" if name else "inferred"
    res.put("issuer", f"{organ.name} {place.unit if unit == 'thành phố' else unit} {place.name}",
            provenance, span)
    res.put("issuer_level", place.level, provenance, span)
    res.put("province", place.province, provenance, span)
    if place.level == "district":
        res.put("district", place.name, provenance, span)


def read_news(res: HeaderResult, doc: Document) -> None:
    """A news article: its own date, and the issuance sentence of the plan it reports."""
    read_published(res, doc.lines)
    read_reported_plan(res, doc)
