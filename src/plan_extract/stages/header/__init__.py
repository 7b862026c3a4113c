"""Header metadata: the document kind and every SPEC `metadata` field, with provenance.

Two layouts are read and merged: the attribute table of legal-database pages ("Số hiệu |
179/KH-UBND", "Ngày ban hành 15/06/2017") and the national header of Decree 30/2020/NĐ-CP
(issuing organ top left, motto top right, "Số: …", "<place>, ngày … tháng … năm …", the
title in capitals, the signature block "TM./KT. … <name>" at the end). The attribute table
wins where both speak, as it is the database's curated record. News articles carry no
header: their metadata describe the plan the article reports on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ...config import load_toml
from ...document import Document, FieldSource, Kind, Line, Metadata, Span, Warning
from ...lexicon import agencies, dates, places
from ...lexicon.attributes import label_line, label_values
from ...lexicon.doc_types import doc_type_from_number, doc_type_word
from ...lexicon.textnorm import fold, is_upper, pattern
from ..registry import stage

HEADER_WINDOW = 60  # lines searched for the national header and attribute table


@dataclass
class HeaderResult:
    kind: Kind
    metadata: Metadata
    provenance: dict[str, FieldSource] = field(default_factory=dict)
    warnings: list[Warning] = field(default_factory=list)
    title: str = ""
    #: the sentence/paragraph of a news article that reports the plan's issuance
    issuance_span: Span | None = None


@cache
def _cfg() -> dict:
    return load_toml("stages/header.toml")


@cache
def _re(key: str, section: str = "national", flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return pattern(_cfg()[section][key], flags)


@stage("header", requires={"lines", "text", "attributes"},
       assigns={"kind", "metadata", "metadata_provenance", "title", "issuance_span"})
def parse_header(doc: Document) -> Document:
    """The document's kind and header metadata, with where each value came from."""
    res = read_header(doc)
    return doc.updated(res.warnings, kind=res.kind, metadata=res.metadata,
                       metadata_provenance=res.provenance, title=res.title,
                       issuance_span=res.issuance_span)


def read_header(doc: Document) -> HeaderResult:
    lines = doc.lines
    head = lines[:HEADER_WINDOW]
    res = HeaderResult(kind="news", metadata=Metadata())
    md = res.metadata

    def put(name: str, value, provenance: str, span: Span | None = None) -> None:
        if value in (None, "", []) or getattr(md, name) not in (None, []):
            return
        setattr(md, name, value)
        res.provenance[name] = FieldSource(provenance=provenance, span=span)

    attrs = _attribute_table(head)
    motto_idx = next((i for i, ln in enumerate(head) if _cfg()["national"]["motto"] in ln.text.upper()),
                     None)
    number_line = next((ln for ln in head if _re("number").match(ln.text)
                        and not ln.text.lower().startswith(("số hiệu", "số ký hiệu"))), None)
    is_legal = (bool(attrs) or motto_idx is not None or number_line is not None
                or any(is_upper(ln.text) and doc_type_word(ln.text) == ln.text.strip().capitalize()
                       for ln in head[:5]))

    # --- attribute table ---
    for name, (value, ln) in attrs.items():
        span = Span(start=ln.start, end=ln.end)
        if name in ("issue_date", "effective_date"):
            put(name, dates.parse_date(value), "attribute-table", span)
        elif name == "doc_type":
            put(name, doc_type_word(value) or value, "attribute-table", span)
        elif name == "issuer":
            continue  # merged with the header's organ below
        else:
            put(name, value, "attribute-table", span)

    # --- national header ---
    title_lines = []
    if number_line is not None:
        num = re.sub(r"\s+", "", _re("number").match(number_line.text).group("num")).strip(".,;")
        span = Span(start=number_line.start, end=number_line.end)
        if num and not num.startswith("/") and re.search(r"\d", num):
            put("doc_number", num, "header", span)
        elif not md.doc_number:
            res.warnings.append(Warning(stage="header", code="blank-number", span=span,
                                        message=f"the number is left blank ({number_line.text!r}): "
                                                "an unsigned copy; doc_number is null"))
    date_line = None
    for ln in head:
        m = next((m for part in _date_candidates(ln.text) if (m := _re("place_date").match(part))),
                 None)
        if m and (value := dates.parse_date(m.group("date"))):
            date_line = ln
            put("issue_date", value, "header", Span(start=ln.start, end=ln.end))
            if len(value) < 10:
                res.warnings.append(Warning(stage="header", code="partial-date",
                                            message=f"the date is partly blank: {ln.text!r}"))
            break
    if is_legal:
        title_lines = _title_lines(head, date_line, motto_idx)
        res.title = " ".join(ln.text for ln in title_lines)
        if title_lines:
            put("doc_type", doc_type_word(title_lines[0].text), "title",
                Span(start=title_lines[0].start, end=title_lines[0].end))
        if md.doc_type is None and md.doc_number:
            put("doc_type", doc_type_from_number(md.doc_number), "inferred")
        issuer = _issuer(head, motto_idx, attrs, doc.text, md.doc_number)
        if issuer:
            name, level, province, district, prov, span = issuer
            put("issuer", name, prov, span)
            put("issuer_level", level, prov, span)
            put("province", province, prov, span)
            put("district", district, prov, span)
        signer = _signer(lines)
        if signer:
            put("signer", signer[0], "signature", signer[1])
        period_text = res.title or (lines[0].text if lines else "")
        put("period", _period(period_text), "title")
        if md.period is None and lines:
            put("period", _period(lines[0].text), "title")
        _effective(doc.text, md, put)
        res.kind = _cfg()["kinds"].get(md.doc_type or "", "other")
    else:
        _news(doc, res, put)
    _merge_adapter(doc.attributes, res, put)
    _mark_widgets(doc.attributes, res)
    return res


def _mark_widgets(attrs: dict[str, str], res: HeaderResult) -> None:
    """An e-signed PDF draws the number and the day in signature widgets (ingest places that
    text where it is drawn); values read from there say so."""
    drawn = set(attrs.get("signature_widgets", "").replace("|", " ").split())
    if not drawn:
        return
    md = res.metadata
    number = re.match(r"\d+", md.doc_number or "")
    if number and number.group(0) in drawn and "doc_number" in res.provenance:
        res.provenance["doc_number"].provenance = "signature-widget"
    if md.issue_date and len(md.issue_date) == 10 and "issue_date" in res.provenance:
        day = md.issue_date[8:]
        if day in drawn or day.lstrip("0") in drawn:
            res.provenance["issue_date"].provenance = "signature-widget"


ADAPTER_FIELDS = ("doc_type", "doc_number", "issue_date", "effective_date", "issuer", "signer",
                  "field", "published_date")


def _merge_adapter(attrs: dict[str, str], res: HeaderResult, put) -> None:
    """What a site adapter read off the page fills a missing field, confirms an equal one,
    and is reported where it disagrees with the text (the text's value is kept)."""
    md = res.metadata
    for name in ADAPTER_FIELDS:
        value = attrs.get(name)
        if not value:
            continue
        if name == "doc_type":
            value = doc_type_word(value) or value
        current = getattr(md, name)
        if current is None:
            put(name, value, "adapter")
            if name == "issuer" and md.issuer_level is None:
                organ, rest = _match_organ(value.upper())
                if organ is not None and not rest and organ.get("level"):
                    put("issuer_level", organ["level"], "adapter")
            if name == "doc_type" and res.kind in ("news", "other") and (
                    attrs.get("doc_number") or attrs.get("issue_date")):
                res.kind = _cfg()["kinds"].get(value, "other")
        elif fold(str(current)) == fold(value):
            res.provenance[name].confirmed_by.append("adapter")
        else:
            res.warnings.append(Warning(stage="header", code="adapter-disagrees",
                                        message=f"{name}: the page says {value!r}, the text "
                                                f"{current!r}; kept the text's"))


def _date_candidates(text: str) -> list[str]:
    """The place-date may share a line with the number in two-column headers flattened by a
    text dump ("Số: /QĐ-UBND Ninh Bình, ngày …") or a table ("Số: … | Hà Nội, ngày …")."""
    parts = [text] + [p.strip() for p in text.split("|")[1:]]
    m = _re("number").match(text)
    if m:
        parts.append(text[m.end():].strip(" |"))
    return parts


def _attribute_table(head: list[Line]) -> dict[str, tuple[str, Line]]:
    """Key/value cells: "Số hiệu 179/KH-UBND", "Số ký hiệu | 101/2015/QH13 | Ngày ban hành | …",
    and composite keys ("Cơ quan ban hành/ Chức danh/ Người ký | Quốc hội | … | <name>");
    only metadata fields count, and only a table of two or more of them."""
    found: dict[str, tuple[str, Line]] = {}
    for ln in head:
        if len(ln.text) > 300:
            continue
        cells = [c.strip() for c in ln.text.split("|")]
        if len(cells) > 2:
            for name, value in label_values(cells):
                if value and name in Metadata.model_fields:
                    found.setdefault(name, (value, ln))
            continue
        pair = label_line(ln.text)
        if pair and len(ln.text) < 160 and pair[0] in Metadata.model_fields:
            found.setdefault(pair[0], (pair[1], ln))
    return found if len(found) >= 2 else {}


def _title_lines(head, date_line, motto_idx):
    """The title block after the place-date line (or the motto): capitalised lines, and
    after the type word ("KẾ HOẠCH") up to three sentence-case subtitle lines that end no
    sentence ("Thực hiện các mục tiêu … giai đoạn 2021-2025")."""
    if date_line is not None:
        start = head.index(date_line) + 1
    else:
        start = motto_idx + 1 if motto_idx is not None else 0
    out = []
    subtitle = 0
    for ln in head[start:]:
        text = ln.text
        if re.fullmatch(r"[-_=*.\s]+", text):
            continue
        if re.match(r"(?:[IVX]+|\d{1,2})\s*[.)]\s", text):
            break  # the first heading of the body
        if (is_upper(text) and not _re("motto2").match(text)
                and (out or doc_type_word(text) or len(text.split()) > 2)):
            out.append(ln)
            continue
        if (out and subtitle < 3 and text[-1:] not in ".;:!?" and len(text) < 250
                and not re.search(r"[.;!?]\s", text)
                and not re.match(r"(Căn cứ|Thực hiện (Quyết định|Kế hoạch|Nghị quyết|Chỉ thị)"
                                 r"|Theo đề nghị)\b", text)):
            out.append(ln)
            subtitle += 1
            continue
        if out:
            break
    return out


def _match_organ(text: str):
    t = " ".join(text.split())
    for organ in _cfg()["organs"]:
        printed = organ["printed"]
        if t.upper().startswith(printed) and (len(t) == len(printed) or not t[len(printed)].isalpha()):
            return organ, t[len(printed):].strip(" ,-|")
    return None, ""


def _locality(text: str, full_text: str):
    """("TỈNH TIỀN GIANG") -> Place, unit; accepts any case."""
    units = _cfg()["units"]
    all_units = sorted({u for us in units.values() for u in us}, key=len, reverse=True)
    low = text.strip().lower()
    for unit in all_units:
        if low.startswith(unit + " "):
            name = text.strip()[len(unit):].strip()
            name = re.split(r"\s{2,}|\s[-|]\s|\bĐộc lập\b", name)[0].strip()
            place = places.resolve(unit, places.title_name(name), full_text)
            if unit in units["commune"]:
                return None, unit, places.title_name(name)
            return place, unit, places.title_name(name)
    return None, None, None


def _issuer(head, motto_idx, attrs, full_text, number=None):
    """Organ + locality from the header lines, the authority line or the attribute table."""
    motto = _cfg()["national"]["motto"]
    candidates = []
    for i, ln in enumerate(head):
        text = ln.text.split(motto)[0].strip() if motto in ln.text.upper() else ln.text
        if not text or not is_upper(text):
            continue
        organ, rest = _match_organ(text)
        if organ is None:
            continue
        if not rest and i + 1 < len(head):
            nxt = _re("motto2").sub("", head[i + 1].text).strip()
            if is_upper(nxt) and _locality(nxt, full_text)[1]:
                rest = nxt
        if organ.get("title_rest") and i + 1 < len(head):
            # "BỘ LAO ĐỘNG -" / "THƯƠNG BINH VÀ XÃ HỘI": a name wrapped onto the next line.
            nxt = _re("motto2").sub("", head[i + 1].text).strip()
            if (nxt and is_upper(nxt) and _cfg()["national"]["motto"] not in nxt.upper()
                    and not _locality(nxt, full_text)[1] and _match_organ(nxt)[0] is None
                    and (rest.endswith(("-", ",")) or nxt.split()[0] in ("VÀ", "-"))):
                rest = f"{rest} {nxt}"
        if (organ.get("title_rest") and candidates and candidates[-1][1]
                and not candidates[-1][0].get("title_rest")
                and _locality(candidates[-1][1], full_text)[1]
                and head.index(candidates[-1][2]) >= i - 2):
            # "UBND TỈNH X / SỞ Y TẾ": the lower line issues, within the upper one's locality.
            parent = candidates.pop()
            organ = {**organ, "name": f"{organ['name']} {rest.lower()}", "title_rest": False,
                     "level": None}
            rest = parent[1]
        candidates.append((organ, rest, ln))
    attr_issuer = attrs.get("issuer")
    if attr_issuer:
        organ, rest = _match_organ(attr_issuer[0].upper())
        if organ is None:
            # "Tỉnh Tiền Giang": a locality only; the organ comes from the header, or from
            # the number's suffix ("179/KH-UBND": Ủy ban nhân dân).
            base = next((c for c in candidates), None)
            if base is None and number:
                suffix = re.split(r"[-/]", number)[-1]
                organ, _ = _match_organ(suffix.upper())
                base = (organ, "", attr_issuer[1]) if organ else None
            if base is not None:
                candidates.insert(0, (base[0], attr_issuer[0], base[2]))
        else:
            candidates.append((organ, attr_issuer[0][len(organ["printed"]):].strip(),
                               attr_issuer[1]))
    with_place = [c for c in candidates if c[1]]
    chosen = (with_place or candidates or [None])[0]
    if chosen is None:
        return None
    organ, rest, ln = chosen
    span = Span(start=ln.start, end=ln.end)
    provenance = "attribute-table" if attr_issuer and ln is attr_issuer[1] else "header"
    name = agencies.canonical(organ["name"]) if organ["name"] != organ["printed"] else organ["name"]
    if organ.get("title_rest") and rest and not _locality(rest, full_text)[1]:
        return (agencies.canonical(f"{name} {rest.lower()}"), organ.get("level", "province"),
                None, None, provenance, span)
    place, unit, place_name = _locality(rest, full_text) if rest else (None, None, None)
    if unit is None:
        return name, organ.get("level"), None, None, provenance, span
    full = f"{name} {unit} {place.name if place else place_name}"
    if place is None:
        units = _cfg()["units"]
        if unit in units["commune"]:
            return full, "commune", None, None, provenance, span
        if unit in units["district"] and unit not in units["province"]:
            return full, "district", None, place_name, provenance, span
        level = "province" if unit == "tỉnh" else None
        return full, level, place_name if level else None, None, provenance, span
    if place.level == "province":
        return full, "province", place.name, None, provenance, span
    return full, "district", place.province, place.name, provenance, span


def _signer(lines) -> tuple[str, Span] | None:
    """The name under the signature title (TM./KT./CHỦ TỊCH …). The block sits beside
    "Nơi nhận" (recipients), so a dump may put the recipient list between title and name;
    without "Nơi nhận" the last title of the document is used."""
    titles = [pattern(p) for p in _cfg()["national"]["signature_titles"]]
    stop = set(_cfg()["national"]["not_name_words"])
    anchor = next((i for i, ln in enumerate(lines) if ln.text.startswith("Nơi nhận")), None)
    if anchor is not None:
        order = list(range(max(0, anchor - 6), min(len(lines), anchor + 25)))
    else:
        order = list(range(len(lines) - 1, -1, -1))
    for i in order:
        if not any(t.search(lines[i].text) for t in titles):
            continue
        # "KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG (Đã ký) Bùi Thanh Sơn": the block flattened to one line.
        same_line = re.search(r"\((?:Đã ký|đã ký|Ký)[^)]*\)\s*(.+)$", lines[i].text)
        candidates = [(same_line.group(1), lines[i])] if same_line else []
        candidates += [(ln.text, ln) for ln in lines[i + 1:i + 20]]
        for text, ln in candidates:
            words = text.replace("|", " ").split()
            if (2 <= len(words) <= 5 and all(w[:1].isupper() and w.isalpha() for w in words)
                    and not stop.intersection(words)):
                name = " ".join(w if not w.isupper() else w[:1] + w[1:].lower() for w in words)
                return name, Span(start=ln.start, end=ln.end)
        if anchor is None:
            return None
    return None


def _period(text: str) -> list[int | None] | None:
    """[first, last] year from a title: "giai đoạn 2016 - 2020 và tầm nhìn đến năm 2025"."""
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


def _effective(text: str, md: Metadata, put) -> None:
    m = _re("on_date", "effective").search(text)
    if m:
        put("effective_date", dates.parse_date(m.group("date")), "body",
            Span(start=m.start(), end=m.end()))
    m = _re("on_signing", "effective").search(text)
    if m and md.issue_date:
        put("effective_date", md.issue_date, "body", Span(start=m.start(), end=m.end()))


_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[^\sa-zà-ỹđ])")


def _news(doc: Document, res: HeaderResult, put) -> None:
    """A news article: its own date, and the issuance sentence of the plan it reports."""
    for ln in doc.lines[:25]:
        if len(ln.text) > _cfg()["news"]["published_max_chars"]:
            continue
        for rx in _cfg()["news"]["published"]:
            m = pattern(rx, re.IGNORECASE).match(ln.text)
            if m and (value := dates.parse_date(m.group("date"))):
                put("published_date", value, "body", Span(start=ln.start, end=ln.end))
                break
        if res.metadata.published_date:
            break
    for key in ("issued", "cited"):
        rx = _re(key, "news", 0)
        for ln in doc.lines:
            pos = ln.start
            for sentence in _SENTENCE.split(ln.text):
                m = rx.search(sentence)
                if m:
                    span = Span(start=pos, end=pos + len(sentence))
                    if key == "issued":
                        res.issuance_span = Span(start=ln.start, end=ln.end)
                    _news_plan(sentence, m, doc.text, span, put)
                    return
                pos += len(sentence) + 1
    # No issuance sentence: the headline may still say the period.
    if doc.lines:
        put("period", _period(doc.lines[0].text), "title")


def _news_plan(sentence: str, m: re.Match[str], text: str, span: Span, put) -> None:
    put("doc_type", m["type"], "body", span)
    if m["num"]:
        put("doc_number", m["num"].strip(".,;:"), "body", span)
    d = dates.DATE_RE.search(sentence[: m.start("type")])
    after = re.match(rf"\s+ngày\s+{dates.DATE}", sentence[m.end("num"):]) if m["num"] else None
    if d or after:
        put("issue_date", dates.from_match(d or after), "body", span)
    put("period", _period(sentence[m.start("type"):]), "body", span)
    if not m["org"]:
        return
    organ, _ = _match_organ(m["org"].upper())
    if organ is None:
        put("issuer", m["org"], "body", span)
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
        put("issuer", f"{organ['name']} {unit} {name}".strip(), "body", span)
        return
    provenance = "body" if name else "inferred"
    put("issuer", f"{organ['name']} {place.unit if unit == 'thành phố' else unit} {place.name}",
        provenance, span)
    put("issuer_level", place.level, provenance, span)
    put("province", place.province, provenance, span)
    if place.level == "district":
        put("district", place.name, provenance, span)
