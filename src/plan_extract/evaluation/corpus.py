"""The corpus folders through the pipeline, pillars not yet set, and their gold items: what
training and the leave-one-document-out evaluation learn from."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..document import Document
from ..pipeline import extract_path
from ..readers import suffixes
from ..taxonomy.classifier import activity_contexts
from ..taxonomy.training import GoldItem, corpus_examples, train_on
from .scoring import align_activities


def _folders(corpus: Path | Iterable[Path]) -> list[Path]:
    return [corpus] if isinstance(corpus, Path | str) else [Path(c) for c in corpus]


def corpus_documents(corpus: Path | Iterable[Path]) -> dict[str, Document]:
    """Every readable document of the corpus folders, by file stem, pillars not yet set, with
    the working data kept (the title is context for the classifier)."""
    out = {}
    known = suffixes()
    for folder in _folders(corpus):
        for path in sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in known):
            try:
                out[path.stem] = extract_path(path, taxonomy=None, finish=False)
            except Exception:  # unreadable files are the batch's business, not training's
                continue
    return out


def gold_files(gold_dirs: Iterable[Path]) -> list[tuple[str, dict[str, Any]]]:
    """(document stem, gold) of every *.gold.json of the folders, in folder and name order."""
    out = []
    for folder in gold_dirs:
        for path in sorted(Path(folder).glob("*.gold.json")):
            gold = json.loads(path.read_text("utf-8"))
            out.append((Path(gold["source_file"]).stem, gold))
    return out


def gold_items(documents: dict[str, Document], gold_dirs: Iterable[Path]) -> list[GoldItem]:
    """Every gold activity with a pillar that the pipeline finds (aligned by text start, as
    `validate` does), with the pipeline's context for it."""
    items = []
    for stem, gold in gold_files(gold_dirs):
        doc = documents.get(stem)
        if doc is None:
            continue
        contexts = activity_contexts(doc.activities, doc.sections, doc.title)
        pairs = align_activities([a.text for a in doc.activities],
                                 [g["text_start"] for g in gold["activities"]])
        for pi, gi in pairs:
            g = gold["activities"][gi]
            if g.get("pillar"):
                items.append(GoldItem(stem, doc.activities[pi].text, contexts[pi], g["pillar"],
                                      g.get("pillar_alt"), g.get("pillar_source")))
    return items


def train_from_corpus(corpus: Path | Iterable[Path], taxonomy: str,
                      gold_dirs: Iterable[Path] = ()) -> dict[str, Any]:
    """The classifier from what the corpus declares and its gold (`plan-extract train`)."""
    documents = corpus_documents(corpus)
    return train_on(corpus_examples(documents, taxonomy), taxonomy,
                    items=gold_items(documents, gold_dirs))
