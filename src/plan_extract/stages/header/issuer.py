"""The issuing organ and its locality. Decree 30/2020/NĐ-CP prints the organ top left, in
capitals: its name, for a local organ followed by its locality ("ỦY BAN NHÂN DÂN / TỈNH TIỀN
GIANG"), and for a subordinate organ under the name of the organ directly above it ("UBND
TỈNH X / SỞ Y TẾ"). A legal-database page may also name it in its attribute table."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...document import Line, Provenance, Span
from ...lexicon import agencies, places
from ...lexicon.places import Place
from ...lexicon.textnorm import fold, is_upper
from ._data import Organ, _cfg, _re
from .attribute_table import AttributeTable, Cell
from .result import HeaderResult, line_span

"""An `[[organs]]` entry of header.toml: printed (capitals), name, level, title_rest."""


@dataclass(frozen=True)
class Candidate:
    """An organ read off a line, with what follows it (its locality, or the rest of a title
    such as "Y TẾ" after "SỞ")."""

    organ: Organ
    rest: str
    line: Line


@dataclass(frozen=True)
class Issuer:
    """The issuer fields as the header gives them, and where."""

    name: str
    level: str | None
    province: str | None
    district: str | None
    provenance: Provenance
    span: Span


def match_organ(text: str) -> tuple[Organ | None, str]:
    """The organ whose printed name starts `text` (a whole word), and the rest of the text."""
    t = " ".join(text.split())
    for organ in _cfg().organs:
        printed = organ.printed
        if t.upper().startswith(printed) and (len(t) == len(printed) or not t[len(printed)].isalpha()):
            return organ, t[len(printed):].strip(" ,-|")
    return None, ""


def locality(text: str, full_text: str) -> tuple[Place | None, str | None, str | None]:
    """("TỈNH TIỀN GIANG") -> (Place or None, unit, name title-cased); accepts any case.
    A commune is never resolved to a Place; (None, None, None) when no unit starts the text."""
    units = _cfg().units
    all_units = sorted({*units.province, *units.district, *units.commune}, key=len, reverse=True)
    low = text.strip().lower()
    for unit in all_units:
        if low.startswith(unit + " "):
            name = text.strip()[len(unit):].strip()
            name = re.split(r"\s{2,}|\s[-|]\s|\bĐộc lập\b", name)[0].strip()
            place = places.resolve(unit, places.title_name(name), full_text)
            if unit in units.commune:
                return None, unit, places.title_name(name)
            return place, unit, places.title_name(name)
    return None, None, None


def _rest_from_next_line(organ: Organ, rest: str, nxt_text: str, full_text: str) -> str:
    """What the line under an organ adds: its locality ("ỦY BAN NHÂN DÂN" / "TỈNH TIỀN GIANG"),
    or the end of a name wrapped onto it ("BỘ LAO ĐỘNG -" / "THƯƠNG BINH VÀ XÃ HỘI"). The
    second column's motto line ("Độc lập - Tự do - Hạnh phúc") is cut off first."""
    if not rest:
        nxt = _re("motto2").sub("", nxt_text).strip()
        if is_upper(nxt) and locality(nxt, full_text)[1]:
            rest = nxt
    if organ.title_rest:
        nxt = _re("motto2").sub("", nxt_text).strip()
        if (nxt and is_upper(nxt) and _cfg().national.motto not in nxt.upper()
                and not locality(nxt, full_text)[1] and match_organ(nxt)[0] is None
                and (rest.endswith(("-", ",")) or nxt.split()[0] in ("VÀ", "-"))):
            rest = f"{rest} {nxt}"
    return rest


def header_candidates(head: list[Line], full_text: str) -> list[Candidate]:
    """The organs in the header's capitalised lines (left of the motto when a flattened
    two-column header shares the line), top to bottom. A titled organ ("SỞ Y TẾ") within two
    lines under a local organ with a locality ("UBND TỈNH X") replaces it: the lower line is
    the issuer, within the upper one's locality."""
    motto = _cfg().national.motto
    candidates: list[Candidate] = []
    for i, ln in enumerate(head):
        text = ln.text.split(motto)[0].strip() if motto in ln.text.upper() else ln.text
        if not text or not is_upper(text):
            continue
        organ, rest = match_organ(text)
        if organ is None:
            continue
        if i + 1 < len(head):
            rest = _rest_from_next_line(organ, rest, head[i + 1].text, full_text)
        if (organ.title_rest and candidates and candidates[-1].rest
                and not candidates[-1].organ.title_rest
                and locality(candidates[-1].rest, full_text)[1]
                and head.index(candidates[-1].line) >= i - 2):
            parent = candidates.pop()
            organ = organ.model_copy(update={"name": f"{organ.name} {rest.lower()}",
                                             "title_rest": False, "level": None})
            rest = parent.rest
        candidates.append(Candidate(organ, rest, ln))
    return candidates


def _add_attribute_issuer(candidates: list[Candidate], cell: Cell, number: str | None) -> None:
    """The attribute table's "Cơ quan ban hành": an organ with its locality is one more
    candidate; a locality only ("Tỉnh Tiền Giang") goes first, with the header's first organ,
    or else the organ the number's suffix names ("179/KH-UBND": Ủy ban nhân dân)."""
    organ, _ = match_organ(cell.value.upper())
    if organ is not None:
        candidates.append(Candidate(organ, cell.value[len(organ.printed):].strip(), cell.line))
        return
    base = next((c for c in candidates), None)
    if base is None and number:
        suffix = re.split(r"[-/]", number)[-1]
        organ, _ = match_organ(suffix.upper())
        base = Candidate(organ, "", cell.line) if organ else None
    if base is not None:
        candidates.insert(0, Candidate(base.organ, cell.value, base.line))


def _issuer_of(chosen: Candidate, provenance: Provenance, full_text: str) -> Issuer:
    """The issuer's name, level, province and district from an organ and its locality."""
    organ, rest = chosen.organ, chosen.rest
    span = line_span(chosen.line)

    def issuer(name: str, level: str | None, province: str | None = None,
               district: str | None = None) -> Issuer:
        return Issuer(name, level, province, district, provenance, span)

    name = agencies.canonical(organ.name) if organ.name != organ.printed else organ.name
    if organ.title_rest and rest and not locality(rest, full_text)[1]:
        return issuer(agencies.canonical(f"{name} {rest.lower()}"), organ.level or "province")
    place, unit, place_name = locality(rest, full_text) if rest else (None, None, None)
    if unit is None and organ.unit and rest:  # "TỈNH ỦY LÀO CAI": the locality's name alone
        place, unit, place_name = locality(f"{organ.unit.upper()} {rest}", full_text)
        if unit is not None:
            own = place.name if place else place_name
            if place is not None and place.level == "district":
                return issuer(f"{name} {own}", "district", place.province, place.name)
            if organ.level == "district":
                return issuer(f"{name} {own}", "district", None, own)
            return issuer(f"{name} {own}", "province", own)
    if unit is None:
        return issuer(name, organ.level)
    full = f"{name} {unit} {place.name if place else place_name}"
    if place is None:
        units = _cfg().units
        if unit in units.commune:
            return issuer(full, "commune")
        if unit in units.district and unit not in units.province:
            return issuer(full, "district", None, place_name)
        level = "province" if unit == "tỉnh" else None
        return issuer(full, level, place_name if level else None)
    if place.level == "province":
        return issuer(full, "province", place.name)
    return issuer(full, "district", place.province, place.name)


def organ_block(head: list[Line], number_line: Line | None) -> list[Line]:
    """The organ's lines of Decree 30's header: the capitalised lines directly above the
    "Số:" line (the motto cut off where a flattened header shares a line), at most
    `organ_block_lines` of them; specks and rules are skipped."""
    motto = _cfg().national.motto
    if number_line is not None and number_line in head:
        end = head.index(number_line)
    else:  # a copy with no number line (a work programme): the organ stands above the motto
        end = next((i for i, ln in enumerate(head) if ln.text.upper().startswith(motto)), 0)
    block: list[Line] = []
    for ln in head[:end]:
        text = ln.text.split(motto)[0] if motto in ln.text.upper() else ln.text
        text = _re("motto2").sub("", text)
        text = re.sub(r"\s*[-_=*.]{3,}\s*$", "", text).strip()  # a rule under the name
        if sum(c.isalpha() for c in text) < 2:
            continue
        if not is_upper(text):
            block = []  # a site's lines above the document: the organ starts after them
            continue
        block.append(Line(ln.start, ln.start + len(text), text))
    return block[-_cfg().issuer.organ_block_lines:]


def _below(block: list[Line], chosen: Candidate | None, full_text: str) -> tuple[list[Line], list[Line]]:
    """The organ block split into the parent organ's lines and the lines under them, which
    name the issuing unit (Decree 30: the organ directly above prints first). With no known
    organ the parent is the first line, and a locality line under it ("XÃ LƯƠNG MINH")."""
    if chosen is None:
        if len(block) < 2:
            return [], block
        cut = 1
    else:
        at = next((i for i, ln in enumerate(block) if ln.start == chosen.line.start), None)
        if at is None:
            return block, []
        cut = at + 1
    if cut < len(block) and locality(block[cut].text, full_text)[1]:
        cut += 1
    return block[:cut], block[cut:]


_NATIONAL = re.compile(r"(?i)\b(?:quốc gia|trung ương)\b")
_LOCALITY = re.compile(r"\b(xã|phường|thị trấn|huyện|quận|thị xã|tỉnh|thành phố)\s+(.+)$")


def _sentence_case(lines: list[str]) -> str:
    """An organ's name printed in capitals, in sentence case: abbreviations expanded
    ("MTTQ"), a number and symbol kept ("1050/QĐ-SCT"), and a locality's name title-cased
    ("… XÃ LƯƠNG MINH" -> "… xã Lương Minh")."""
    keep = {short for short, _ in agencies.abbreviations()}
    out = []
    for line in lines:
        words = [w if w in keep or re.search(r"\d", w) else w.lower() for w in line.split()]
        text = " ".join(words)
        if m := _LOCALITY.search(text):
            text = text[:m.start(2)] + places.title_name(m.group(2).upper())
        out.append(text)
    name = agencies.canonical(" ".join(out))
    return re.sub(r"\bviệt nam\b", "Việt Nam", name[:1].upper() + name[1:])


def _unit_issuer(parent: Issuer | None, unit: list[Line], full_text: str) -> Issuer:
    """The issuing unit under its parent organ. A dependent body ("BAN THƯỜNG TRỰC",
    "TIỂU BAN …" of a committee) is named with its parent ("Ban thường trực Ủy ban MTTQ …
    xã X"), an institution by its own name; level and province are the parent's, the
    province else the one the unit's name or the text names."""
    name = _sentence_case([ln.text for ln in unit])
    folded = fold(name)
    if parent is not None and any(folded.startswith(w + " ") or folded == w
                                  for w in _cfg().issuer.dependent):
        name = f"{name} {parent.name}"
    level = parent.level if parent else None
    province = parent.province if parent else None
    district = parent.district if parent else None
    if level is None and _NATIONAL.search(name):
        level = "central"  # "Ban Chỉ đạo quốc gia …", "… Trung ương"
    if province is None and level != "district":
        # A central body is placed only by its own name ("… thành phố Cần Thơ"), not by
        # where the text says it sits.
        province = places.most_mentioned_province(name, *([full_text] if level != "central" else []))
    span = Span(start=unit[0].start, end=unit[-1].end)
    return Issuer(name, level, province, district, "header", span)


def find_issuer(head: list[Line], attrs: AttributeTable, full_text: str,
                number: str | None = None, number_line: Line | None = None) -> Issuer | None:
    """Organ + locality from the header lines or the attribute table: the first candidate
    that has a locality (or a title), else the first one; a unit printed under that organ
    (an organ the data file does not list) is the issuer, within it."""
    candidates = header_candidates(head, full_text)
    cell = attrs.get("issuer")
    if cell:
        _add_attribute_issuer(candidates, cell, number)
    with_place = [c for c in candidates if c.rest]
    chosen = (with_place or candidates or [None])[0]
    from_table = bool(cell and chosen is not None and chosen.line is cell.line)
    parent = None
    if chosen is not None:
        parent = _issuer_of(chosen, "attribute-table" if from_table else "header", full_text)
    if from_table:
        return parent
    upper, unit = _below(organ_block(head, number_line), chosen, full_text)
    if not unit:
        return parent
    if parent is None and upper:
        parent = _block_issuer(upper, full_text)
    return _unit_issuer(parent, unit, full_text)


def _block_issuer(lines: list[Line], full_text: str) -> Issuer:
    """A parent organ the data file does not list, from its lines: its name, and the level
    and place of a locality line under it."""
    place, unit, place_name = locality(lines[-1].text, full_text) if len(lines) > 1 else (None, None, None)
    if unit is None and (m := _LOCALITY.search(" ".join(ln.text for ln in lines).lower())):
        place, unit, place_name = locality(m.group(0), full_text)  # "ỦY BAN BẦU CỬ XÃ PHỐ BẢNG"
    units = _cfg().units
    level = ("commune" if unit in units.commune else place.level if place
             else "province" if unit == "tỉnh" else None)
    province = place.province if place else None
    if level == "commune":
        province = places.most_mentioned_province(full_text)
    span = Span(start=lines[0].start, end=lines[-1].end)
    return Issuer(_sentence_case([ln.text for ln in lines]), level, province,
                  place.name if place and place.level == "district" else None, "header", span)


# The organ a number's issuer code names ("70/KH-UBND"), for a header whose organ lines were
# lost (an OCR copy that kept the number and the place-date only).
_CODE_ORGANS = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân"}


def issuer_from_number(number: str | None, date_line: Line | None) -> Issuer | None:
    """ "Số 70/KH-UBND" over "Cần Thơ, ngày 15 tháng 9 năm 2025", no organ printed: the
    People's Committee of the place the date line names, where that place is one province
    or one district; else None."""
    if not number or date_line is None or not (m := _re("place_date").match(date_line.text)):
        return None
    organ = _CODE_ORGANS.get(number.rsplit("-", 1)[-1].upper()) if "-" in number else None
    name = m.group("place").strip(" *_")
    if organ is None:
        return None
    place = places.province(name)
    if place is None:
        found = places.districts(name)
        place = found[0] if len(found) == 1 else None
    if place is None:
        return None
    span = line_span(date_line)
    return Issuer(f"{organ} {place.unit} {place.name}", place.level, place.province,
                  place.name if place.level == "district" else None, "inferred", span)


def read_issuer(res: HeaderResult, head: list[Line], attrs: AttributeTable, full_text: str,
                number_line: Line | None = None, date_line: Line | None = None) -> None:
    """issuer, issuer_level, province and district, all from the same organ line (or, with
    none printed, from the number's issuer code and the place of the date line)."""
    issuer = (find_issuer(head, attrs, full_text, res.metadata.doc_number, number_line)
              or issuer_from_number(res.metadata.doc_number, date_line))
    if issuer is not None:
        res.put("issuer", issuer.name, issuer.provenance, issuer.span)
        res.put("issuer_level", issuer.level, issuer.provenance, issuer.span)
        res.put("province", issuer.province, issuer.provenance, issuer.span)
        res.put("district", issuer.district, issuer.provenance, issuer.span)
