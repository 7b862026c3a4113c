"""The reader registry: one reader per input format, registered with the file suffixes and
media types it reads, so that `extract`'s file search, `fetch`'s content types and the
format names all come from one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..document import OcrPage, PageRead, Warning


@dataclass
class Reading:
    """What a format reader gives back: the text, what it changed, and what it learnt."""

    text: str
    warnings: list[Warning] = field(default_factory=list)
    adapter: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    ocr: list[OcrPage] = field(default_factory=list)
    #: PDF: how each page was read (text layer, OCR, OCR instead of an unusable text layer)
    pages: list[PageRead] = field(default_factory=list)
    #: where the page came from, when the file says so (a converted page's "Source:" line)
    url: str | None = None


ReadFunction = Callable[[bytes], Reading]


@dataclass(frozen=True)
class ReaderSpec:
    format: str
    suffixes: tuple[str, ...]
    media_types: tuple[str, ...]
    read: ReadFunction


READERS: dict[str, ReaderSpec] = {}
"""Format name -> its reader, in registration order."""


def reader(fmt: str, suffixes: tuple[str, ...], media_types: tuple[str, ...] = ()
           ) -> Callable[[ReadFunction], ReadFunction]:
    """Register a function `bytes -> Reading` as the reader of `fmt`; it is returned unchanged."""
    def register(func: ReadFunction) -> ReadFunction:
        READERS[fmt] = ReaderSpec(fmt, tuple(s.lower() for s in suffixes), tuple(media_types), func)
        return func
    return register


def suffixes() -> dict[str, str]:
    """File suffix (".htm") -> format ("html")."""
    return {suffix: spec.format for spec in READERS.values() for suffix in spec.suffixes}


def media_types() -> dict[str, str]:
    """Media type ("text/html") -> format."""
    return {media: spec.format for spec in READERS.values() for media in spec.media_types}
