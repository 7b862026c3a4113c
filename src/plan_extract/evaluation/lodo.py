"""Leave-one-document-out evaluation of the pillar classifier: for each gold document, train
without it, classify it, score its gold pillars."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..taxonomy import load_taxonomy
from ..taxonomy.classifier import Model, assign_pillars
from ..taxonomy.training import corpus_examples, train_on
from .corpus import corpus_documents
from .scoring import align_activities, pillar_metrics


@dataclass
class LodoReport:
    per_document: dict[str, dict[str, Any]]
    judged: dict[str, Any]
    declared: dict[str, Any]


def leave_one_out(corpus: Path, gold_dir: Path, taxonomy: str) -> LodoReport:
    """For each gold document: train without it, classify it, score its gold pillars."""
    documents = corpus_documents(corpus)
    examples = corpus_examples(documents, taxonomy)  # once; each fold only leaves one out
    tax = load_taxonomy(taxonomy)
    rows: dict[str, list] = {"declared": [], "judged": []}
    per_document: dict[str, dict[str, Any]] = {}
    for gold_path in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text("utf-8"))
        stem = Path(gold["source_file"]).stem
        if stem not in documents:
            continue
        model = Model.from_counts(train_on(examples, taxonomy, exclude=stem), tax)
        doc = documents[stem]
        predicted = assign_pillars(doc.activities, doc.sections, taxonomy, model=model)
        pairs = align_activities([a.text for a in predicted],
                                 [g["text_start"] for g in gold["activities"]])
        doc_rows: dict[str, list] = {"declared": [], "judged": []}
        for pi, gi in pairs:
            g = gold["activities"][gi]
            if g.get("pillar_source") in doc_rows:
                doc_rows[g["pillar_source"]].append(
                    (g["pillar"], g.get("pillar_alt"), predicted[pi].pillar))
        for source in rows:
            rows[source].extend(doc_rows[source])
        per_document[stem] = {s: pillar_metrics(r) for s, r in doc_rows.items()}
    return LodoReport(per_document=per_document, judged=pillar_metrics(rows["judged"]),
                      declared=pillar_metrics(rows["declared"]))
