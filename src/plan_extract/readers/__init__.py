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
from .registry import READERS, ReaderSpec, Reading, media_types, reader, suffixes

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
    """Read `path` by its suffix; the bytes are hashed so outputs can be traced."""
    fmt = suffixes().get(path.suffix.lower())
    refused = config.formats().refused.get(path.suffix.lower())
    if refused:
        raise ReadError(refused)
    if fmt is None:
        known = ", ".join(dict.fromkeys(spec.suffixes[0] for spec in READERS.values()))
        raise ReadError(f"unsupported file type {path.suffix!r} (expected {known})")
    data = path.read_bytes()
    return read_bytes(data, source_of(data, str(path), fmt, url=_sidecar(path).get("url")))


def source_of(data: bytes, path: str, fmt: str, url: str | None = None) -> Source:
    """The record of an input: where it is, its format, and its bytes' hash and size, so
    every output can be traced to the exact file it came from."""
    return Source(path=path, format=fmt, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data),
                  url=url)


def _sidecar(path: Path) -> dict:
    """`plan-extract fetch` writes `<name>.meta.json` beside each page (url, dates, adapter)."""
    for candidate in (path.with_name(path.stem + ".meta.json"), path.with_name(path.name + ".meta.json")):
        if candidate.exists():
            try:
                return json.loads(candidate.read_text("utf-8"))
            except (OSError, ValueError):
                return {}
    return {}


def read_bytes(data: bytes, source: Source) -> Document:
    """The document in `data`, read by the reader of `source.format`."""
    reading = READERS[source.format].read(data)
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
