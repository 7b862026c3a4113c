"""Plain text: UTF-8 (with or without BOM) or UTF-16; other charsets where they can be told."""

from __future__ import annotations

from ..document import Warning
from ..errors import ReadError
from .charsets import guess
from .registry import Reading, reader


@reader("txt", suffixes=(".txt",), media_types=("text/plain",))
def read_text(data: bytes) -> Reading:
    text, warnings = decode_text(data)
    return Reading(text, warnings)


def decode_text(data: bytes) -> tuple[str, list[Warning]]:
    """UTF-8 (with or without BOM) or UTF-16 (BOM, or NUL-heavy without one); else a charset
    told from the bytes (`charsets.guess`, with a warning): Windows-1252 holding TCVN3 or VNI
    typed Vietnamese, or one charset-normalizer is sure of (Windows-1258 Vietnamese …).
    Anything else is an error: a doubtful guess would give plausible-looking garbage."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise ReadError(f"invalid UTF-16 text: {exc.reason} at byte {exc.start}") from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
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
            f"not UTF-8 or UTF-16 text (undecodable byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}), and its charset cannot be told; re-save the file as UTF-8"
        ) from exc
