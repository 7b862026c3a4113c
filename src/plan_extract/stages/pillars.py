"""Every activity gets a pillar of the run's taxonomy: declared where the document names one
(Rule 1), else judged by the taxonomy's classifier (Rule 2); see `taxonomy/`."""

from __future__ import annotations

from functools import partial

from ..document import Document
from ..taxonomy import DEFAULT_TAXONOMY
from ..taxonomy.classifier import assign_pillars
from .registry import StageFunction, stage


def make(taxonomy: str | None = DEFAULT_TAXONOMY) -> StageFunction | None:
    """The stage for `taxonomy`; None (no pillars) when the run asks for none."""
    return partial(classify_pillars, taxonomy=taxonomy) if taxonomy else None


@stage("pillars", requires={"activities", "sections"}, assigns={"activities", "taxonomy"},
       factory=make)
def classify_pillars(doc: Document, taxonomy: str = DEFAULT_TAXONOMY) -> Document:
    """Pillar, source, confidence and evidence of every activity."""
    return doc.updated(activities=assign_pillars(doc.activities, doc.sections, taxonomy),
                       taxonomy=taxonomy)
