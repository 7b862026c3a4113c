"""What a file is, told by its bytes rather than its name (data/readers/formats.toml).

Files come misnamed: a fetch saves a PDF served as text/html as `.html`, a DOCX is renamed
`.doc`, a portal's error page is saved as `.pdf`. Read by its name, a PDF's bytes would pass
as an HTML page of garbage. So a PDF (`%PDF-` in its first 1024 bytes, as readers allow), a
DOCX (a ZIP archive holding word/document.xml), an HTML page (markup) and a text are read as
what they are, and the other kinds a file's first bytes name (an old .doc, an image, an
archive) are refused with what to do. Binary data that is none of these is refused too.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile
from dataclasses import dataclass
from functools import cache

from .. import config

#: how a message names each format's content
WHAT = {"pdf": "a PDF", "docx": "a DOCX", "html": "an HTML page", "txt": "plain text",
        "md": "plain text"}

_SAMPLE = 65536
# Office encrypts a protected .docx into an OLE2 compound file holding an "EncryptedPackage"
# stream (MS-OFFCRYPTO), so it starts like an old .doc; the stream's name tells them apart.
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# Control bytes no text holds (NUL aside: runs of it are removed from text with a warning;
# tab, line feed, vertical tab, form feed, carriage return, DOS's end-of-file SUB and ESC
# are kept). Random bytes hold about 9 % of them; text in any charset (TCVN3 and VNI
# included) none.
_CONTROL = bytes([*range(1, 9), *range(0x0E, 0x1A), *range(0x1C, 0x20)])
_MAX_CONTROL_SHARE = 0.01
# A page that says it is HTML from its first markup on (after a BOM, blanks, an XML
# declaration and comments), as a text or Markdown file never does.
_HTML_ROOTS = (b"<!doctype html", b"<html", b"<head", b"<body")
# Any tag at all: enough for a file named .html to be read as HTML. (One quantifier after a
# fixed opening, so a long run without ">" is scanned once.)
_ANY_TAG = re.compile(rb"<(?:[a-zA-Z]|/[a-zA-Z]|!--|!doctype)[^<>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Sniffed:
    """The format to read a file's bytes as, or (format None) why they cannot be read."""

    format: str | None
    refused: str = ""


def sniff(data: bytes, claimed: str) -> Sniffed:
    """What `data` is, given the format its name or caller `claimed`: a PDF or DOCX whatever
    the claim; an HTML page or a text under a text format's name ("html" when its markup
    says so, else "txt" or the claimed "md"); refused when a PDF or DOCX name holds text
    (most often an error page saved under the document's name). A format a plugin reader
    registered is taken as claimed: its reader knows its bytes."""
    if claimed not in WHAT:
        return Sniffed(claimed)
    if b"%PDF-" in data[:1024]:
        return Sniffed("pdf")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if data.startswith(_OLE2) and _ENCRYPTED_PACKAGE in data:
        return Sniffed(None, "a password-protected (encrypted) Word or Office file: open it in Word, "
                             "remove the password (File > Info > Protect Document) and save it as .docx")
    for prefix, why in _magic():
        if data.startswith(prefix):
            return Sniffed(None, why)
    head = _text_head(data)
    if head is None:
        return Sniffed(None, binary_reason(data))
    found = "html" if starts_as_html(head) or (claimed == "html" and _ANY_TAG.search(head)) else \
        claimed if claimed in ("txt", "md") else "txt"
    if claimed in ("pdf", "docx"):
        signature = "no %PDF- in its first 1024 bytes" if claimed == "pdf" else "not a ZIP archive"
        return Sniffed(None, f"not {WHAT[claimed]}: the file is {WHAT[found]} ({signature}), "
                             "perhaps an error page saved under the document's name; if it is "
                             f"the document, name it .{'html' if found == 'html' else 'txt'}")
    return Sniffed(found)


def starts_as_html(head: bytes) -> bool:
    """Whether the first markup of `head`, past blanks, an XML declaration and comments,
    opens an HTML document (a doctype, <html>, <head> or <body>)."""
    rest = head[:4096].lstrip()
    while rest.startswith((b"<?xml", b"<!--")):
        end = rest.find(b"?>" if rest.startswith(b"<?") else b"-->")
        if end < 0:
            return False
        rest = rest[end + (2 if rest.startswith(b"<?") else 3):].lstrip()
    rest = rest[:16].lower()
    return any(rest.startswith(root) and (len(rest) == len(root) or not rest[len(root):][:1].isalnum())
               for root in _HTML_ROOTS)


def binary_reason(data: bytes) -> str:
    """Why `data` is binary data rather than a text, for an error message."""
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return (f"binary data, not a document: {controls} control byte(s) in its first "
            f"{len(sample)} bytes (a text has none), and no PDF, DOCX or HTML signature; "
            f"it starts with {data[:8].hex(' ')}")


def _text_head(data: bytes) -> bytes | None:
    """The first bytes of a text as UTF-8-compatible bytes (UTF-16 re-encoded), or None when
    they are binary data."""
    sample = data[:_SAMPLE]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(sample):
        codec = "utf-16" if sample[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else (
            "utf-16-be" if sample[0::2].count(0) > sample[1::2].count(0) else "utf-16-le")
        return sample[: len(sample) // 2 * 2].decode(codec, errors="replace").encode("utf-8")
    if sample.startswith(codecs.BOM_UTF8):
        sample = sample[len(codecs.BOM_UTF8):]
    letters = len(sample) - sample.count(0)
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls >= 2 and controls > _MAX_CONTROL_SHARE * letters:
        return None
    return sample.replace(b"\x00", b"")


def utf16_without_bom(sample: bytes) -> bool:
    """UTF-16 without a BOM: NUL in most bytes of one parity (the high bytes of Latin
    letters), almost none in the other."""
    if len(sample) < 4:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) >= 0.3 * half and min(even, odd) <= 0.02 * half


@cache
def _magic() -> tuple[tuple[bytes, str], ...]:
    return tuple((bytes.fromhex(k), v) for k, v in config.formats().magic.items())


def _zip_kind(data: bytes) -> Sniffed:
    """A DOCX when the archive holds word/document.xml; else what the archive is."""
    if zip_entries(data) > config.limits().max_docx_parts:
        return Sniffed("docx")  # not listed here: the DOCX reader refuses it, naming the limit
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except Exception:  # a damaged archive: the DOCX reader names its problem
        return Sniffed("docx")
    if "word/document.xml" in names:
        return Sniffed("docx")
    for part, what in config.formats().zip_parts.items():
        if part in names:
            return Sniffed(None, f"{what}, not a DOCX")
    return Sniffed(None, "a ZIP archive without word/document.xml, so not a DOCX: unpack it and "
                         "give the documents it holds")


def zip_entries(data: bytes) -> int:
    """How many entries a ZIP archive's end record says it holds, read without listing them
    (a crafted archive lists millions); 0 when there is no end record to read."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if end < 0 or end + 22 > len(data):
        return 0
    count = struct.unpack_from("<H", data, end + 10)[0]
    locator = end - 20
    if count == 0xFFFF and locator >= 0 and data[locator:locator + 4] == b"PK\x06\x07":
        zip64 = struct.unpack_from("<Q", data, locator + 8)[0]
        if 0 <= zip64 <= len(data) - 56 and data[zip64:zip64 + 4] == b"PK\x06\x06":
            count = struct.unpack_from("<Q", data, zip64 + 32)[0]
    return count
