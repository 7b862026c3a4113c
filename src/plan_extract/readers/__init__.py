"""Readers: one module per input format, each turning a file's bytes into a `Document`'s
text, one block (paragraph, table row, PDF line) per line.

Only readers and `outputs` touch files. Everything a reader cannot read raises `ReadError`
with a message a researcher can act on; the batch turns that into an error record.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..document import Document, Source, Warning
from ..errors import ReadError
from ..lexicon.legacy import NAMES, legacy_encoding, to_unicode
from ..lexicon.textnorm import legacy_glyphs
from ..outputs import path_text
from . import docx, html, markdown, pdf, text  # noqa: F401  (each registers its reader)
from .charsets import without_nul
from .registry import READERS, ReaderSpec, Reading, media_types, reader, suffixes
from .sniff import WHAT, sniff

__all__ = ["READERS", "InputSearch", "ReadError", "Reading", "ReaderSpec", "find_inputs",
           "guess_format", "media_types", "read_bytes", "read_document", "reader", "search_inputs",
           "source_of", "suffixes"]


@dataclass
class InputSearch:
    """What `extract` was given, searched: the files to read, the paths that do not exist,
    and inputs that cannot be read at all (path, error type, message), each of which becomes
    an error record rather than being skipped in silence."""

    found: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    problems: list[tuple[Path, str, str]] = field(default_factory=list)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


def _why(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symbolic link that loops"
    return exc.strerror or type(exc).__name__


def search_inputs(paths: list[Path]) -> InputSearch:
    """Files as given, folders searched recursively (symbolic links to folders followed once)
    for the readers' suffixes and the refused ones (each becomes an error record saying what
    to do). A file given by name that is not a regular file (a FIFO would block the batch),
    a link that loops or points nowhere, and a folder that cannot be listed are problems."""
    known = suffixes().keys() | config.formats().refused.keys()
    out = InputSearch()
    for path in paths:
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            if path.is_symlink():
                out.problems.append((path, "FileNotFoundError", "a symbolic link to nothing: skipped"))
            else:
                out.missing.append(path)
            continue
        except OSError as exc:
            out.problems.append((path, type(exc).__name__, f"{_why(exc)}: skipped"))
            continue
        if stat.S_ISDIR(mode):
            _search_folder(path, known, out)
        elif _kind(mode) is not None:
            out.problems.append((path, "IngestError", f"{_kind(mode)}, not a file: not opened"))
        else:
            out.found.append(path)
    return out


def _search_folder(top: Path, known, out: InputSearch) -> None:
    seen: set[tuple[int, int]] = set()
    found: list[Path] = []

    def walk(folder: Path) -> None:
        try:
            st = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            out.problems.append((folder, type(exc).__name__, f"folder cannot be listed: {_why(exc)}"))
            return
        if (st.st_dev, st.st_ino) in seen:
            out.problems.append((folder, "IngestError", "a symbolic link back to a folder above it: "
                                                        "not searched again"))
            return
        seen.add((st.st_dev, st.st_ino))
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                mode = entry.stat().st_mode
            except OSError as exc:  # a link that loops or points nowhere
                if entry.is_symlink():
                    out.problems.append((path, type(exc).__name__, f"{_why(exc)}: skipped"))
                continue
            if is_dir:
                walk(path)
            elif path.suffix.lower() in known:
                kind = _kind(mode)
                if kind is None:
                    found.append(path)
                else:
                    out.problems.append((path, "IngestError", f"{kind}, not a file: not opened"))

    walk(top)
    out.found.extend(sorted(found))


def find_inputs(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files to read and the paths that do not exist (`search_inputs` without its
    problems)."""
    search = search_inputs(paths)
    return search.found, search.missing


def guess_format(data: bytes) -> str:
    """The format of bytes with no file name (`extract -`): PDF and ZIP (DOCX) by their
    magic bytes, HTML by its opening tag, else text."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<meta", b"<div", b"<p")):
        return "html"
    return "txt"


def read_document(path: Path) -> Document:
    """Read `path` as what its bytes are (`sniff`), its suffix saying what it should be; the
    bytes are hashed so outputs can be traced. A suffix no reader takes is read only when
    the bytes are a PDF, DOCX or HTML page; else it is refused, saying what to do. Only a
    regular file is opened (a FIFO would block for ever)."""
    suffix = path.suffix.lower()
    fmt = suffixes().get(suffix)
    data = _read_limited(path)
    url = _sidecar(path).get("url")
    if fmt is not None:
        return read_bytes(data, source_of(data, path_text(path), fmt, url=url))
    sniffed = sniff(data, "txt")
    if sniffed.format in ("pdf", "docx", "html"):
        notice = _sniffed_notice(sniffed.format, f"its name ends {suffix or 'in no suffix'}")
        return read_bytes(data, source_of(data, path_text(path), sniffed.format, url=url), [notice])
    refused = config.formats().refused.get(suffix)
    if refused:
        raise ReadError(refused)
    known = ", ".join(dict.fromkeys(spec.suffixes[0] for spec in READERS.values()))
    raise ReadError(f"unsupported file type {path.suffix!r} (expected {known})"
                    + (f"; its bytes are {sniffed.refused}" if sniffed.refused else ""))


def _read_limited(path: Path) -> bytes:
    """The file's bytes, refused past the input size limit before more than that is read."""
    limit = config.limits().max_input_bytes
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        stat = os.fstat(fd)
        kind = _kind(stat.st_mode)
        if kind is not None:
            raise ReadError(f"{kind}, not a file")
        if stat.st_size > limit:
            raise ReadError(too_large(stat.st_size, limit))
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ReadError(too_large(len(data), limit))
    return data


def too_large(size: int, limit: int) -> str:
    return (f"input too large: {config.size_text(size)}, over the {config.size_text(limit)} limit "
            "(extract --max-bytes; limits.max_input_bytes in data/readers/formats.toml)")


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
    limit = config.limits().max_input_bytes
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
