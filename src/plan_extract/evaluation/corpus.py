"""The corpus folder through the pipeline, pillars not yet set: what training and the
leave-one-document-out evaluation learn from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..document import Document
from ..pipeline import extract_path
from ..readers import suffixes
from ..taxonomy.training import corpus_examples, train_on


def corpus_documents(corpus: Path) -> dict[str, Document]:
    """Every readable document of the corpus folder, by file stem, pillars not yet set."""
    out = {}
    known = suffixes()
    for path in sorted(p for p in corpus.rglob("*") if p.suffix.lower() in known):
        try:
            out[path.stem] = extract_path(path, taxonomy=None)
        except Exception:  # unreadable files are the batch's business, not training's
            continue
    return out


def train_from_corpus(corpus: Path, taxonomy: str) -> dict[str, Any]:
    """The classifier's counts from what the corpus declares (`plan-extract train`)."""
    return train_on(corpus_examples(corpus_documents(corpus), taxonomy), taxonomy)
