"""The stage registry: each stage is a plain function `Document -> Document`, registered with
the Document fields it reads (`requires`) and the ones it sets (`assigns`); `pipeline` runs
them in its declared order, and a test checks that every field a stage requires is read by
the reader or assigned by an earlier stage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..document import Document

StageFunction = Callable[[Document], Document]


@dataclass(frozen=True)
class StageSpec:
    name: str
    func: StageFunction
    requires: frozenset[str]
    assigns: frozenset[str]
    #: builds the stage from the run's options (a stage with parameters); None: `func` as is
    factory: Callable[..., StageFunction | None] | None = None


REGISTRY: dict[str, StageSpec] = {}

READER_FIELDS = frozenset({"source", "text", "warnings", "attributes"})
"""What a reader sets on a new Document."""


def stage(name: str, requires: set[str], assigns: set[str],
          factory: Callable[..., StageFunction | None] | None = None
          ) -> Callable[[StageFunction], StageFunction]:
    """Register a stage; the function is returned unchanged (it stays picklable)."""
    def register(func: StageFunction) -> StageFunction:
        REGISTRY[name] = StageSpec(name, func, frozenset(requires), frozenset(assigns), factory)
        return func
    return register
