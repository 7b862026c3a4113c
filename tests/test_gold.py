"""Regression on the headline metric: the seeds scored against their hand-made gold."""

from __future__ import annotations

import json

import pytest
from helpers import GOLD_DIR, SEEDS

from plan_extract.cli import load_thresholds
from plan_extract.scoring import Counts, score_document, validate


def test_every_seed_has_a_gold_file(gold_docs):
    assert SEEDS, "no seed documents found"
    assert sorted(p.stem for p in SEEDS) == sorted(gold_docs)
    for name, gold in gold_docs.items():
        assert gold["gold_version"] == 1
        assert gold["source_file"] == f"{name}.txt"


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


@pytest.mark.parametrize("seed", [p.stem for p in SEEDS])
def test_seed_kind_matches_gold(seed, seed_outputs, gold_docs):
    pred = json.loads((seed_outputs / f"{seed}.json").read_text("utf-8"))
    gold = gold_docs[seed]
    assert pred["kind"] == gold["kind"]
    counts, notes = score_document(pred, gold)
    assert counts.act_pred > 0, notes
