"""Readers: one module per input format, each turning a file's bytes into a `Document`'s
text, one block (paragraph, table row, PDF line) per line.

Only readers and `outputs` touch files. Everything a reader cannot read raises `ReadError`
with a message a researcher can act on; the batch turns that into an error record.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .. import config
from ..document import Document, Source, Warning
from ..errors import ReadError
from ..lexicon.legacy import NAMES, legacy_encoding, to_unicode
from ..lexicon.textnorm import legacy_glyphs
from . import docx, html, markdown, pdf, text  # noqa: F401  (each registers its reader)
from .charsets import without_nul
from .registry import READERS, ReaderSpec, Reading, media_types, reader, suffixes
from .sniff import WHAT, sniff

__all__ = ["READERS", "ReadError", "Reading", "ReaderSpec", "find_inputs", "media_types",
           "read_bytes", "read_document", "reader", "source_of", "suffixes"]


def find_inputs(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Files as given, folders searched recursively for the readers' suffixes and the refused
    ones (each becomes an error record saying what to do); and the paths that do not exist."""
    known = suffixes().keys() | config.formats().refused.keys()
    found: list[Path] = []
    missing: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in known))
        elif path.exists():
            found.append(path)
        else:
            missing.append(path)
    return found, missing


def read_document(path: Path) -> Document:
    """Read `path` as what its bytes are (`sniff`), its suffix saying what it should be; the
    bytes are hashed so outputs can be traced. A suffix no reader takes is read only when
    the bytes are a PDF, DOCX or HTML page; else it is refused, saying what to do."""
    suffix = path.suffix.lower()
    fmt = suffixes().get(suffix)
    data = _read_limited(path)
    url = _sidecar(path).get("url")
    if fmt is not None:
        return read_bytes(data, source_of(data, str(path), fmt, url=url))
    sniffed = sniff(data, "txt")
    if sniffed.format in ("pdf", "docx", "html"):
        notice = _sniffed_notice(sniffed.format, f"its name ends {suffix or 'in no suffix'}")
        return read_bytes(data, source_of(data, str(path), sniffed.format, url=url), [notice])
    refused = config.formats().refused.get(suffix)
    if refused:
        raise ReadError(refused)
    known = ", ".join(dict.fromkeys(spec.suffixes[0] for spec in READERS.values()))
    raise ReadError(f"unsupported file type {path.suffix!r} (expected {known})"
                    + (f"; its bytes are {sniffed.refused}" if sniffed.refused else ""))


def _read_limited(path: Path) -> bytes:
    """The file's bytes, refused past the input size limit before more than that is read."""
    limit = config.formats().limits.max_input_bytes
    size = path.stat().st_size
    if size > limit:
        raise ReadError(too_large(size, limit))
    with path.open("rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise ReadError(too_large(len(data), limit))
    return data


def too_large(size: int, limit: int) -> str:
    return (f"input too large: {size / 2**20:.1f} MiB, over the {limit / 2**20:.0f} MiB limit "
            "(limits.max_input_bytes in data/readers/formats.toml)")


def source_of(data: bytes, path: str, fmt: str, url: str | None = None) -> Source:
    """The record of an input: where it is, its format, and its bytes' hash and size, so
    every output can be traced to the exact file it came from."""
    return Source(path=path, format=fmt, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data),
                  url=url)


def _sidecar(path: Path) -> dict:
    """`plan-extract fetch` writes `<name>.meta.json` beside each page (url, dates, adapter);
    one that is not a JSON object, or whose url is not text, is ignored (it only adds the
    address)."""
    for candidate in (path.with_name(path.stem + ".meta.json"), path.with_name(path.name + ".meta.json")):
        try:
            meta = json.loads(candidate.read_text("utf-8")) if candidate.is_file() else None
        except (OSError, ValueError):
            return {}
        if meta is not None:
            if not isinstance(meta, dict):
                return {}
            if not isinstance(meta.get("url"), str):
                meta.pop("url", None)
            return meta
    return {}


def read_bytes(data: bytes, source: Source, notices: list[Warning] | None = None) -> Document:
    """The document in `data`, read as what its bytes are (`sniff`): by the reader of
    `source.format` when they are that, else by the reader of what they are, with a
    `format-sniffed` warning. Every failure is a `ReadError` saying what is wrong."""
    limit = config.formats().limits.max_input_bytes
    if len(data) > limit:
        raise ReadError(too_large(len(data), limit))
    notices = list(notices or [])
    sniffed = sniff(data, source.format)
    if sniffed.format is None:
        raise ReadError(sniffed.refused)
    if sniffed.format != source.format:
        if not notices:
            notices.append(_sniffed_notice(sniffed.format, f"it came as {source.format}"))
        source = source.model_copy(update={"format": sniffed.format})
    reading = _read(sniffed.format, data)
    reading.warnings[:0] = notices
    reading.text, removed = without_nul(reading.text)  # PDF text too (the text readers' is clean)
    reading.warnings += removed
    if not reading.text.strip():
        raise ReadError("document has no text")
    encoding = legacy_encoding(reading.text)
    if encoding is not None:
        reading.text = to_unicode(reading.text, encoding)
        reading.warnings.append(Warning(stage="ingest", code="legacy-encoding", removed=[],
                                        message=f"the text is Vietnamese in the {NAMES[encoding]} "
                                                "encoding read as single-byte (Latin-1 / Windows-1252) "
                                                "code points: mapped to Unicode "
                                                "(data/lexicon/legacy_encodings.toml)"))
    mapped, legacy = legacy_glyphs(reading.text)
    if legacy:
        reading.text = mapped
        reading.warnings.append(Warning(stage="ingest", code="legacy-glyphs", removed=[],
                                        message=f"mapped {legacy} legacy glyph(s) to Vietnamese letters "
                                                "(ƣ → ư, Ƣ → Ư; data/lexicon/textnorm.toml)"))
    if reading.adapter or reading.ocr or reading.pages or (reading.url and not source.url):
        source = source.model_copy(update={"adapter": reading.adapter, "ocr": reading.ocr,
                                           "pages": reading.pages, "url": source.url or reading.url})
    return Document.read(source, reading.text, reading.warnings, reading.attributes)


def _read(fmt: str, data: bytes) -> Reading:
    """The reader's reading; whatever a parser raises on a file it cannot take (RecursionError
    on a page nested thousands deep, lxml's or zipfile's own errors) is a ReadError."""
    what = WHAT.get(fmt, fmt)
    try:
        return READERS[fmt].read(data)
    except ReadError:
        raise
    except RecursionError as exc:
        raise ReadError(f"cannot read {what}: nested too deeply for the parser ({exc})") from exc
    except MemoryError as exc:
        raise ReadError(f"cannot read {what}: out of memory") from exc
    except Exception as exc:  # a parser's error on a broken file; the batch gets one line
        raise ReadError(f"cannot read {what}: {type(exc).__name__}: {exc}") from exc


def _sniffed_notice(fmt: str, named: str) -> Warning:
    return Warning(stage="ingest", code="format-sniffed", removed=[],
                   message=f"read as {fmt}: the file's bytes are {WHAT[fmt]}, though {named}")
