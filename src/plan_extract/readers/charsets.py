"""Which charset a text or HTML file's bytes are in, decided once, before parsing
(data/readers/charsets.toml).

A BOM, then what an HTML page declares (<meta charset>, http-equiv Content-Type, an XML
declaration), then UTF-8 when the bytes are valid UTF-8. Bytes that are none of these are
tried as Windows-1252: Vietnamese typed in the TCVN3 or VNI fonts was saved that way, and
reads as its legacy codes, which `read_bytes` maps (lexicon/legacy.py). Otherwise
charset-normalizer guesses among the candidates (Windows-1258 Vietnamese, Windows-1252
Western), and the guess is a `charset-guessed` warning.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from .. import config
from ..document import Warning
from ..lexicon.legacy import NAMES, legacy_encoding

_META = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ASCII = bytes(range(0x80))
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Tags, and scripts and styles whole: what is left is the page's text, for the legacy test.
_MARKUP = re.compile(rb"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.IGNORECASE | re.DOTALL)


@dataclass
class Decoded:
    text: str
    charset: str
    warnings: list[Warning] = field(default_factory=list)


def declared_charset(data: bytes) -> tuple[str, str] | None:
    """(label, where) of the charset an HTML page declares: an XML declaration, else the
    first <meta> in its head that names one; None when it declares none."""
    match = _XML.search(data, 0, 1024)
    if match:
        return match.group(1).decode("ascii").lower(), "its XML declaration"
    limit = config.charsets().head_bytes
    end = _HEAD_END.search(data, 0, limit)
    match = _META.search(data, 0, end.start() if end else min(len(data), limit))
    if match:
        return match.group(1).decode("ascii").lower(), "its <meta> charset"
    return None


def codec_of(label: str) -> str | None:
    """The codec a declared label is read with, or None for a label no codec knows."""
    label = config.charsets().aliases.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes) -> Decoded:
    """The page's text: by its BOM, else its declared charset, else as `guess` finds."""
    bom = _by_bom(data)
    if bom is not None:
        return bom
    declared = declared_charset(data)
    problem = ""
    if declared is not None:
        label, where = declared
        codec = codec_of(label)
        if codec is not None:
            try:
                return Decoded(_decode(data, codec), codec)
            except UnicodeDecodeError as exc:
                problem = (f"the page declares {label} in {where}, but its byte "
                           f"0x{data[exc.start]:02x} at offset {exc.start} is not {label}; ")
        else:
            problem = f"the page declares {label!r} in {where}, which no codec reads; "
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        problem = problem or "the page declares no charset and is not UTF-8; "
    else:
        return Decoded(text, "utf-8", [_guessed(problem + "read as UTF-8, which its bytes are")]
                       if problem else [])
    decoded = guess(data, sample=_MARKUP.sub(b" ", data))
    if decoded is not None:
        decoded.warnings = [_guessed(problem + w.message) for w in decoded.warnings]
        return decoded
    if utf8_share(data) >= config.charsets().min_utf8_share:
        how = "read as UTF-8, its broken bytes replaced (most of its bytes are UTF-8)"
        codec = "utf-8"
    else:
        codec = codecs.lookup(config.charsets().html_fallback).name
        how = f"read as {_label(codec)}, the web's default (charset-normalizer found no charset)"
    return Decoded(_decode(data, codec, errors="replace"), codec, [_guessed(problem + how)])


def guess(data: bytes, sample: bytes | None = None, confident: bool = False) -> Decoded | None:
    """Bytes that are not UTF-8 and declare nothing: Windows-1252 when so read `sample` (the
    text without its markup; `data` by default) is Vietnamese in a legacy font encoding, else
    charset-normalizer's best guess among the candidates (with `confident`, only a clean one
    in a language it knows); None when there is none. The warning says what was guessed.
    Bytes that are mostly valid UTF-8 are broken UTF-8, never guessed."""
    rules = config.charsets()
    if utf8_share(data) >= rules.min_utf8_share:
        return None
    if sample is None or not sample.strip():
        sample = data
    encoding = legacy_encoding(cp1252(sample))
    if encoding is not None:
        return Decoded(cp1252(data), "cp1252",
                       [_guessed(f"read as {_label('cp1252')}, where its letters are Vietnamese "
                                 f"in the {NAMES[encoding]} encoding")])
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=rules.candidates).best()
    if best is None:
        return None
    if confident and (best.chaos > rules.max_chaos or best.coherence < rules.min_coherence):
        return None
    codec = codecs.lookup(best.encoding).name
    try:
        text = _decode(data, codec)
    except UnicodeDecodeError:
        return None
    return Decoded(text, codec, [_guessed(f"read as {_label(codec)}, charset-normalizer's guess "
                                          f"(mess {best.chaos:.2f}, coherence {best.coherence:.2f})")])


def utf8_share(data: bytes) -> float:
    """The share of the bytes beyond ASCII that form valid UTF-8 sequences (0 when none is)."""
    beyond = len(data.translate(None, _ASCII))
    if not beyond:
        return 0.0
    return sum(len(m) for m in _UTF8_SEQUENCE.findall(data)) / beyond


def _by_bom(data: bytes) -> Decoded | None:
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16", errors="replace"), "utf-16")
    return None


def _decode(data: bytes, codec: str, errors: str = "strict") -> str:
    """`data` in `codec`, composed (Windows-1258 writes tones as combining marks)."""
    text = cp1252(data) if codec == "cp1252" else data.decode(codec, errors)
    return text if codec.startswith("utf") else unicodedata.normalize("NFC", text)


@cache
def _cp1252_table() -> str:
    """Windows-1252 as browsers read it: its five unassigned bytes as the Latin-1 controls."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))


def cp1252(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", _cp1252_table())[0]


def _label(codec: str) -> str:
    """A codec as charsets are usually named: cp1258 -> windows-1258."""
    return f"windows-{codec[2:]}" if codec.startswith("cp125") else codec


def _guessed(message: str) -> Warning:
    return Warning(stage="ingest", code="charset-guessed", message=message)


def without_nul(text: str) -> tuple[str, list[Warning]]:
    """`text` without NUL characters, and a warning when it had any: a copy padded or torn
    by a crash holds runs of them, no text does, and parsers turn them into U+FFFD."""
    if "\x00" not in text:
        return text, []
    runs = re.findall("\x00+", text)
    return text.replace("\x00", ""), [Warning(
        stage="ingest", code="nul-removed", removed=[],
        message=f"removed {sum(map(len, runs))} NUL character(s) in {len(runs)} run(s): padding or "
                "a damaged copy, not text")]
