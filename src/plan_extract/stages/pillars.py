"""Every activity gets a pillar of the run's taxonomy: declared where the document names one
(Rule 1), else judged by the taxonomy's classifier (Rule 2); see `taxonomy/`. A run that
leaves the taxonomy to the document (AUTO_TAXONOMY, `extract` without --taxonomy) takes the
one its citations select (`taxonomy.selection`: ascc_2035 for plans under Decision
155/QĐ-TTg of 2026, ascc_2025 otherwise)."""

from __future__ import annotations

from functools import partial

from ..document import Document
from ..taxonomy import AUTO_TAXONOMY
from ..taxonomy.classifier import assign_pillars
from ..taxonomy.selection import choose_taxonomy
from .registry import StageFunction, stage


def make(taxonomy: str | None = AUTO_TAXONOMY) -> StageFunction | None:
    """The stage for `taxonomy`; None (no pillars) when the run asks for none."""
    return partial(classify_pillars, taxonomy=taxonomy) if taxonomy else None


@stage("pillars", requires={"activities", "sections", "references", "metadata", "text", "title"},
       assigns={"activities", "taxonomy"}, factory=make)
def classify_pillars(doc: Document, taxonomy: str = AUTO_TAXONOMY) -> Document:
    """Pillar, source, confidence and evidence of every activity."""
    name = choose_taxonomy(doc) if taxonomy == AUTO_TAXONOMY else taxonomy
    return doc.updated(activities=assign_pillars(doc.activities, doc.sections, name,
                                                      subject=doc.title),
                       taxonomy=name)
