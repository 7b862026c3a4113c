"""Cited legal documents: "Quyết định số 161/QĐ-TTg ngày 25/01/2016 của Thủ tướng Chính phủ
về …", "Nghị quyết số 22-NQ/TW …", and laws cited by name and date only ("Luật Tổ chức chính
quyền địa phương ngày 19/6/2015"), each once, in order of first mention; the document's own
number (and, for news, the reported plan's) is not a reference."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from .. import config
from ..document import Document, Reference, Span
from ..lexicon import dates
from ..lexicon.doc_types import doc_type_from_number
from ..lexicon.textnorm import UPPER, fold
from .registry import stage


def _cfg() -> config.ReferencesData:
    return config.references()


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    cfg = _cfg()
    types = "|".join(sorted(map(re.escape, cfg.types), key=len, reverse=True))
    dated = rf"(?:\s*,?\s*(?:ban hành\s+)?ngày\s+(?P<date>{dates.DATE}))?"
    # "Quyết định số 9, 10, 11/COP19": numbers listed before the last share its symbol.
    listed = r"(?P<list>(?:\d{1,5}\s*(?:,|\svà)\s*)+)?"
    numbered = re.compile(rf"(?<![\w/])(?P<type>{types})\s+(?:số\s*:?\s*)?{listed}{cfg.number}{dated}",
                          re.IGNORECASE)
    # "các Quyết định: số 36/QĐ-TTg … và số 1668/QĐ-TTg", "Kết luận liên ngành … số 23/KL-…":
    # a document number after "số" is a citation even where no type word stands before it.
    bare = re.compile(rf"(?<![\w/])số\s*:?\s*{cfg.number}{dated}", re.IGNORECASE)
    laws = "|".join(sorted(map(re.escape, cfg.law_types), key=len, reverse=True))
    law = re.compile(rf"(?<![\w])(?P<type>{laws})\s+(?!số\b|này\b|sư\b)")
    stop_issuer = re.compile(cfg.stop_issuer)
    bare_stop = re.compile(cfg.law_bare_stop)
    return numbered, bare, law, stop_issuer, bare_stop


@stage("references", requires={"text", "metadata"}, assigns={"references"})
def find_references(doc: Document) -> Document:
    """Cited documents, once each, in order of first mention."""
    return doc.updated(references=cited_documents(doc.text, doc.metadata.doc_number))


def cited_documents(text: str, own_number: str | None) -> list[Reference]:
    numbered, bare, law, stop_issuer, bare_stop = _patterns()
    own = fold(own_number or "")
    found: list[Reference] = []
    taken: list[tuple[int, int]] = []
    seen = _Seen()
    typed = list(numbered.finditer(text))
    typed_starts = [t.start() for t in typed]  # finditer's matches: in order, apart
    form = re.compile(rf"(?:{_cfg().not_document})\s*$")
    untyped = [m for m in bare.finditer(text)
               if not _inside(typed, typed_starts, m.start())
               and not form.search(text, max(0, m.start() - 12), m.start())]

    for m in sorted([*typed, *untyped], key=lambda m: m.start()):
        number = _number(m["num"])
        doc_type = (_canonical_type(m["type"]) if "type" in m.re.groupindex
                    else _type_before(text, m.start(), numbered) or doc_type_from_number(number)
                    or _cfg().untyped)
        taken.append((m.start(), m.end()))
        if fold(number) == own or not re.search(r"\d", number):
            continue
        end = m.end()
        issuer, title = None, None
        rest = text[end:end + 400].split("\n")[0]
        im = re.match(r"\s*,?\s*của\s+", rest)
        if im:
            tail = rest[im.end():]
            stop = stop_issuer.search(tail)
            issuer = tail[: stop.start()].strip() if stop else tail.strip()
            if len(issuer.split()) > 12 or not issuer:
                issuer = None
            rest = tail[len(issuer or ""):]
        title = _title(rest)
        issuer = issuer or _issuer_from_number(number)
        shared = re.sub(r"^\d+", "", number)
        listed = [f"{n}{shared}" for n in re.findall(r"\d+", m.groupdict().get("list") or "")]
        for each in [*listed, number]:
            key = ("n", number_key(each))
            if key in seen or fold(each) == own:
                continue
            seen.add(key)
            found.append(Reference(doc_type=doc_type, doc_number=each,
                                   issue_date=dates.parse_date(m["date"]) if m["date"] else None,
                                   issuer=issuer,
                                   title=title if each == number else None,
                                   span=Span(start=m.start(), end=m.end())))

    _share_dates(text, found)
    by_number = {number_key(r.doc_number): r for r in found if r.doc_number}
    taken.sort()
    taken_starts = [a for a, _ in taken]
    reach = [0] * len(taken)  # reach[i]: the furthest end of taken[:i + 1]
    for i, (_, b) in enumerate(taken):
        reach[i] = max(b, reach[i - 1] if i else b)
    law_reach = 0  # the furthest end of a law read below: each starts at its match, in order
    revisions: dict[str, Reference] = {}  # "Luật A (sửa đổi)" cited before A, by A's folded name
    undated: list[Reference] = []  # laws cited by name alone, which a later year may date
    for m in law.finditer(text):
        i = bisect_right(taken_starts, m.start()) - 1
        if (i >= 0 and reach[i] > m.start()) or law_reach > m.start():
            continue
        if _amended(text, m.start()):
            continue
        line_end = text.find("\n", m.start())
        line_end = len(text) if line_end < 0 else line_end
        tail = text[m.start():line_end]
        ref = _law(m["type"], tail, m.start(), bare_stop)
        if ref is None:
            continue
        law_reach = max(law_reach, ref.span.end)
        if ref.doc_number:
            key = ("n", number_key(ref.doc_number))
            cited = by_number.get(key[1])
            if cited is not None and not cited.title and ref.title:
                # "Luật Bầu cử … số 85/2015/QH13": the number was read first, its title is this.
                cited.title = ref.title
                seen.add(("l", fold(ref.title), ""))
        else:
            key = ("l", fold(ref.title or ""), ref.issue_date or "")
            # A later mention of the same law without its date, or with its year only, is the
            # same law, and so is a short form of a law already cited ("Luật Bầu cử năm 2015"
            # after its full title), or its revision ("Luật A (sửa đổi)") after it.
            year = ref.issue_date if ref.issue_date and len(ref.issue_date) == 4 else None
            name = fold(_REVISED.sub("", ref.title or ""))
            draft = revisions.get(key[1])
            if draft is not None and ref.issue_date:
                # "Dự án Luật Khoáng sản (sửa đổi)" before "Luật Khoáng sản năm 2010": the law in
                # force is the one cited; its revision is a text to be drafted.
                found.remove(draft)
                del revisions[key[1]]
            elif not ref.issue_date and (seen.has_title(key[:2]) or seen.has_law_starting(name)):
                continue
            elif year and seen.has_law_starting(name) and (cited := _undated_starting(undated, name)):
                # "Luật Bầu cử năm 2015" after "Luật Bầu cử đại biểu Quốc hội …" cited undated:
                # the short form gives that law its year.
                cited.issue_date = year
                undated.remove(cited)
                seen.add(key)  # its next mention by the short form and year is the same law
                continue
            if _REVISED.search(ref.title or "") and not ref.issue_date:
                revisions[name] = ref
            if year and seen.has_year(key[:2], year):
                continue
        if key in seen or fold(ref.doc_number or "") == own != "":
            continue
        seen.add(key)
        found.append(ref)
        if not ref.doc_number and not ref.issue_date and ref.title:
            undated.append(ref)
    return sorted(found, key=lambda r: r.span.start)


def _undated_starting(undated: list[Reference], name: str) -> Reference | None:
    """The first law cited without a date whose title starts with the words of `name`."""
    words = name.split()
    return next((r for r in undated if fold(r.title or "").split()[:len(words)] == words), None)


_JOINED = re.compile(r"\s*(?:,|;|\svà)\s*(?:số\s*)?$")


def _share_dates(text: str, found: list[Reference]) -> None:
    """Numbers cited together before one date ("Các Công điện: số 008/CĐ-UBND và số
    009/CĐ-UBND ngày 19/11/2025") share it: an undated number joined to the next by "và" or a
    comma takes that one's date."""
    for a, b in zip(reversed(found[:-1]), reversed(found[1:]), strict=True):
        if (a.issue_date is None and b.issue_date and a.doc_type == b.doc_type
                and _JOINED.match(text[a.span.end:b.span.start])):
            a.issue_date = b.issue_date


def _inside(spans: list[re.Match[str]], starts: list[int], pos: int) -> bool:
    """Whether `pos` falls in one of `spans` (in order and apart, `starts` their starts): only
    the last one starting at or before it can hold it."""
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < spans[i].end()


class _Seen(set):
    """The keys of the documents cited so far — ("n", number key) or ("l", folded law title,
    date) — indexed for the questions a later law asks of them, so that a text citing
    thousands of documents is read in linear time (each law was compared with every key:
    10,000 citations hung the stage; issue 14)."""

    def __init__(self) -> None:
        super().__init__()
        self._dates: dict[tuple[str, ...], list[str]] = {}
        self._prefixes: set[tuple[str, ...]] = set()

    def add(self, key: tuple[str, ...]) -> None:
        super().add(key)
        self._dates.setdefault(key[:2], []).append(key[2] if len(key) > 2 else "")
        if key[0] == "l":
            words = key[1].split()
            self._prefixes.update(tuple(words[:n]) for n in range(2, len(words) + 1))

    def has_title(self, pair: tuple[str, ...]) -> bool:
        return pair in self._dates

    def has_year(self, pair: tuple[str, ...], year: str) -> bool:
        return any(d.startswith(year) for d in self._dates.get(pair, ()))

    def has_law_starting(self, short: str) -> bool:
        """Whether a law title seen begins with the words of `short` (two or more)."""
        first = short.split()
        return len(first) >= 2 and tuple(first) in self._prefixes


def _type_before(text: str, start: int, numbered: re.Pattern[str]) -> str | None:
    """The type word a list of numbers hangs from ("các Quyết định: số 36/…, số 1668/…"):
    the last one shortly before `start` in the same sentence."""
    window = re.split(r"[.;]\s", text[max(0, start - 120):start])[-1]
    types = "|".join(sorted(map(re.escape, _cfg().types), key=len, reverse=True))
    found = re.findall(rf"(?<![\w/])({types})\b", window, re.IGNORECASE)
    return _canonical_type(found[-1]) if found else None


def _number(matched: str) -> str:
    """The number as cited, without the line break or space a wrap left inside it."""
    return re.sub(r"\s", "", matched).rstrip(".-/")


def number_key(number: str) -> str:
    """A cited number's identity: its letters and digits, folded. A typo in the separators
    ("12/2021/TTBTC" after "12/2021/TT-BTC") and another type word for the same number name
    the same document."""
    return re.sub(r"[\W_]", "", fold(number))


def _canonical_type(word: str) -> str:
    return _types_by_fold().get(fold(word), word)


@cache
def _types_by_fold() -> dict[str, str]:
    """Folded type word -> the type as the data file spells it (the first of equal folds)."""
    out: dict[str, str] = {}
    for t in _cfg().types:
        out.setdefault(fold(t), t)
    return out


def _issuer_from_number(number: str) -> str | None:
    codes = _cfg().issuer_codes
    for part in reversed(re.split(r"[/\-]", number)):
        base = re.sub(r"\d+$", "", part)
        if base in codes:
            return codes[base]
    return None


def _title(rest: str) -> str | None:
    m = re.match(r"\s*,?\s*(?:về việc|về|V/v)?\s*(?P<t>(?:phê duyệt|ban hành|quy định|hướng dẫn|"
                 r"sửa đổi|thực hiện|triển khai)?.*)", rest, re.IGNORECASE)
    if not m or not re.match(r"\s*,?\s*(về|phê duyệt|ban hành|quy định|hướng dẫn|sửa đổi|V/v)\b",
                             rest, re.IGNORECASE):
        return None
    title = re.split(rf"[;()]|\.(?:\s|$)|,\s+(?=[a-zà-ỹđ])|\s+(?=(?:và|;)\s+[{UPPER}])", m["t"])[0]
    title = title.strip(" ,.:")
    if len(title.split()) < 2:
        return None
    return title[:1].upper() + title[1:]


@cache
def _law_titles() -> list[list[str]]:
    """The known law titles as folded words, longest first."""
    titles = [fold(t).split() for t in config.law_titles().titles]
    return sorted(titles, key=len, reverse=True)


def _known_title(tail: str) -> str | None:
    """The longest known law title the citation starts with, as printed ("Luật Thi đua, khen
    thưởng" in "Luật Thi đua, khen thưởng trên địa bàn tỉnh")."""
    words = tail.split()
    folded = [fold(w) for w in words]
    for title in _law_titles():
        n = len(title)
        if folded[:n] == title or (folded[:n - 1] == title[:-1] and len(folded) >= n
                                   and folded[n - 1].rstrip(",;:.)") == title[-1]):
            return " ".join(words[:n]).rstrip(",;:.)")
    return None


@cache
def _other_document() -> re.Pattern[str]:
    """ "và"/"," before a type word other than a law's: where a law's own clause ends."""
    others = [t for t in _cfg().types if t not in _cfg().law_types]
    names = "|".join(sorted(map(re.escape, others), key=len, reverse=True))
    return re.compile(rf"\s*(?:,|\svà)\s+(?=(?:{names})\b)")


_AMENDING = re.compile(r"(?:Bộ luật|Luật) (?i:sửa|sử) đổi,? bổ sung (?:một số điều (?:của )?)?(?:các )?")
"""An amending law's title before the law it amends ("Luật Sửa đổi, …" capitalised too)."""

_AMENDS = re.compile(r"(?i:sửa|sử) đổi,? bổ sung(?: một số điều)? (?:của|tại)\s+")
_PASSIVE = re.compile(r"\bđược\s+$")
_PASSED = re.compile(r"\s+(?:đã\s+)?được\s+(?:Quốc hội|Ủy ban Thường vụ Quốc hội|thông qua|ban hành)\b")
_NEXT_LAW = re.compile(r",\s+(?=(?:Bộ luật|Luật)\s)|\s+và\s+(?=(?:Bộ luật|Luật)\s)")
_LAW_NAME = re.compile(rf"(?:Bộ luật|Luật)\s+[{UPPER}]")


def _amended(text: str, start: int) -> bool:
    """Whether the law cited at `start` is one an amending law amends: "Luật số 97/… về sửa
    đổi, bổ sung một số điều của Luật A, Luật B": after the phrase, only laws' names and
    commas stand before it, on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    window = text[max(line_start, start - 600):start]
    phrases = list(_AMENDS.finditer(window))
    if not phrases or _PASSIVE.search(window, 0, phrases[-1].start()):
        return False  # "Luật A … được sửa đổi, bổ sung … tại Luật B": B amends A, and is cited
    between = window[phrases[-1].end():]
    if any(c in between for c in ";:."):
        return False
    names = [p.strip() for p in re.split(r",|\svà\s", between) if p.strip()]
    return all(re.match(r"(?:Bộ luật|Luật)\s", n) for n in names)


_YEAR_AFTER = re.compile(r"\s+năm\s+(?P<year>(?:19|20)\d\d)\b")
_NAMED_YEAR = re.compile(r"\s+(?:19|20)\d\d\b(?![/\-.]\d)")
_YEAR_AT_END = re.compile(r"\s+năm\s+(?P<year>(?:19|20)\d\d)\s*$")
"""A law cited by its name and year ("Luật Viên chức năm 2025"): the year is its date."""


_CONSTITUTION = re.compile(r"Hiến pháp(?: nước Cộng hòa xã hội chủ nghĩa Việt Nam)? năm (?:19|20)\d\d")
"""The Constitution is named by its year ("Hiến pháp năm 2013"): the year is in its title."""
_REVISED = re.compile(r"\s*\((?:sửa đổi|sửa đổi, bổ sung|mới)\)")
"""A law being revised is cited with its state in parentheses ("Luật Giáo dục nghề nghiệp
(sửa đổi)"): that is part of its name."""


def _amending_list(kind: str, tail: str, offset: int, issuer: str | None) -> Reference | None:
    """An amending law whose title lists the laws it amends ("Luật sửa đổi, bổ sung một số
    điều của Luật Quy hoạch, Luật Đầu tư, … và Luật Đấu thầu ngày 29 tháng 11 năm 2024"): one
    law, its title running over the whole list, the numbers printed in it the amended laws'
    ("… của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15 …"), a date after the
    list its own. With one law amended, `_law_named` reads it (a number there is its own)."""
    amend = _AMENDING.match(tail)
    if amend is None:
        return None
    clause = re.split(r"[;:()]|\.(?:\s|$)", tail)[0]
    body = clause[amend.end():]
    dm = re.search(rf"\s+ngày\s+(?P<date>{dates.DATE})", body)
    listed = body[: dm.start()] if dm else body.rstrip(" ,")
    laws = _NEXT_LAW.split(listed)
    if len(laws) < 2 or not all(_LAW_NAME.match(law) for law in laws):
        return None
    end = amend.end() + (dm.end() if dm else len(listed))
    return Reference(doc_type=kind, issuer=issuer, title=(tail[: amend.end()] + listed).strip(" ,"),
                     issue_date=dates.parse_date(dm.group("date")) if dm else None,
                     span=Span(start=offset, end=offset + end))


def _law(doc_type: str, tail: str, offset: int, bare_stop: re.Pattern[str]) -> Reference | None:
    """A law cited by its name (`_law_named`), "(sửa đổi)" after the name included."""
    ref = _law_named(doc_type, tail, offset, bare_stop)
    if ref is not None and ref.title and not ref.doc_number and not ref.issue_date:
        end = ref.span.end - offset
        if (revised := _REVISED.match(tail, end)) and tail[:end].rstrip().endswith(ref.title):
            ref.title = f"{ref.title} {tail[end:revised.end()].strip()}"
            ref.span = Span(start=offset, end=offset + revised.end())
    return ref


def _law_named(doc_type: str, tail: str, offset: int, bare_stop: re.Pattern[str]) -> Reference | None:
    """A law cited by its name: "Luật Tổ chức Chính phủ số 63/2025/QH15", or up to
    "ngày <date>" when that follows within the clause, else a short capitalised name up to
    the next punctuation; "… năm 2025" after the name is its year."""
    cfg = _cfg()
    if constitution := _CONSTITUTION.match(tail):
        return Reference(doc_type=doc_type, issuer=cfg.law_issuers.get(doc_type), title=constitution[0],
                         span=Span(start=offset, end=offset + constitution.end()))
    issuer = cfg.law_issuers.get(doc_type)
    kind = doc_type  # "Luật", "Bộ luật", "Hiến pháp" as printed
    if listed := _amending_list(kind, tail, offset, issuer):
        return listed
    clause = re.split(r"[;:.()](?!\d)", tail)[0]
    # "Luật A và Nghị định số 80/…": the number after another document's type is that one's.
    clause = _other_document().split(clause, maxsplit=1)[0]
    nm = re.search(rf"\s+số\s+{cfg.number}", clause)
    dm = re.search(rf"\s+ngày\s+(?P<date>{dates.DATE})", clause)
    if nm and len(clause[: nm.start()].split()) <= cfg.law_title_max_words:
        after = re.match(rf"\s*,?\s*ngày\s+(?P<date>{dates.DATE})", clause[nm.end():])
        end = nm.end() + (after.end() if after else 0)
        return Reference(doc_type=kind, doc_number=_number(nm["num"]), issuer=issuer,
                         title=clause[: nm.start()].strip(" ,"),
                         issue_date=dates.parse_date(after.group("date")) if after else None,
                         span=Span(start=offset, end=offset + end))
    if dm and len(clause[: dm.start()].split()) <= cfg.law_title_max_words:
        # "Luật A được Quốc hội khóa XV thông qua tại kỳ họp thứ 9 ngày …": how it was passed is
        # no part of its name.
        title = _PASSED.split(clause[: dm.start()], maxsplit=1)[0].strip(" ,")
        # "Luật A và Luật B ngày …": two laws, the date the second's; the first by its name.
        # An amending law's own title names the laws it amends ("Luật sửa đổi, bổ sung một số
        # điều của Luật A và Luật B"): one law.
        both = re.search(r"\s+(?:và|,)\s+(?=(?:Luật|Bộ luật)\s)", title)
        first = title[: both.start()] if both else ""
        if both and both.start() > len(doc_type) and not re.search(r"(?i)sửa đổi|\bcủa\s", first):
            return Reference(doc_type=kind, issuer=issuer, title=title[: both.start()].strip(" ,"),
                             span=Span(start=offset, end=offset + both.start()))
        return Reference(doc_type=kind, issuer=issuer, title=title,
                         issue_date=dates.parse_date(dm.group("date")),
                         span=Span(start=offset, end=offset + dm.end()))
    if (amend := _AMENDING.match(tail)) and (amended := _known_title(tail[amend.end():])):
        # "Luật sửa đổi, bổ sung một số điều của Luật A": one law, its title naming A.
        title = tail[: amend.end()] + amended
        return Reference(doc_type=kind, issuer=issuer, title=title,
                         span=Span(start=offset, end=offset + len(title)))
    if known := _known_title(tail):
        if named := _NAMED_YEAR.match(tail, len(known)):
            # "Luật An ninh mạng 2025": the year printed bare after the name names the law
            # of that year (which replaced the one of 2018), as printed.
            title = tail[: named.end()]
            return Reference(doc_type=kind, issuer=issuer, title=title,
                             span=Span(start=offset, end=offset + len(title)))
        year = _YEAR_AFTER.match(tail, len(known))
        return Reference(doc_type=kind, issuer=issuer, title=known,
                         issue_date=year["year"] if year else None,
                         span=Span(start=offset, end=offset + (year.end() if year else len(known))))
    stop = bare_stop.search(tail, len(doc_type))
    title = tail[: stop.start()] if stop else tail
    year = _YEAR_AT_END.search(title)
    if year:
        title = title[: year.start()]
    else:  # the stop is at "năm": "Luật Khoáng sản năm 2010" has its year after it
        year = _YEAR_AFTER.match(tail, len(title))
    words = title.split()
    if len(words) < 2 or len(words) > cfg.law_bare_max_words or not words[1][:1].isupper():
        return None
    return Reference(doc_type=kind, issuer=issuer, title=title.strip(),
                     issue_date=year["year"] if year else None,
                     span=Span(start=offset, end=offset + len(title) + (len(year[0]) if year else 0)))
