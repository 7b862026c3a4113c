"""Training data and training of the pillar classifier.

The training set is what the corpus declares: every activity a heading or its own lead
phrase assigns to a pillar (Rule 1) is a labelled example, found by the same rule the
pipeline applies, never read from gold (`evaluation.corpus` runs the corpus through the
pipeline). A taxonomy may add examples in
`data/taxonomies/<name>/train.jsonl` ({"text": …, "label": …} per line).
"""

from __future__ import annotations

import json
from typing import Any

from ..document import Document
from . import load_taxonomy, taxonomy_dir
from .classifier import declared_labels, train


def declared_examples(doc: Document, taxonomy: str) -> list[tuple[str, str]]:
    labels = declared_labels(doc.activities, doc.sections, load_taxonomy(taxonomy))
    return [(a.text, found[0]) for a, found in zip(doc.activities, labels, strict=True) if found]


def extra_examples(taxonomy: str) -> list[tuple[str, str]]:
    path = taxonomy_dir(taxonomy) / "train.jsonl"
    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [(r["text"], r["label"]) for r in rows]


def corpus_examples(documents: dict[str, Document],
                    taxonomy: str) -> dict[str, list[tuple[str, str]]]:
    """The declared examples of each document, by stem (in stem order)."""
    return {stem: declared_examples(doc, taxonomy) for stem, doc in sorted(documents.items())}


def train_on(examples: dict[str, list[tuple[str, str]]], taxonomy: str,
             exclude: str | None = None) -> dict[str, Any]:
    """Train on every document's examples but `exclude`'s, plus the taxonomy's own."""
    pooled = [e for stem, rows in examples.items() if stem != exclude for e in rows]
    return train(pooled + extra_examples(taxonomy), load_taxonomy(taxonomy))
