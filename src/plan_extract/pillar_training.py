"""Training data, training and leave-one-document-out evaluation of the pillar classifier.

The training set is what the corpus declares: every activity a heading or its own lead
phrase assigns to a pillar (Rule 1) is a labelled example, found by the same rule the
pipeline applies, never read from gold. A taxonomy may add examples in
`data/taxonomies/<name>.train.jsonl` ({"text": …, "label": …} per line).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .ingest import SUFFIXES
from .models import ExtractedDocument
from .pillars import Model, classify_pillars, declared_labels, load_taxonomy, taxonomy_path, train
from .pipeline import extract_path
from .scoring import align_activities, pillar_metrics


def corpus_documents(corpus: Path) -> dict[str, ExtractedDocument]:
    """Every readable document of the corpus folder, by file stem, pillars not yet set."""
    out = {}
    for path in sorted(p for p in corpus.rglob("*") if p.suffix.lower() in SUFFIXES):
        try:
            out[path.stem] = extract_path(path, taxonomy=None)
        except Exception:  # unreadable files are the batch's business, not training's
            continue
    return out


def declared_examples(doc: ExtractedDocument, taxonomy: str) -> list[tuple[str, str]]:
    labels = declared_labels(doc.activities, doc.sections, load_taxonomy(taxonomy))
    return [(a.text, found[0]) for a, found in zip(doc.activities, labels, strict=True) if found]


def extra_examples(taxonomy: str) -> list[tuple[str, str]]:
    path = taxonomy_path(taxonomy).with_suffix(".train.jsonl")
    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [(r["text"], r["label"]) for r in rows]


def corpus_examples(documents: dict[str, ExtractedDocument],
                    taxonomy: str) -> dict[str, list[tuple[str, str]]]:
    """The declared examples of each document, by stem (in stem order)."""
    return {stem: declared_examples(doc, taxonomy) for stem, doc in sorted(documents.items())}


def train_on(examples: dict[str, list[tuple[str, str]]], taxonomy: str,
             exclude: str | None = None) -> dict[str, Any]:
    """Train on every document's examples but `exclude`'s, plus the taxonomy's own."""
    pooled = [e for stem, rows in examples.items() if stem != exclude for e in rows]
    return train(pooled + extra_examples(taxonomy), load_taxonomy(taxonomy))


def train_from_corpus(corpus: Path, taxonomy: str) -> dict[str, Any]:
    return train_on(corpus_examples(corpus_documents(corpus), taxonomy), taxonomy)


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
        predicted = classify_pillars(doc.activities, doc.sections, taxonomy, model=model)
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
