"""The national header of Decree 30/2020/NĐ-CP (Appendix I, the layout of an administrative
document): the motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc" top
right, "Số: …" under the issuing organ top left, "<place>, ngày … tháng … năm …" under the
motto, then the type word and the title in capitals."""

from __future__ import annotations

import re

from ...document import Kind, Line, Warning
from ...lexicon import dates
from ...lexicon.doc_types import doc_type_from_number, doc_type_word
from ...lexicon.textnorm import is_upper
from ._data import _cfg, _re
from .attribute_table import AttributeTable
from .result import HeaderResult, line_span


def find_motto(head: list[Line]) -> int | None:
    """The index of the motto line ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", or a party
    committee's "ĐẢNG CỘNG SẢN VIỆT NAM"), in any case."""
    mottos = (_cfg().national.motto, _cfg().national.party_motto)
    return next((i for i, ln in enumerate(head) if any(m in ln.text.upper() for m in mottos)), None)


def find_number_line(head: list[Line]) -> Line | None:
    """The "Số: 52/KH-UBND" line (Decree 30: the number and symbol under the organ); the
    attribute table's "Số hiệu" / "Số ký hiệu" rows are not it."""
    found = [ln for ln in head if _re("number").match(ln.text)
             and not ln.text.lower().startswith(("số hiệu", "số ký hiệu"))]
    # "SỐ 1050/QĐ-SCT" may end the organ's name ("ĐOÀN KIỂM TRA / THEO QUYẾT ĐỊNH / SỐ …"),
    # printed in capitals and without the colon of the number line under it.
    return next((ln for ln in found if re.match(r"Số\s*[:.]", ln.text)), found[0] if found else None)


def is_legal(head: list[Line], attrs: AttributeTable, motto_idx: int | None,
             number_line: Line | None) -> bool:
    """A legal document rather than a news article: an attribute table, the motto, a number
    line, or a type word alone in capitals ("KẾ HOẠCH") in the first five lines."""
    return (bool(attrs) or motto_idx is not None or number_line is not None
            or any(is_upper(ln.text) and doc_type_word(ln.text) == ln.text.strip().capitalize()
                   for ln in head[:5]))


def self_issuance(head: list[Line]) -> re.Match[str] | None:
    """The opening sentence by which a plan copied without its header issues itself
    ("…, Đại học Bách khoa Hà Nội ban hành Kế hoạch … cụ thể như sau:"), in its first lines."""
    rx = _re("self_issuance", flags=0)
    return next((m for ln in head[:15] if (m := rx.search(ln.text))), None)


def read_self_issuance(res: HeaderResult, found: re.Match[str]) -> None:
    """doc_type and issuer from a plan's own issuing sentence, where the header gave none."""
    res.put("doc_type", found["type"], "body")
    res.put("issuer", found["who"].strip(), "body")


def read_issuing_caption(res: HeaderResult, head: list[Line]) -> None:
    """A plan printed without the decision that issued it ("(Kèm theo Quyết định số
    1422/QĐ-TTg / Ngày 19 tháng 11 năm 2024 …)" under its title, no "Số:" of its own) takes
    that decision's number and date; a caption wrapped over two lines is read whole."""
    if res.metadata.doc_number:
        return
    rx = _re("issuing_caption", flags=0)
    for ln, nxt in zip(head, [*head[1:], None], strict=True):
        m = rx.match(ln.text + (" " + nxt.text if nxt is not None else ""))
        if m:
            res.put("doc_number", re.sub(r"\s+", "", m["num"]), "header", line_span(ln))
            if m["date"] and (value := dates.parse_date(m["date"])):
                res.put("issue_date", value, "header", line_span(ln))
            return


def read_number(res: HeaderResult, number_line: Line | None) -> None:
    """doc_number from "Số: 52/KH-UBND" (spaces inside the symbol removed). An unsigned copy
    leaves the serial blank ("Số:   /KH-UBND"): a warning, and no number."""
    if number_line is None:
        return
    num = re.sub(r"\s+", "", _re("number").match(number_line.text).group("num")).strip(".,;")
    span = line_span(number_line)
    if num and not num.startswith(("/", "-")) and re.search(r"\d", num):
        res.put("doc_number", num, "header", span)
    elif not res.metadata.doc_number:
        res.warnings.append(Warning(stage="header", code="blank-number", span=span,
                                    message=f"the number is left blank ({number_line.text!r}): "
                                            "an unsigned copy; doc_number is null"))


def _date_candidates(text: str) -> list[str]:
    """The place-date may share a line with the number in two-column headers flattened by a
    text dump ("Số: /QĐ-UBND Ninh Bình, ngày …") or a table ("Số: … | Hà Nội, ngày …")."""
    parts = [text] + [p.strip() for p in text.split("|")[1:]]
    m = _re("number").match(text)
    if m:
        parts.append(text[m.end():].strip(" |"))
    return parts


def read_place_date(res: HeaderResult, head: list[Line]) -> Line | None:
    """issue_date from the first "<place>, ngày … tháng … năm …" line that parses; an
    unsigned copy leaves the day blank (a partial date and a warning). Returns the line,
    where the title block starts."""
    for ln in head:
        m = next((m for part in _date_candidates(ln.text) if (m := _re("place_date").match(part))),
                 None)
        if m and (value := dates.parse_date(m.group("date"))):
            res.put("issue_date", value, "header", line_span(ln))
            if len(value) < 10:
                res.warnings.append(Warning(stage="header", code="partial-date",
                                            message=f"the date is partly blank: {ln.text!r}"))
            return ln
    return None


def title_lines(head: list[Line], date_line: Line | None, motto_idx: int | None) -> list[Line]:
    """The title block after the place-date line (or the motto): capitalised lines, and
    after the type word ("KẾ HOẠCH") up to three sentence-case subtitle lines that end no
    sentence ("Thực hiện các mục tiêu … giai đoạn 2021-2025")."""
    if date_line is not None:
        start = head.index(date_line) + 1
    else:
        start = motto_idx + 1 if motto_idx is not None else 0
    out: list[Line] = []
    subtitle = 0
    for ln in head[start:]:
        text = ln.text
        if out and text[-1:] == "." and _open_quote([*out, ln]):
            # "Phê duyệt “Chương trình … quốc gia." / "đến năm 2025 …”": a "." (a scan's speck)
            # inside a quoted name that closes on a later line ends no sentence.
            text = text[:-1]
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


def _open_quote(lines: list[Line]) -> bool:
    """Whether the title's lines so far open a quoted name ("Phê duyệt “Chương trình …") that
    they do not close."""
    text = " ".join(ln.text for ln in lines)
    return text.count("“") > text.count("”")


def read_title(res: HeaderResult, head: list[Line], date_line: Line | None,
               motto_idx: int | None) -> None:
    """The title (its lines joined), and doc_type from its first line, the type word
    ("KẾ HOẠCH", "QUYẾT ĐỊNH") that Decree 30 prints above the summary of the content."""
    lines = title_lines(head, date_line, motto_idx)
    res.title = " ".join(ln.text for ln in lines)
    if lines:
        res.put("doc_type", doc_type_word(lines[0].text), "title", line_span(lines[0]))


def read_doc_type_from_number(res: HeaderResult, head: list[Line] = ()) -> None:
    """Without a type word, doc_type from the number's symbol ("52/KH-UBND": KH, Kế hoạch);
    with no type code either, a header whose subject line opens "V/v" is a Công văn's (the
    one type printed without its name, Nghị định 30/2020)."""
    if res.metadata.doc_type is None and res.metadata.doc_number:
        res.put("doc_type", doc_type_from_number(res.metadata.doc_number), "inferred")
    if res.metadata.doc_type is None:
        letter = next((ln for ln in head if re.match(_cfg().national.letter_subject, ln.text)), None)
        if letter is not None:
            res.put("doc_type", _cfg().national.letter_type, "inferred", line_span(letter))


def kind_of(doc_type: str | None) -> Kind:
    """The document kind its type implies (Kế hoạch: plan, Quyết định: decision), else other."""
    return _cfg().kinds.get(doc_type or "", "other")
