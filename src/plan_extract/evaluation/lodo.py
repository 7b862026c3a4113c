"""Leave-one-document-out evaluation of the pillar classifier: for each gold document, train
without it (its declared activities and its gold items both left out), classify it, score
its gold pillars; and first contact: the shipped model on the gold documents it was not
trained on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..document import Document
from ..taxonomy import load_taxonomy
from ..taxonomy.classifier import Model, assign_pillars, load_model
from ..taxonomy.training import corpus_examples, train_on
from .corpus import corpus_documents, gold_files, gold_items
from .scoring import align_activities, calibration_error, pillar_metrics

Row = tuple[str, str | None, str | None, float | None]
"""(gold pillar, gold pillar_alt, predicted, confidence) of one gold item."""


@dataclass
class LodoReport:
    per_document: dict[str, dict[str, Any]]
    judged: dict[str, Any]
    declared: dict[str, Any]
    #: judged items scored with pillar_alt not accepted
    judged_strict: dict[str, Any] = field(default_factory=dict)
    #: expected calibration error of the judged confidences (a pillar_alt hit is correct)
    judged_ece: float | None = None
    #: the shipped model on gold documents it was not trained on
    first_contact: dict[str, Any] = field(default_factory=dict)


def score_rows(rows: dict[str, list[Row]]) -> dict[str, Any]:
    """Alt-accepted and strict metrics and the ECE of judged rows, accuracy of declared."""
    judged = rows["judged"]
    return {"judged": pillar_metrics([r[:3] for r in judged]),
            "judged_strict": pillar_metrics([(g, None, p) for g, _, p, _ in judged]),
            "judged_ece": calibration_error([(c or 0.0, p in (g, a)) for g, a, p, c in judged]),
            "declared": pillar_metrics([r[:3] for r in rows["declared"]])}


def _rows(doc: Document, gold: dict[str, Any], taxonomy: str, model: Model) -> dict[str, list[Row]]:
    predicted = assign_pillars(doc.activities, doc.sections, taxonomy, model=model,
                               subject=doc.title)
    pairs = align_activities([a.text for a in predicted],
                             [g["text_start"] for g in gold["activities"]])
    out: dict[str, list[Row]] = {"declared": [], "judged": []}
    for pi, gi in pairs:
        g = gold["activities"][gi]
        if g.get("pillar_source") in out and g.get("pillar"):
            p = predicted[pi]
            out[g["pillar_source"]].append((g["pillar"], g.get("pillar_alt"), p.pillar,
                                            p.pillar_confidence))
    return out


def leave_one_out(corpus: Path | Iterable[Path], gold_dirs: Path | Iterable[Path], taxonomy: str,
                  first_contact: bool = True, **options: Any) -> LodoReport:
    """For each gold document: train without it, classify it, score its gold pillars.
    `options` go to `train_on` (ablation variants: linear=False, context=False, nb_weight=…)."""
    gold_dirs = [gold_dirs] if isinstance(gold_dirs, Path | str) else list(gold_dirs)
    documents = corpus_documents(corpus)
    examples = corpus_examples(documents, taxonomy)  # once; each fold only leaves one out
    items = gold_items(documents, gold_dirs)
    tax = load_taxonomy(taxonomy)
    rows: dict[str, list[Row]] = {"declared": [], "judged": []}
    per_document: dict[str, dict[str, Any]] = {}
    for stem, gold in gold_files(gold_dirs):
        if stem not in documents:
            continue
        model = Model.from_counts(train_on(examples, taxonomy, exclude=stem, items=items,
                                           **options), tax)
        doc_rows = _rows(documents[stem], gold, taxonomy, model)
        for source in rows:
            rows[source].extend(doc_rows[source])
        per_document[stem] = {s: pillar_metrics([x[:3] for x in r]) for s, r in doc_rows.items()}
    scores = score_rows(rows)
    report = LodoReport(per_document=per_document, **scores)
    if first_contact:
        report.first_contact = score_first_contact(documents, gold_dirs, taxonomy)
    return report


def score_first_contact(documents: dict[str, Document], gold_dirs: Iterable[Path],
                        taxonomy: str) -> dict[str, Any]:
    """The shipped model on the gold documents absent from its `trained_on` list: documents
    adopted after it was last trained, met for the first time."""
    model_data = load_model(taxonomy)
    trained_on = set(model_data.trained_on)
    rows: dict[str, list[Row]] = {"declared": [], "judged": []}
    stems = []
    for stem, gold in gold_files(gold_dirs):
        if stem in documents and stem not in trained_on:
            found = _rows(documents[stem], gold, taxonomy, model_data)
            if any(found.values()):  # a gold file with no pillar items is met, not scored
                stems.append(stem)
            for source, r in found.items():
                rows[source].extend(r)
    return {"documents": stems, **score_rows(rows)}
