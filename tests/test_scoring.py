"""The gold scorer: one-to-one in-order alignment, folded comparison, missing outputs."""

from __future__ import annotations

import json

import pytest

from plan_extract.evaluation.scoring import align_activities, score_document, validate


def test_alignment_is_by_folded_prefix():
    pairs = align_activities(["Tăng cường công tác tuyên truyền về ASEAN.", "Tổ chức hội nghị."],
                             ["tăng cường  công tác", "Tổ chức hội"])
    assert pairs == [(0, 0), (1, 1)]


def test_alignment_treats_tone_placement_and_ubnd_as_equal():
    assert align_activities(["Uỷ ban nhân dân tỉnh tổ chức văn hoá cơ sở."],
                            ["UBND tỉnh tổ chức văn hóa"]) == [(0, 0)]


def test_alignment_is_one_to_one():
    # Two identical predictions cannot both claim the single gold item, and vice versa.
    assert align_activities(["Tổ chức hội nghị.", "Tổ chức hội nghị."], ["Tổ chức hội nghị"]) == [(0, 0)]
    assert align_activities(["Tổ chức hội nghị."], ["Tổ chức", "Tổ chức hội"]) == [(0, 0)]


def test_alignment_keeps_order_and_finds_the_largest_matching():
    pred = ["B việc hai.", "A việc một.", "C việc ba.", "D việc bốn."]
    gold = ["A việc", "B việc", "C việc", "D việc"]
    pairs = align_activities(pred, gold)
    assert len(pairs) == 3
    assert [p for p, _ in pairs] == sorted(p for p, _ in pairs)
    assert [g for _, g in pairs] == sorted(g for _, g in pairs)
    assert all(pred[p].startswith(gold[g]) for p, g in pairs)


def test_alignment_skips_spurious_and_missed_items():
    pred = ["Ảnh minh họa", "Tổ chức hội nghị.", "In tài liệu."]
    gold = ["Tổ chức hội nghị", "Biên soạn tài liệu", "In tài liệu"]
    assert align_activities(pred, gold) == [(1, 0), (2, 2)]


def test_alignment_of_nothing():
    assert align_activities([], ["Tổ chức"]) == []
    assert align_activities(["Tổ chức"], []) == []


GOLD = {
    "kind": "plan",
    "metadata": {"doc_type": "Kế hoạch", "doc_number": "179/KH-UBND",
                 "issuer": "Ủy ban nhân dân tỉnh Tiền Giang", "issue_date": "2017-06-15",
                 "period": [2016, 2025], "signer": None},
    "references": [
        {"doc_type": "Quyết định", "doc_number": "161/QĐ-TTg", "issue_date": "2016-01-25"},
        {"doc_type": "Luật", "doc_number": None, "title": "Luật Tổ chức chính quyền địa phương",
         "issue_date": "2015-06-19"},
    ],
    "activities": [
        {"id": 1, "text_start": "Tăng cường sự tham gia", "section_path": "II.1", "agency": None},
        {"id": 2, "text_start": "Nâng cao năng lực", "section_path": "II.1", "agency": None},
        {"id": 3, "text_start": "Chủ trì, phối hợp", "section_path": "III.1",
         "agency": "Sở Văn hóa, Thể thao và Du lịch"},
    ],
}


def _pred(**changes):
    pred = {
        "kind": "plan",
        "metadata": {"doc_type": "Kế hoạch", "doc_number": "179/KH-UBND",
                     "issuer": "UBND tỉnh Tiền Giang", "issue_date": "2017-06-15",
                     "period": [2016, 2025], "signer": None},
        "references": [
            {"doc_type": "Quyết định", "doc_number": "161/QĐ-TTg", "issue_date": "2016-01-25"},
            {"doc_type": "Luật", "doc_number": None, "title": "Luật Tổ chức chính quyền địa phương",
             "issue_date": "2015-06-19"},
        ],
        "activities": [
            {"text": "Tăng cường sự tham gia của các bên.", "section_path": "II.1", "agency": None},
            {"text": "Nâng cao năng lực cho cán bộ.", "section_path": "II.1", "agency": None},
            {"text": "Chủ trì, phối hợp với các sở.", "section_path": "III.1",
             "agency": "Sở Văn hoá, Thể thao và Du lịch"},
        ],
    }
    pred.update(changes)
    return pred


def test_a_faithful_prediction_scores_perfectly():
    counts, notes = score_document(_pred(), GOLD)
    scores = counts.scores()
    assert scores["metadata"] == 1.0 and scores["metadata_spurious"] == 0
    assert scores["references_f1"] == 1.0 and scores["references_date"] == 1.0
    assert scores["activities_f1"] == 1.0
    assert scores["section_path"] == 1.0 and scores["agency"] == 1.0
    assert notes == []


def test_wrong_and_spurious_metadata_are_counted():
    pred = _pred(metadata={**_pred()["metadata"], "doc_number": "179/QĐ-UBND",
                           "signer": "Trần Thanh Đức"})
    counts, notes = score_document(pred, GOLD)
    assert counts.metadata_filled == 5 and counts.metadata_correct == 4
    assert counts.metadata_spurious == 1
    assert any("doc_number" in n for n in notes) and any("spurious" in n for n in notes)


def test_missed_activity_lowers_recall_only():
    pred = _pred(activities=_pred()["activities"][:2])
    scores = score_document(pred, GOLD)[0].scores()
    assert scores["activities_precision"] == 1.0
    assert scores["activities_recall"] == pytest.approx(2 / 3)


def test_spurious_reference_lowers_precision_only():
    refs = _pred()["references"] + [{"doc_type": "Nghị định", "doc_number": "30/2020/NĐ-CP"}]
    scores = score_document(_pred(references=refs), GOLD)[0].scores()
    assert scores["references_recall"] == 1.0
    assert scores["references_precision"] == pytest.approx(2 / 3)


def test_wrong_reference_date_is_reported_on_a_match():
    refs = [dict(_pred()["references"][0], issue_date="2016-01-26"), _pred()["references"][1]]
    counts, _ = score_document(_pred(references=refs), GOLD)
    assert counts.ref_matched == 2 and counts.ref_date_correct == 1


def test_wrong_path_and_agency_on_matched_activities():
    acts = [dict(a) for a in _pred()["activities"]]
    acts[0]["section_path"] = "II.2"
    acts[2]["agency"] = "Sở Y tế"
    scores = score_document(_pred(activities=acts), GOLD)[0].scores()
    assert scores["section_path"] == pytest.approx(2 / 3)
    assert scores["agency"] == pytest.approx(2 / 3)


def _write(folder, name, data):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_missing_output_counts_against_recall_and_fails(tmp_path):
    gold_dir, out_dir = tmp_path / "gold", tmp_path / "out"
    _write(gold_dir, "a.gold.json", {**GOLD, "source_file": "a.txt"})
    _write(gold_dir, "b.gold.json", {**GOLD, "source_file": "b.txt"})
    _write(out_dir, "a.json", _pred())
    report = validate(out_dir, gold_dir, {"activities_f1": 0.5})
    assert report.missing == ["b"]
    assert report.overall["activities_recall"] == pytest.approx(0.5)
    assert report.overall["activities_precision"] == 1.0
    assert report.overall["references_recall"] == pytest.approx(0.5)
    assert any("no output" in f for f in report.failures)


def test_validate_passes_and_fails_on_thresholds(tmp_path):
    gold_dir, out_dir = tmp_path / "gold", tmp_path / "out"
    _write(gold_dir, "a.gold.json", {**GOLD, "source_file": "a.txt"})
    _write(out_dir, "a.json", _pred(activities=_pred()["activities"][:2]))
    assert validate(out_dir, gold_dir, {"activities_f1": 0.7}).failures == []
    failures = validate(out_dir, gold_dir, {"activities_f1": 0.9}).failures
    assert len(failures) == 1 and failures[0].startswith("activities_f1 0.800")
