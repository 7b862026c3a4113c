"""Plain text: UTF-8 (with or without BOM) or UTF-16; other charsets where they can be told."""

from __future__ import annotations

from .. import config
from ..document import Warning
from ..errors import ReadError
from ..lexicon.legacy import legacy_encoding
from .charsets import cp1252, guess, without_nul
from .registry import Reading, reader
from .sniff import utf16_without_bom


@reader("txt", suffixes=(".txt",), media_types=("text/plain",))
def read_text(data: bytes) -> Reading:
    """A plain text as it is; one a converter gave Markdown pipe tables (the header and the
    signature as "| BỘ … | CỘNG HÒA … |" rows over "| --- | --- |") is rendered as Markdown
    with each of its lines kept, so its tables read as rows, as in a .md file."""
    text, warnings = decode_text(data)
    from . import markdown

    if markdown.has_pipe_tables(text):
        return markdown.render(text, warnings, breaks=True)
    return Reading(text, warnings)


def decode_text(data: bytes) -> tuple[str, list[Warning]]:
    """The file's text (`decode`) without NUL characters, and what was done to it."""
    text, warnings = decode(data)
    text, removed = without_nul(text)
    return text, warnings + removed


def decode(data: bytes) -> tuple[str, list[Warning]]:
    """UTF-8 (with or without BOM) or UTF-16 (BOM, or NUL-heavy without one); UTF-8 with a
    few broken bytes, each replaced (with a warning); else a charset told from the bytes
    (`charsets.guess`, with a warning): Windows-1252 holding TCVN3 or VNI typed Vietnamese,
    or one charset-normalizer is sure of (Windows-1258 Vietnamese …). Anything else is an
    error: a doubtful guess would give plausible-looking garbage."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise ReadError(f"invalid UTF-16 text: {exc.reason} at byte {exc.start}") from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if utf16_without_bom(data[:65536]):  # ASCII in UTF-16 is valid UTF-8 too: test it first
        even_nuls = data[0::2].count(0) > data[1::2].count(0)
        try:
            return data.decode("utf-16-be" if even_nuls else "utf-16-le"), []
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first = exc
    replaced = _broken_utf8(data, first.start)
    if replaced is not None:
        return replaced
    if len(data) >= 4 and data.count(0) > len(data) // 4:
        even_nuls = data[0::2].count(0) > data[1::2].count(0)
        try:
            return data.decode("utf-16-be" if even_nuls else "utf-16-le"), []
        except UnicodeDecodeError:
            pass
    guessed = guess(data, confident=True)
    if guessed is not None:
        for warning in guessed.warnings:
            warning.message = "the file is not UTF-8 or UTF-16; " + warning.message
        return guessed.text, guessed.warnings
    raise ReadError(
        f"not UTF-8 or UTF-16 text (undecodable byte 0x{data[first.start]:02x} at offset "
        f"{first.start}), and its charset cannot be told; re-save the file as UTF-8"
    ) from first


def _broken_utf8(data: bytes, offset: int) -> tuple[str, list[Warning]] | None:
    """UTF-8 with at most `max_broken_utf8_share` of its bytes broken (one bad byte always
    passes): the text, each broken sequence replaced by U+FFFD, and a warning naming the
    first (at `offset`); None for bytes with more, or that read as legacy-font Vietnamese
    (Windows-1252), which `guess` reads."""
    if legacy_encoding(cp1252(data)) is not None:
        return None
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    if broken > max(1, config.charsets().max_broken_utf8_share * len(data)):
        return None
    return text, [Warning(stage="ingest", code="invalid-bytes-replaced", removed=[],
                          message=f"UTF-8 text with {broken} broken byte sequence(s), the first "
                                  f"0x{data[offset]:02x} at offset {offset}: each replaced by "
                                  "U+FFFD (a damaged or cut copy; charsets.toml max_broken_utf8_share)")]
