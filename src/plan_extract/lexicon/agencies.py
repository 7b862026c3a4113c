"""Agencies: recognising an agency heading, reading the agency a sentence names, the
coordinating partners after "phối hợp với", and canonical spelling of department names."""

from __future__ import annotations

import re
from functools import cache

from .. import config
from ..document import Metadata
from .textnorm import TERMINAL, fold


def _cfg() -> config.AgenciesData:
    return config.agencies()


@cache
def _capitalised() -> frozenset[str]:
    return frozenset(fold(h) for h in _cfg().capitalised)


@cache
def _heads() -> re.Pattern[str]:
    heads = sorted(_cfg().heads, key=len, reverse=True)
    nouns = sorted(_cfg().not_heads, key=len, reverse=True)
    return re.compile(r"^(?!(?:" + "|".join(map(re.escape, nouns)) + r")(?![\w]))(?:"
                      + "|".join(map(re.escape, heads)) + r")(?![\w])", re.IGNORECASE)


@cache
def _verbs() -> re.Pattern[str]:
    verbs = sorted(_cfg().verbs, key=len, reverse=True)
    # "các tổ chức đoàn thể", "các cơ quan, tổ chức có liên quan" are noun phrases, not the
    # verb "tổ chức"; so is a body named by its work ("Đoàn kiểm tra", "Ban tổ chức").
    alternation = "|".join(map(re.escape, verbs))
    return re.compile(rf"(?<![Cc]ác)(?<![Nn]hững)(?<!Đoàn)(?<!Ban)(?<!Tổ)(?<!,)\s+(?:{alternation})\b"
                      rf"|,\s+(?!{_cfg().verb_as_noun})(?:{alternation})\b|[,;:.]?\s*$|:")


def strip_request(text: str) -> str:
    """ "Đề nghị Sở Y tế" -> "Sở Y tế": the request verb is not part of the name."""
    return re.sub(_cfg().request, "", text.strip())


_RESPONSIBLE = re.compile(r"^(?:Trách nhiệm|Nhiệm vụ)(?: cụ thể)? của\s+(?P<who>[^:;.]{3,150}?)\s*:?\s*$")


def responsible(text: str) -> str | None:
    """The actor a responsibility heading names: "Trách nhiệm của đối tượng thực hiện kiểm
    kê:" -> "Đối tượng thực hiện kiểm kê" (capitalised); None for any other heading."""
    m = _RESPONSIBLE.match(_NOTE.sub("", text.strip()))
    if not m:
        return None
    who = m["who"].strip()
    return who[:1].upper() + who[1:]


def agency_before_colon(text: str) -> str | None:
    """ "Sở Xây dựng: hướng dẫn …" -> "Sở Xây dựng": an "Agency: task" line's agency."""
    m = re.match(r"^(?P<name>[^:;.]{3,120}?)\s*:\s*\S", text)
    return m["name"] if m and is_agency_heading(m["name"]) else None


def names_only(text: str) -> bool:
    """A line that names and does nothing: no verb of the agency verbs in it ("Tư lệnh các
    quân khu; Chủ tịch Ủy ban nhân dân các tỉnh"), unlike a task ("Sở Tài chính … tham mưu …")."""
    verbs = "|".join(map(re.escape, _cfg().verbs))
    return re.search(rf"(?i)(?<!\w)(?:{verbs})(?!\w)", text) is None


def heading_name(text: str) -> str:
    """The agency an agency heading names: "Đề nghị Ủy ban nhân dân xã phối hợp" -> "Ủy ban
    nhân dân xã"; the request before it and a verb that ends it are not part of the name (a
    name of one word left, "Ban chỉ đạo", keeps its words; a verb inside a name, "các tổ
    chức cung cấp dịch vụ", stays)."""
    body = _NOTE.sub("", strip_request(text))
    verbs = "|".join(map(re.escape, sorted(_cfg().verbs, key=len, reverse=True)))
    name = re.sub(rf"\s+(?:{verbs})\s*[:.]?\s*$", "", body)
    return name if len(name.split()) >= 2 else body


_NOTE = re.compile(r"(?<=\S)\s*\([^()]*\)\s*:?\s*$")
"""A note in parentheses after a name ("… lĩnh vực (gồm các Sở: Xây dựng, …)")."""


def without_note(text: str) -> str:
    """The name without a note in parentheses after it."""
    return _NOTE.sub("", text.strip())


def is_agency_heading(text: str) -> bool:
    """"Sở Tài chính", "Ủy ban nhân dân các huyện, thị xã, thành phố": a short name, no
    sentence (a note in parentheses after it aside). A numbered line like this in an
    implementation part heads that agency's tasks."""
    text = _NOTE.sub("", re.sub(_cfg().request, "", text.strip()))
    if not _heads().match(text) or text[-1:] in TERMINAL:
        return False
    words = len(text.split())
    return words <= _cfg().heading_max_words or (
        words <= _cfg().long_heading_max_words and _assigning().search(text) is None)


@cache
def _assigning() -> re.Pattern[str]:
    """A verb that assigns work, which a name with its sector never holds."""
    verbs = sorted(_cfg().assigning_verbs, key=len, reverse=True)
    return re.compile(r"(?i)(?<!\w)(?:" + "|".join(map(re.escape, verbs)) + r")(?!\w)")


def is_bare_head(text: str) -> bool:
    """"Bộ", "Ủy ban": a head word with nothing after it, the start of a name cut by a wrap."""
    m = _heads().match(text.strip())
    return m is not None and m.end() == len(text.strip())


def agency_in_sentence(text: str) -> str | None:
    """The agency a task sentence opens with: "Đề nghị Ban Tuyên giáo Tỉnh ủy phối hợp …"
    -> "Ban Tuyên giáo Tỉnh ủy"; None when the sentence does not open with one."""
    body = re.sub(_cfg().request, "", text.strip())
    if not _heads().match(body):
        return None
    stop = _verbs().search(body)
    name = body[: stop.start()] if stop else body
    name = name.strip(" ,:")
    words = len(name.split())
    # A list of office holders or bodies ("Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, …, Chủ
    # tịch Ủy ban nhân dân các tỉnh, thành phố …") runs as long as a long heading.
    listed = sum(bool(_heads().match(part)) for part in name.split(", ")) >= 3
    most = _cfg().long_heading_max_words if listed else _cfg().sentence_max_words
    return name if 1 <= words <= most else None


def agency_in_assignment(text: str) -> str | None:
    """News: "UBND huyện giao phòng Lao động … là cơ quan chủ trì" -> that office."""
    for rx in _cfg().assignment:
        m = re.search(rx, text)
        if m and len(m["ag"].split()) <= _cfg().heading_max_words:
            return m["ag"].strip(" ,")
    return None


@cache
def _departments() -> dict[str, str]:
    return {_letters(d): d for d in _cfg().departments}


def _letters(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def abbreviations() -> list[tuple[str, str]]:
    """(short, full) pairs of the data file, "UBND" -> "Ủy ban nhân dân"."""
    return [(short, full) for short, full in _cfg().abbreviations]


def canonical(name: str, metadata: Metadata | None = None, expand: bool = True) -> str:
    """Expand abbreviations, capitalise the head, spell department names canonically, and
    in a district document qualify a district office with its district. An activity's
    agency (`expand` False) keeps the abbreviations it is printed with ("Ban Thường trực Ủy
    ban MTTQ Việt Nam xã", "Sở KHĐT"), as gold does; only UBND, which SPEC equates with its
    full form, is spelt out. The issuer is always spelt out (SPEC)."""
    for short, full in _cfg().abbreviations:
        if expand or short == "UBND":
            name = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", full, name)
    name = " ".join(name.split()).strip(" ,.;:")
    # A role noted after the name ("Sở Tài chính (cơ quan chủ trì)", "Sở Tài chính - Cơ quan
    # thường trực Ban Chỉ đạo") is no part of it.
    name = re.sub(r"(?<=\S)\s*\([^()]*\)$", "", name).strip(" ,.;:")
    name = re.sub(r"\s+[-–]\s+(?:là\s+)?[Cc]ơ quan (?:thường trực|chủ trì|đầu mối)\b.*$", "", name)
    if not name:
        return name
    words = fold(name).split()
    if {words[0], " ".join(words[:2])} & _capitalised():
        name = name[0].upper() + name[1:]
    head = name.split()[0]
    if head in ("Sở", "Phòng", "Bộ"):
        rest = name[len(head):].strip()
        departments = _departments()
        words = rest.split()
        for n in range(len(words), 0, -1):
            key = _letters(" ".join(words[:n]))
            if key in departments:
                # "Sở Văn hóa, Thể thao và Du lịch, Đài …": the comma after the name stays.
                mark = re.search(r"[,;]$", words[n - 1])
                tail = " ".join(words[n:])
                name = f"{head} {departments[key]}" + (mark[0] if mark else "") + (f" {tail}" if tail else "")
                break
    if (metadata and metadata.issuer_level == "district" and metadata.district
            and head in _cfg().district_offices
            and not re.search(r"\b(huyện|quận|thị xã|thành phố)\b", name)):
        unit = _district_unit(metadata)
        name = f"{name} {unit} {metadata.district}"
    return name


def _district_unit(metadata: Metadata) -> str:
    issuer = metadata.issuer or ""
    m = re.search(r"\b(huyện|quận|thị xã|thành phố)\b", issuer)
    return m.group(1) if m else "huyện"


def partners(text: str) -> list[str]:
    """Agencies after "phối hợp (với)" in the item's main clause, split between agencies only
    (commas inside "Sở Văn hóa, Thể thao và Du lịch" do not split)."""
    cfg = _cfg()
    m = re.search(cfg.partners_lead, text)
    if not m:
        return []
    tail = text[m.end():]
    stop = re.search(cfg.partners_stop, tail)
    chunk = tail[: stop.start()] if stop else tail
    if not chunk.strip():
        return []
    return split_agencies(chunk)


def split_agencies(chunk: str) -> list[str]:
    """"Sở Y tế, Sở Văn hóa, Thể thao và Du lịch và các cơ quan có liên quan" -> three names:
    split at commas, "và" and list bullets ("- Sở A - Sở B", a table cell's lines) only where
    an agency name starts ("Sở Lao động - Thương binh và Xã hội" stays one), and at every
    semicolon (the entries of a table cell)."""
    heads = "|".join(map(re.escape, sorted(_cfg().partner_split_heads, key=len, reverse=True)))
    parts = re.split(rf"(?:^|[,;]?\s*)[-–•+]\s+(?=(?:{heads})\b)|(?:[,;]\s*|\s+và\s+)(?=(?:{heads})\b)"
                     r"|;\s*", chunk)
    # An entry keeps no bullet of its own ("- Vụ Pháp chế; - Văn phòng Bộ").
    out = [re.sub(r"^[-–•+]\s+", "", p.strip(" ,;.")) for p in parts if p.strip(" ,;.-–•+")]
    return out

