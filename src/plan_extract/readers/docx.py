"""Read a DOCX body into text lines with python-docx: paragraphs and tables in body order.

Keeps the conventions of the XML walk it replaces (the raw XML walk), so later stages see the
same lines. Vietnamese documents lay out their header (issuing body beside the national motto,
Decree 30/2020/NĐ-CP) and signature block (signer beside "Nơi nhận") as two-column tables, which
give each cell's lines; task tables give one " | " row per line. Page headers and footers
(running lines) and text boxes are not read.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from lxml import etree

from .. import config
from ..document import Warning
from ..errors import ReadError
from ..lexicon.legacy import NAMES, to_unicode
from .markup import DATA_TABLE_CELLS, cell_text
from .registry import Reading, reader
from .sniff import zip_entries

__all__ = ["read_docx", "read_docx_document"]

_W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def qn(tag: str) -> str:
    """A "w:" tag in Clark notation, as python-docx's qn gives it: python-docx (and its
    element classes) is imported when a DOCX is read, not when a text file is."""
    return _W_NS + tag.removeprefix("w:")


def parse_xml(xml: bytes) -> etree._Element:
    from docx.oxml.parser import parse_xml as docx_parse_xml

    return docx_parse_xml(xml)


_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_R, _RPR, _RFONTS = qn("w:r"), qn("w:rPr"), qn("w:rFonts")
_ASCII_FONT, _HANSI_FONT = qn("w:ascii"), qn("w:hAnsi")
_T, _TAB, _PTAB, _BR, _CR, _NB_HYPHEN = (qn(t) for t in ("w:t", "w:tab", "w:ptab", "w:br", "w:cr",
                                                         "w:noBreakHyphen"))
# Content controls and custom XML only wrap content: their rows, cells and paragraphs are read.
_WRAPPERS = frozenset(qn(t) for t in ("w:sdt", "w:sdtContent", "w:customXml"))
# Inside a paragraph, not its text: properties (tab-stop definitions), deleted revisions, and
# drawings / shapes / text boxes (Word stores each twice, as DrawingML and as a VML fallback).
_NOT_TEXT = frozenset(
    [qn(t) for t in ("w:pPr", "w:rPr", "w:del", "w:moveFrom", "w:drawing", "w:pict", "w:object",
                     "w:txbxContent")]
    + ["{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"]
)


@reader("docx", suffixes=(".docx",),
        media_types=("application/vnd.openxmlformats-officedocument.wordprocessingml.document",))
def read_docx_document(data: bytes) -> Reading:
    return Reading(*read_docx(data))


def read_docx(data: bytes) -> tuple[str, list[Warning]]:
    """Body text, one line per paragraph line or data-table row, and a warning if merged cells
    were filled down (the copies are not in the file, so users should know)."""
    check_package(data)
    body = _load_body(data)
    mapped = map_legacy_runs(body)
    lines: list[str] = []
    filled = 0
    for block in _children(body, (_P, _TBL)):
        if block.tag == _P:
            lines.extend(_paragraph_text(block).split("\n"))
        else:
            table_lines, n = _table_lines(block)
            lines.extend(table_lines)
            filled += n
    warnings = [Warning(stage="ingest", code="legacy-encoding", removed=[],
                        message=f"{n} run(s) typed in {NAMES[encoding]} mapped to Unicode by their "
                                "font (data/readers/formats.toml [legacy_fonts])")
                for encoding, n in mapped.items()]
    notes = footnote_lines(data)
    if notes:
        lines.extend(notes)
        warnings.append(Warning(stage="ingest", code="docx-footnotes", removed=[],
                                message=f"{len(notes)} footnote(s) read after the body, as a page "
                                        "prints them at its foot (references are often cited there)"))
    if filled:
        warnings.append(Warning(
            stage="ingest", code="docx-merged-cells", removed=[],
            message=f"{filled} vertically merged table cell(s) repeat the text of the cell above them, "
                    "so each task-table row carries its own values",
        ))
    return "\n".join(lines), warnings


def footnote_lines(data: bytes) -> list[str]:
    """The text of each footnote (word/footnotes.xml), one line a footnote, in their order;
    Word's separator footnotes are not text. Empty when the package has none or cannot be read
    (the body is what must be readable)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            root = parse_xml(zf.read("word/footnotes.xml"))
    except Exception:  # no footnotes part, or a damaged one: the body stands alone
        return []
    map_legacy_runs(root)
    out = []
    for note in root.iter(qn("w:footnote")):
        if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(" ".join(_paragraph_text(p).split()) for p in note.iter(_P))
        if text.strip():
            out.append(text.strip())
    return out


def map_legacy_runs(root: etree._Element) -> dict[str, int]:
    """Map in place the text of each run whose font is a legacy Vietnamese one (".VnTime":
    TCVN3, "VNI-Times": VNI; data/readers/formats.toml [legacy_fonts]) and that holds only
    that encoding's codes; encoding -> runs changed. The font says how the run is typed even
    in a document that is otherwise Unicode (old text pasted in), where the test of the whole
    text (`lexicon.legacy`) cannot tell. A capitals font (".VnTimeH") types capitals with
    the small letters' codes."""
    fonts = config.formats().legacy_fonts
    changed: dict[str, int] = {}
    for run in root.iter(_R):
        rfonts = run.find(f"{_RPR}/{_RFONTS}")
        if rfonts is None:
            continue
        name = rfonts.get(_ASCII_FONT) or rfonts.get(_HANSI_FONT) or ""
        encoding = next((e for prefix, e in fonts.items() if name.startswith(prefix)), None)
        texts = [t for t in run.iter(_T) if t.text]
        if encoding is None or not all(_legacy_codes(t.text, encoding) for t in texts):
            continue
        capitals = encoding == "tcvn3" and name.rstrip().endswith("H")
        before = [t.text for t in texts]
        for t in texts:
            t.text = to_unicode(t.text, encoding)
            if capitals:
                t.text = t.text.upper()
        if [t.text for t in texts] != before:
            changed[encoding] = changed.get(encoding, 0) + 1
    return changed


@cache
def _codes(encoding: str) -> frozenset[str]:
    """The characters a legacy encoding's codes are read as (beyond ASCII)."""
    table = config.legacy_encodings().tcvn3 if encoding == "tcvn3" else config.legacy_encodings().vni
    return frozenset(c for key in table for c in key if not c.isascii())


def _legacy_codes(text: str, encoding: str) -> bool:
    codes = _codes(encoding)
    return all(c.isascii() or c in codes for c in text)


def check_package(data: bytes) -> None:
    """Refuse an archive before any part is unpacked for reading when it is damaged, holds
    more parts than `max_docx_parts`, or unpacks to more than the limits allow
    (data/readers/formats.toml). Each part is unpacked once here in bounded chunks and
    counted: a crafted archive can declare a small size and hold a gigabyte, and zipfile's
    `read()` would inflate all of it at once before cutting it to the declared size."""
    limits = config.limits()
    where = "(limits in data/readers/formats.toml)"
    as_text = config.size_text
    parts = zip_entries(data)
    if parts > limits.max_docx_parts:
        raise ReadError(f"DOCX archive lists {parts} parts, over the limit of "
                        f"{limits.max_docx_parts} {where}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except Exception as exc:  # BadZipFile, ValueError("negative seek value"), EOFError, …
        raise ReadError(f"not a valid DOCX archive: {type(exc).__name__}: {exc}") from exc
    if len(infos) > limits.max_docx_parts:
        raise ReadError(f"DOCX archive holds {len(infos)} parts, over the limit of "
                        f"{limits.max_docx_parts} {where}")
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_docx_unpacked_bytes:
        raise ReadError(f"DOCX unpacks to {as_text(declared)}, over the "
                        f"{as_text(limits.max_docx_unpacked_bytes)} limit (a zip bomb?; extract "
                        f"--max-docx-bytes) {where}")
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReadError(f"encrypted DOCX part {info.filename} (password): remove the password "
                            "and save again")
        xml = info.filename.endswith((".xml", ".rels"))
        cap = limits.max_docx_xml_part_bytes if xml else limits.max_docx_unpacked_bytes
        if info.file_size > cap:
            option = "--max-docx-part-bytes" if xml else "--max-docx-bytes"
            raise ReadError(f"DOCX part {info.filename} unpacks to {as_text(info.file_size)}, over "
                            f"the {as_text(cap)} limit of a part (a zip bomb?; extract {option}) {where}")
        size, elements = _unpacked_size(data, info, info.file_size)
        if size is not None and size > info.file_size:
            raise ReadError(f"damaged or crafted DOCX archive: part {info.filename} unpacks to more "
                            f"than the {info.file_size} bytes it declares (a zip bomb?)")
        if xml and elements > limits.max_docx_xml_elements:
            raise ReadError(f"DOCX part {info.filename} holds about {elements:,} XML elements, over the "
                            f"limit of {limits.max_docx_xml_elements:,} (a 300-page document has a few "
                            f"hundred thousand; limits.max_docx_xml_elements) {where}")


def _unpacked_size(data: bytes, info: zipfile.ZipInfo, declared: int) -> tuple[int | None, int]:
    """The bytes `info`'s part unpacks to, counted in 1 MiB chunks and stopped past
    `declared` (then any larger number is returned), and about how many XML elements they
    open (each "<" not before "/" or "?"; a tag cut by a chunk's end may be missed); None
    bytes where the part cannot be found or unpacked (zipfile refuses it too when it is
    read, and only word/document.xml must be)."""
    start = info.header_offset
    if start < 0 or start + 30 > len(data) or data[start:start + 4] != b"PK\x03\x04":
        return None, 0
    name_len, extra_len = struct.unpack_from("<HH", data, start + 26)
    raw = memoryview(data)[start + 30 + name_len + extra_len:][:info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        return len(raw), _elements(bytes(raw))
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ReadError(f"DOCX part {info.filename} uses ZIP compression method {info.compress_type}, "
                        "which Word never writes")
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    total = elements = 0
    pending: bytes | memoryview = raw
    try:
        while True:
            out = inflate.decompress(pending, 1 << 20)
            total += len(out)
            elements += _elements(out)
            pending = inflate.unconsumed_tail
            if total > declared or (not out and not pending) or inflate.eof:
                return total, elements
    except zlib.error:
        return None, elements


def _elements(xml: bytes) -> int:
    return xml.count(b"<") - xml.count(b"</") - xml.count(b"<?") - xml.count(b"<!")


def _load_body(data: bytes) -> etree._Element:
    """The w:body element, as python-docx's element classes (grid spans, vertical merges).

    `docx.Document` resolves the main part through the package relationships, but it also
    parses styles, numbering and settings and refuses packages with a sparse
    [Content_Types].xml, none of which the text needs; when it refuses, word/document.xml is
    read directly, as the old reader did, and only a problem there is an error.
    """
    import docx

    try:
        root = docx.Document(io.BytesIO(data)).element
    except Exception:  # python-docx raises whatever its package reader hits; diagnosed below
        root = _parse_document_xml(data)
    body = root.find(qn("w:body"))
    if body is None:
        raise ReadError("DOCX has no document body (word/document.xml has no w:body)")
    return body


def _parse_document_xml(data: bytes) -> etree._Element:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = zf.read("word/document.xml")
    except KeyError as exc:
        raise ReadError("not a valid DOCX archive: it has no word/document.xml") from exc
    except Exception as exc:  # BadZipFile, zlib.error, ValueError("negative seek value") …
        raise ReadError(f"not a valid DOCX archive: {type(exc).__name__}: {exc}") from exc
    try:
        return parse_xml(xml)
    except etree.XMLSyntaxError as exc:
        if "Excessive depth" in str(exc):
            # libxml2's own limit (its message names a parser option no user can set): a
            # crafted or broken file, where Word nests a few dozen levels
            raise ReadError("DOCX word/document.xml nests its XML elements over 256 levels deep, past "
                            "what the XML parser reads (Word nests a few dozen): a damaged or "
                            "generated file; open and save it again in Word") from exc
        raise ReadError(f"DOCX has broken XML in word/document.xml: {exc}") from exc


def _children(el: etree._Element, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Children of `el` with one of `tags`, reading through content-control wrappers."""
    for child in el:
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tags)


def _paragraph_text(p: etree._Element) -> str:
    """Runs' text with tabs as a space and line breaks (w:br of any type, w:cr) as newlines,
    so a break inside a paragraph starts a new output line."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag in _NOT_TEXT:
                continue
            if tag == _T:
                parts.append(child.text or "")
            elif tag in (_TAB, _PTAB):
                parts.append(" ")
            elif tag in (_BR, _CR):
                parts.append("\n")
            elif tag == _NB_HYPHEN:  # "QĐ-UBND" typed with a non-breaking hyphen
                parts.append("-")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _cell_paragraphs(container: etree._Element) -> Iterator[str]:
    """Paragraph texts of a cell; a nested table is flattened into them, cell by cell."""
    for block in _children(container, (_P, _TBL)):
        if block.tag == _P:
            yield _paragraph_text(block)
        else:
            for tr in _children(block, (_TR,)):
                for tc in _children(tr, (_TC,)):
                    yield from _cell_paragraphs(tc)


@dataclass
class _Cell:
    offset: int  # first layout-grid column
    continues: bool  # w:vMerge "continue": the lower part of a vertically merged cell
    text: str  # non-blank paragraph texts joined by newlines


def _table_lines(tbl: etree._Element) -> tuple[list[str], int]:
    """Lines of one body table and how many merged cells were filled down.

    A cell spanning columns (gridSpan) is one w:tc, so it appears once; a vertically merged
    cell is stored only in its top row, so in a task table its text is repeated into the rows
    below it. Layout tables are not filled down: that would duplicate header lines.
    """
    rows = [_row_cells(tr) for tr in _children(tbl, (_TR,))]
    filled_counts = (sum(1 for c in row if c.text.strip()) for row in rows)
    if max(filled_counts, default=0) < DATA_TABLE_CELLS:
        return [line for row in rows for c in row for line in c.text.split("\n")], 0
    lines: list[str] = []
    filled = 0
    above: dict[int, str] = {}  # grid column -> text of the last cell in it
    for row in rows:
        texts = []
        for c in row:
            text = c.text
            if c.continues and above.get(c.offset, "").strip():
                text = "\n".join(t for t in (above[c.offset], c.text) if t.strip())
                filled += 1
            above[c.offset] = text
            texts.append(cell_text(text.split("\n")))
        lines.append(" | ".join(texts))
    return lines, filled


def _row_cells(tr: etree._Element) -> list[_Cell]:
    offset = _grid_property(tr, "grid_before", 0)  # w:gridBefore: the row starts further right
    cells = []
    for tc in _children(tr, (_TC,)):
        text = "\n".join(t for t in _cell_paragraphs(tc) if t.strip())
        cells.append(_Cell(offset, _grid_property(tc, "vMerge", None) == "continue", text))
        offset += max(1, _grid_property(tc, "grid_span", 1))
    return cells


def _grid_property(el: etree._Element, name: str, default: object) -> Any:
    """A python-docx table property, or `default` where the file holds a malformed value."""
    try:
        return getattr(el, name)
    except (ValueError, TypeError):
        return default
