"""Pillar mapping: declared by the document (Rule 1), judged by content (Rule 2)."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import REPO, SEEDS, extract_text

from plan_extract import taxonomy
from plan_extract.cli import app
from plan_extract.document import Activity, Section, Span
from plan_extract.evaluation.corpus import train_from_corpus
from plan_extract.taxonomy import classifier as pillars

HEADER = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 12/KH-UBND
An Giang, ngày 5 tháng 3 năm 2022
KẾ HOẠCH
Thực hiện các mục tiêu của Cộng đồng Văn hóa - Xã hội ASEAN năm 2022
II. NỘI DUNG
"""


def _activity(text: str, path: str | None = None, group: str | None = None) -> Activity:
    return Activity(id=1, text=text, section_path=path, group=group, span=Span(start=0, end=1))


def _section(path: str, heading: str) -> Section:
    return Section(path=path, kind="number", marker="1.", heading=heading, span=Span(start=0, end=1))


@pytest.mark.parametrize(("heading", "pillar"), [
    ("Triển khai các hoạt động xây dựng cộng đồng gắn kết và mang lại lợi ích cho người dân", "A"),
    ("Triển khai các hoạt động xây dựng cộng đồng hoà nhập", "B"),  # old tone placement
    ("Xây dựng cộng đồng tiến bộ, hòa nhập, bình đẳng", "B"),
    ("Xây dựng cộng đồng bn vững", "C"),  # a letter lost in the scrape
    ("XAY DUNG CONG DONG TU LUC TU CUONG", "D"),  # diacritics and commas lost
    ("Triển khai các hoạt động xây dựng cộng đồng năng động", "E"),
])
def test_a_heading_naming_a_pillar_declares_it_for_items_below(heading, pillar):
    act = _activity("Tổ chức hội nghị tập huấn cho cán bộ.", path="II.1")
    [out] = pillars.assign_pillars([act], [_section("II.1", heading)])
    assert (out.pillar, out.pillar_source, out.pillar_confidence) == (pillar, "declared", 1.0)
    assert out.evidence == [heading]


def test_the_item_own_lead_phrase_wins_over_its_heading():
    act = _activity("Xây dựng cộng đồng bền vững: trồng cây xanh, xử lý rác thải.", path="II.1")
    [out] = pillars.assign_pillars([act], [_section("II.1", "Xây dựng cộng đồng năng động")])
    assert (out.pillar, out.pillar_source) == ("C", "declared")


def test_ordinary_content_words_do_not_declare():
    act = _activity("Thực hiện giảm nghèo bền vững, hội nhập quốc tế.", path="II.1")
    [out] = pillars.assign_pillars([act], [_section("II.1", "Công tác tuyên truyền")])
    assert out.pillar_source == "judged"


@pytest.mark.parametrize(("text", "pillar"), [
    ("Tổ chức tiêm chủng, phòng chống dịch bệnh và nâng cao chất lượng khám chữa bệnh.", "D"),
    ("Trồng rừng, bảo tồn đa dạng sinh học và xử lý chất thải rắn sinh hoạt.", "C"),
    ("Tổ chức giao lưu văn hóa, thể thao và quảng bá du lịch với các nước ASEAN.", "E"),
    ("Thực hiện chính sách giảm nghèo, giải quyết việc làm và bình đẳng giới.", "B"),
    ("Kiểm tra, giám sát, tổng hợp báo cáo kết quả thực hiện Kế hoạch.", "A"),
])
def test_judged_by_the_main_action(text, pillar):
    [out] = pillars.assign_pillars([_activity(text)], [])
    assert out.pillar == pillar
    assert out.pillar_source == "judged"


def test_judged_activities_carry_scores_element_confidence_and_evidence():
    [out] = pillars.assign_pillars([_activity("Tổ chức tiêm chủng phòng chống dịch bệnh.")], [])
    assert set(out.pillar_scores) == set("ABCDE")
    assert abs(sum(out.pillar_scores.values()) - 1) < 0.01
    assert out.pillar_confidence == max(out.pillar_scores.values())
    assert out.element and out.element.startswith(out.pillar + ".")
    assert out.evidence
    assert out.low_confidence == (out.pillar_confidence < pillars.LOW_CONFIDENCE)


def test_every_activity_of_a_document_gets_a_pillar():
    doc = extract_text(HEADER + "1. Triển khai các hoạt động xây dựng cộng đồng bền vững\n"
                       "- Trồng cây xanh.\n2. Công tác khác\n- Zzq 0.000\n- Bà Rịa - Vũng Tàu;\n")
    assert doc.taxonomy == "ascc_2025"
    assert [a.pillar_source for a in doc.activities] == ["declared", "judged", "judged"]
    for a in doc.activities:
        assert a.pillar and a.pillar_confidence is not None and a.evidence


def test_training_is_reproducible_and_the_shipped_model_is_its_output(tmp_path):
    pytest.importorskip("sklearn")
    corpora = [SEEDS[0].parent, REPO / "corpus" / "incoming" / "raw"]
    gold = [REPO / "corpus" / "gold", REPO / "corpus" / "incoming" / "gold"]
    first = train_from_corpus(corpora, "ascc_2025", gold)
    second = train_from_corpus(corpora, "ascc_2025", gold)
    assert first == second
    shipped = json.loads(pillars.model_path("ascc_2025").read_text("utf-8"))
    assert shipped == json.loads(json.dumps(first)), "run `make train` after changing the corpus"
    assert sum(first["examples"].values()) > 0


def test_a_new_taxonomy_is_a_data_folder_and_a_train_run(tmp_path, monkeypatch, runner):
    """A second taxonomy needs only its folder under data/taxonomies/: `train` writes its
    model there, and `extract --taxonomy` uses it."""
    folder = tmp_path / "taxonomies"
    shutil.copytree(taxonomy.TAXONOMY_DIR, folder)
    tax = {"name": "toy", "title": "two goals", "source": "test", "pillars": [
        {"code": "G1", "en": "Health", "vi": "Sức khỏe", "declaring": ["mục tiêu sức khỏe"],
         "elements": [{"code": "G1.1", "en": "Health", "vi": "Y tế",
                       "keywords": ["tiêm chủng", "khám chữa bệnh", "dịch bệnh"]}]},
        {"code": "G2", "en": "Nature", "vi": "Thiên nhiên", "declaring": ["mục tiêu thiên nhiên"],
         "elements": [{"code": "G2.1", "en": "Forests", "vi": "Rừng",
                       "keywords": ["trồng rừng", "đa dạng sinh học", "rác thải"]}]}]}
    (folder / "toy").mkdir()
    (folder / "toy" / "taxonomy.json").write_text(json.dumps(tax, ensure_ascii=False), "utf-8")
    (folder / "toy" / "train.jsonl").write_text(
        json.dumps({"text": "Tổ chức tiêm chủng mở rộng", "label": "G1"}, ensure_ascii=False) + "\n",
        "utf-8")
    monkeypatch.setattr(taxonomy, "TAXONOMY_DIR", folder)
    pillars.load_taxonomy.cache_clear()
    pillars.load_model.cache_clear()
    try:
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        (corpus / "p.txt").write_text(HEADER + "1. Triển khai mục tiêu thiên nhiên\n- Trồng cây.\n"
                                      "2. Nhiệm vụ khác\n- Phòng chống dịch bệnh, tiêm chủng.\n", "utf-8")
        result = runner.invoke(app, ["train", str(corpus), "--taxonomy", "toy", "--package"])
        assert result.exit_code == 0, result.output
        assert (folder / "toy" / "model.json").exists()
        acts = [_activity("Phòng chống dịch bệnh, tiêm chủng."), _activity("Trồng rừng ven biển.")]
        out = pillars.assign_pillars(acts, [], "toy")
        assert [a.pillar for a in out] == ["G1", "G2"]
        result = runner.invoke(app, ["extract", str(corpus), "-o", str(tmp_path / "out"),
                                     "--taxonomy", "toy", "--quiet"])
        assert result.exit_code == 0, result.output
        doc = json.loads((tmp_path / "out" / "p.json").read_text("utf-8"))
        assert doc["taxonomy"] == "toy"
        assert [(a["pillar"], a["pillar_source"]) for a in doc["activities"]] == [
            ("G2", "declared"), ("G1", "judged")]
    finally:
        pillars.load_taxonomy.cache_clear()
        pillars.load_model.cache_clear()


def test_unknown_taxonomy_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path), "-o", str(tmp_path / "o"),
                                 "--taxonomy", "nope"])
    assert result.exit_code != 0
    assert "unknown taxonomy" in result.output


def test_leave_one_document_out_meets_its_threshold(runner):
    pytest.importorskip("sklearn")
    result = runner.invoke(app, ["evaluate", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["judged"]["n"] > 0
    assert report["judged"]["macro_f1"] >= report["minimum"]
    assert report["declared"]["accuracy"] == 1.0
    impossible = runner.invoke(app, ["evaluate", "corpus/raw", "--gold", "corpus/gold",
                                     "--min-judged-f1", "1.01"])
    assert impossible.exit_code == 1
