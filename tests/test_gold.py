"""Regression on the headline metric: the corpus scored against its hand-made gold."""

from __future__ import annotations

import json

import pytest
from helpers import CORPUS, GOLD_DIR

from plan_extract.cli import load_thresholds
from plan_extract.evaluation.scoring import Counts, score_document, validate


def test_every_corpus_document_has_a_gold_file(gold_docs):
    assert CORPUS, "no corpus documents found"
    assert sorted(p.stem for p in CORPUS) == sorted(gold_docs)
    names = {p.stem: p.name for p in CORPUS}
    for name, gold in gold_docs.items():
        assert gold["gold_version"] == 1
        assert gold["source_file"] == names[name]


def test_thresholds_file_names_known_scores():
    thresholds = load_thresholds(GOLD_DIR)
    assert set(thresholds) == {"metadata", "references_f1", "activities_f1", "section_path", "agency",
                               "pillar_declared_accuracy"}
    assert set(thresholds) <= set(Counts().scores())


def test_seeds_meet_the_thresholds(seed_outputs):
    thresholds = load_thresholds(GOLD_DIR)
    report = validate(seed_outputs, GOLD_DIR, thresholds)
    notes = {name: d["notes"] for name, d in report.documents.items() if d["notes"]}
    assert report.missing == []
    assert report.failures == [], notes
    for name, minimum in thresholds.items():
        assert report.overall[name] is not None and report.overall[name] >= minimum, (name, notes)


@pytest.mark.parametrize("seed", [p.stem for p in CORPUS])
def test_kind_and_activity_presence_match_gold(seed, seed_outputs, gold_docs):
    pred = json.loads((seed_outputs / f"{seed}.json").read_text("utf-8"))
    gold = gold_docs[seed]
    assert pred["kind"] == gold["kind"]
    counts, notes = score_document(pred, gold)
    assert (counts.act_pred > 0) == bool(gold["activities"]), notes
