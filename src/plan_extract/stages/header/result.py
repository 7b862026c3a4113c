"""What the header stage builds: the document kind, the metadata and where each value came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...document import FieldSource, Kind, Line, Metadata, Provenance, Span, Warning


@dataclass
class HeaderResult:
    kind: Kind
    metadata: Metadata
    provenance: dict[str, FieldSource] = field(default_factory=dict)
    warnings: list[Warning] = field(default_factory=list)
    title: str = ""
    #: the sentence/paragraph of a news article that reports the plan's issuance
    issuance_span: Span | None = None

    def put(self, name: str, value: object, provenance: Provenance, span: Span | None = None) -> None:
        """Set metadata field `name` unless `value` is empty or the field already has a value:
        the first reader to speak wins, so readers run in order of trust."""
        if value in (None, "", []) or getattr(self.metadata, name) not in (None, []):
            return
        setattr(self.metadata, name, value)
        self.provenance[name] = FieldSource(provenance=provenance, span=span)


def line_span(ln: Line) -> Span:
    """The span of a whole line."""
    return Span(start=ln.start, end=ln.end)
