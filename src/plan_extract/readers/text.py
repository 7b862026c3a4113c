"""Plain text: UTF-8 (with or without BOM) or UTF-16."""

from __future__ import annotations

from ..errors import ReadError
from .registry import Reading, reader


@reader("txt", suffixes=(".txt",), media_types=("text/plain",))
def read_text(data: bytes) -> Reading:
    return Reading(decode_text(data))


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 (BOM, or NUL-heavy without one); else an error.

    Legacy Vietnamese encodings (TCVN3, VNI) are not guessed: a wrong guess would produce
    plausible-looking garbage, so they are reported instead.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(f"invalid UTF-16 text: {exc.reason} at byte {exc.start}") from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if len(data) >= 4 and data.count(0) > len(data) // 4:
            even_nuls = data[0::2].count(0) > data[1::2].count(0)
            try:
                return data.decode("utf-16-be" if even_nuls else "utf-16-le")
            except UnicodeDecodeError:
                pass
        raise ReadError(
            f"not UTF-8 or UTF-16 text (undecodable byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); re-save the file as UTF-8"
        ) from exc
