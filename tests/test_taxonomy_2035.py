"""The second taxonomy (ASCC Strategic Plan 2026-2035, Decision 155/QĐ-TTg of 20/01/2026) and
the rule that picks it: plans citing the decision get its 12 goals, every other plan keeps
ASCC 2025's A-E, and --taxonomy overrides the choice."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from helpers import RAW_DIR, extract_text

import plan_extract
from plan_extract import taxonomy
from plan_extract.analysis.frames import load
from plan_extract.analysis.report import NONE, pillar_styles
from plan_extract.cli import app
from plan_extract.config import report as report_settings
from plan_extract.document import Activity, Section, Span
from plan_extract.evaluation.corpus import train_from_corpus
from plan_extract.taxonomy import classifier, selection

GOALS = tuple(f"SG{n}" for n in range(1, 13))

PLAN_2035 = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 45/KH-UBND
An Giang, ngày 10 tháng 3 năm 2026
KẾ HOẠCH
Triển khai Chương trình hành động thực hiện các mục tiêu Cộng đồng Văn hóa - Xã hội ASEAN năm 2026
Căn cứ Quyết định số 155/QĐ-TTg ngày 20/01/2026 của Thủ tướng Chính phủ phê duyệt Chương trình hành động;
Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC TIÊU
1. Mục tiêu chung
Triển khai có hiệu quả Chương trình hành động trên địa bàn tỉnh.
2. Mục tiêu chiến lược 1: xây dựng Cộng đồng lấy người dân làm trung tâm
- Đến năm 2030, trên 90% cán bộ, công chức có hiểu biết cơ bản về ASEAN.
II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Mục tiêu chiến lược 4: xây dựng Cộng đồng ASEAN khỏe mạnh
- Tổ chức tập huấn cho cán bộ y tế cơ sở.
- Tổ chức hội nghị chuyên đề cho cán bộ.
2. Nhiệm vụ khác
- Trồng rừng, bảo tồn đa dạng sinh học và xử lý chất thải rắn sinh hoạt.
- Phòng chống thiên tai, tìm kiếm cứu nạn.
"""

PLAN_2025 = PLAN_2035.replace(
    "Căn cứ Quyết định số 155/QĐ-TTg ngày 20/01/2026 của Thủ tướng Chính phủ phê duyệt Chương trình "
    "hành động;", "Căn cứ Quyết định số 161/QĐ-TTg ngày 25/01/2016 của Thủ tướng Chính phủ phê duyệt "
    "Đề án xây dựng và triển khai Kế hoạch thực hiện các mục tiêu của Cộng đồng Văn hóa - Xã hội ASEAN "
    "đến năm 2025;").replace("ngày 10 tháng 3 năm 2026", "ngày 10 tháng 3 năm 2022")


def _section(path: str, heading: str) -> Section:
    return Section(path=path, kind="number", marker="1.", heading=heading, span=Span(start=0, end=1))


def _activity(text: str, path: str | None = None) -> Activity:
    return Activity(id=1, text=text, section_path=path, span=Span(start=0, end=1))


# --- the data ---------------------------------------------------------------------------


def test_the_2035_taxonomy_loads_and_validates():
    tax = taxonomy.load_taxonomy("ascc_2035")
    assert "ascc_2035" in taxonomy.available_taxonomies()
    assert tax.name == "ascc_2035" and tax.codes == GOALS
    assert "155/QĐ-TTg" in tax.data.title and "paraphrased" in tax.data.source
    assert all(el.code.startswith(f"{goal.code}.") for goal in tax.data.pillars for el in goal.elements)


def test_every_goal_has_names_declaring_phrases_keywords_and_a_mapping():
    characteristics = set(taxonomy.load_taxonomy("ascc_2025").codes)
    for goal in taxonomy.load_taxonomy("ascc_2035").data.pillars:
        assert goal.en.strip() and goal.vi.strip(), goal.code
        assert goal.declaring, goal.code
        assert goal.elements and all(el.keywords for el in goal.elements), goal.code
        assert goal.maps_to is not None and goal.mapping_note, goal.code
        assert set(goal.maps_to) <= characteristics, (goal.code, goal.maps_to)
        for code in goal.maps_to:  # the note says why each characteristic is there
            assert re.search(rf"\b{code}\b", goal.mapping_note), (goal.code, code)


def test_the_goals_reported_with_their_number_declare_it_and_the_others_are_marked():
    for goal in taxonomy.load_taxonomy("ascc_2035").data.pillars:
        n = goal.code.removeprefix("SG")
        numbered = f"mục tiêu chiến lược {n}" in goal.declaring
        assert numbered != goal.provisional, goal.code  # a number only where it is reported


@pytest.mark.parametrize(("heading", "goal"), [
    ("Mục tiêu chiến lược 4: xây dựng Cộng đồng ASEAN khỏe mạnh", "SG4"),
    ("MỤC TIÊU CHIẾN LƯỢC SỐ 2", "SG2"),
    ("Thực hiện mục tiêu chiến lược 6", "SG6"),
    ("Xây dựng Cộng đồng ASEAN có bản sắc chung", "SG6"),
    ("Tối ưu hóa lợi thế dân số, phát triển lực lượng lao động có tay nghề cao", "SG3"),
    ("Tăng cường trao quyền cho phụ nữ tham gia xây dựng Cộng đồng ASEAN", "SG8"),
    ("Xay dung Cong dong ASEAN khoe manh", "SG4"),  # diacritics lost in the scrape
])
def test_a_heading_naming_a_goal_declares_it(heading, goal):
    act = _activity("Tổ chức hội nghị tập huấn cho cán bộ.", path="II.1")
    [out] = classifier.assign_pillars([act], [_section("II.1", heading)], "ascc_2035")
    assert (out.pillar, out.pillar_source, out.pillar_confidence) == (goal, "declared", 1.0)
    assert out.evidence == [heading]


@pytest.mark.parametrize("heading", [
    "Mục tiêu chiến lược 12: môi trường bền vững",  # 12 is not 1
    "Xây dựng cộng đồng khỏe mạnh",  # a community, not the ASEAN Community of goal 4
    "Công tác tuyên truyền",
])
def test_other_headings_declare_no_goal(heading):
    act = _activity("Tổ chức hội nghị tập huấn cho cán bộ.", path="II.1")
    [out] = classifier.assign_pillars([act], [_section("II.1", heading)], "ascc_2035")
    assert out.pillar_source == "judged"


@pytest.mark.parametrize(("text", "goal"), [
    ("Tổ chức tiêm chủng, phòng chống dịch bệnh và nâng cao chất lượng khám chữa bệnh.", "SG4"),
    ("Trồng rừng, bảo tồn đa dạng sinh học và xử lý chất thải rắn sinh hoạt.", "SG12"),
    ("Phòng chống thiên tai, tìm kiếm cứu nạn, sơ tán dân khi có bão lũ.", "SG10"),
    ("Thực hiện chính sách giảm nghèo, hỗ trợ người khuyết tật và người cao tuổi.", "SG2"),
    ("Bảo tồn và phát huy giá trị di sản văn hóa, tổ chức lễ hội truyền thống.", "SG6"),
    ("Đào tạo nghề, giải quyết việc làm cho người lao động.", "SG3"),
])
def test_the_2035_model_judges_by_the_goal_keywords(text, goal):
    [out] = classifier.assign_pillars([_activity(text)], [], "ascc_2035")
    assert (out.pillar, out.pillar_source) == (goal, "judged")
    assert set(out.pillar_scores) == set(GOALS) and out.element.startswith(f"{goal}.")


def test_the_2035_model_is_small_and_its_training_output():
    shipped_path = classifier.model_path("ascc_2035")
    assert shipped_path.stat().st_size < 100_000
    shipped = json.loads(shipped_path.read_text("utf-8"))
    trained = train_from_corpus(RAW_DIR, "ascc_2035")
    assert shipped == json.loads(json.dumps(trained)), "run `make train` after changing the taxonomy"
    assert shipped["taxonomy"] == "ascc_2035" and set(shipped["counts"]) == set(GOALS)


# --- the choice -------------------------------------------------------------------------


def test_a_plan_citing_decision_155_of_2026_is_classified_with_its_goals():
    doc = extract_text(PLAN_2035)
    assert ("155/QĐ-TTg", "2026-01-20") in [(r.doc_number, r.issue_date) for r in doc.references]
    assert doc.taxonomy == "ascc_2035"
    assert [(a.section_path, a.pillar, a.pillar_source) for a in doc.activities] == [
        ("II.1", "SG4", "declared"), ("II.1", "SG4", "declared"),
        ("II.2", "SG12", "judged"), ("II.2", "SG10", "judged")]
    assert json.loads(doc.model_dump_json())["taxonomy"] == "ascc_2035"


def test_a_plan_citing_decision_161_keeps_ascc_2025():
    doc = extract_text(PLAN_2025)
    assert "161/QĐ-TTg" in [r.doc_number for r in doc.references]
    assert doc.taxonomy == "ascc_2025"
    assert {a.pillar for a in doc.activities} <= set("ABCDE")
    assert [a.pillar for a in doc.activities][2:] == ["C", "D"]


def test_decision_155_of_another_year_is_another_decision():
    """155/QĐ-TTg of 29/01/2022 is the national plan on non-communicable diseases."""
    text = PLAN_2025.replace("161/QĐ-TTg ngày 25/01/2016", "155/QĐ-TTg ngày 29/01/2022")
    doc = extract_text(text)
    assert ("155/QĐ-TTg", "2022-01-29") in [(r.doc_number, r.issue_date) for r in doc.references]
    assert doc.taxonomy == "ascc_2025"


def test_an_undated_citation_counts_in_a_plan_of_2026():
    cited = "Căn cứ Quyết định số 155/QĐ-TTg của Thủ tướng Chính phủ phê duyệt Chương trình hành động;"
    text = PLAN_2035.replace(
        "Căn cứ Quyết định số 155/QĐ-TTg ngày 20/01/2026 của Thủ tướng Chính phủ phê duyệt Chương trình "
        "hành động;", cited)
    assert cited in text
    assert extract_text(text).taxonomy == "ascc_2035"
    assert extract_text(text.replace("năm 2026", "năm 2022")).taxonomy == "ascc_2025"


@pytest.mark.parametrize(("named", "chosen"), [
    ("Kế hoạch chiến lược Cộng đồng Văn hóa - Xã hội ASEAN tại Việt Nam giai đoạn 2026-2035", "ascc_2035"),
    ("KẾ HOẠCH CHIẾN LƯỢC CỘNG ĐỒNG VĂN HOÁ-XÃ HỘI ASEAN giai đoạn 2026 - 2035", "ascc_2035"),
    ("Kế hoạch chiến lược ASCC đến năm 2035", "ascc_2035"),
    ("Kế hoạch tổng thể Cộng đồng Văn hóa - Xã hội ASEAN đến năm 2025", "ascc_2025"),
    # the period too far from the name: another plan's
    ("Kế hoạch chiến lược Cộng đồng Văn hóa - Xã hội ASEAN; Quy hoạch tỉnh thời kỳ 2021 - 2030, "
     "tầm nhìn đến năm 2050 và chương trình phát triển đô thị đến 2035", "ascc_2025"),
])
def test_naming_the_strategic_plan_with_its_period_selects_ascc_2035(named, chosen):
    text = PLAN_2025.replace("Triển khai Chương trình hành động thực hiện các mục tiêu Cộng đồng Văn hóa - "
                             "Xã hội ASEAN năm 2026", f"Triển khai {named}")
    assert named in text
    assert extract_text(text).taxonomy == chosen


def test_the_selection_facts_are_data():
    rules = dict(selection.selection_rules())
    assert set(rules) == {"ascc_2035"}  # ascc_2025 is the default: it needs no rule
    assert [(c.doc_number, c.year) for c in rules["ascc_2035"].cites] == [("155/QĐ-TTg", 2026)]


def test_an_explicit_taxonomy_overrides_the_automatic_choice(runner, tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "plan2035.txt").write_text(PLAN_2035, "utf-8")
    (folder / "plan2025.txt").write_text(PLAN_2025, "utf-8")

    def taxonomies(*args: str) -> dict[str, tuple[str, set[str]]]:
        result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "--quiet", *args])
        assert result.exit_code == 0, result.output
        docs = {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(out.glob("plan*.json"))}
        return {k: (d["taxonomy"], {a["pillar"] for a in d["activities"]}) for k, d in docs.items()}

    auto = taxonomies()
    assert auto["plan2035"][0] == "ascc_2035" and auto["plan2035"][1] <= set(GOALS)
    assert auto["plan2025"][0] == "ascc_2025" and auto["plan2025"][1] <= set("ABCDE")
    assert taxonomies("--taxonomy", "auto") == auto
    forced = taxonomies("--taxonomy", "ascc_2025")
    assert forced["plan2035"][0] == "ascc_2025" and forced["plan2035"][1] <= set("ABCDE")
    assert taxonomies("--taxonomy", "ascc_2035")["plan2025"][0] == "ascc_2035"
    assert plan_extract.extract(folder / "plan2035.txt", taxonomy="ascc_2025").taxonomy == "ascc_2025"
    assert plan_extract.extract(folder / "plan2035.txt").taxonomy == "ascc_2035"


def test_resume_of_an_automatic_run_keeps_what_the_choice_would_give(runner, tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "plan2035.txt").write_text(PLAN_2035, "utf-8")
    (folder / "plan2025.txt").write_text(PLAN_2025, "utf-8")
    extract = ["extract", str(folder), "-o", str(out), "--quiet"]
    assert runner.invoke(app, extract).exit_code == 0
    assert runner.invoke(app, [*extract, "--resume"]).exit_code == 0
    assert json.loads((out / "manifest.json").read_text("utf-8"))["resumed"] == 2
    # a run forced to ascc_2025: its 2035 plan is redone when the choice is automatic again
    assert runner.invoke(app, [*extract, "--taxonomy", "ascc_2025"]).exit_code == 0
    assert runner.invoke(app, [*extract, "--resume"]).exit_code == 0
    assert json.loads((out / "manifest.json").read_text("utf-8"))["resumed"] == 1
    assert json.loads((out / "plan2035.json").read_text("utf-8"))["taxonomy"] == "ascc_2035"


def test_a_broken_selection_file_stops_the_run_before_any_document(runner, tmp_path, monkeypatch):
    folder = tmp_path / "taxonomies"
    shutil.copytree(taxonomy.TAXONOMY_DIR, folder)
    (folder / "ascc_2035" / "selection.toml").write_text('[[cites]]\ndoc_number = "155/QĐ-TTg"\n',
                                                          "utf-8")
    monkeypatch.setattr(taxonomy, "TAXONOMY_DIR", folder)
    selection.selection_rules.cache_clear()
    try:
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "p.txt").write_text(PLAN_2035, "utf-8")
        result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
        assert result.exit_code == 2
        assert "broken data file" in result.output and "selection.toml" in result.output
        assert "year" in result.output
        assert not (tmp_path / "out" / "p.json").exists()
    finally:
        selection.selection_rules.cache_clear()


def test_a_report_lists_the_goals_of_the_taxonomies_its_documents_use(tmp_path):
    settings = report_settings()
    for name, text in (("old", PLAN_2025), ("new", PLAN_2035)):
        out = tmp_path / name
        out.mkdir()
        (out / "p.json").write_text(extract_text(text).model_dump_json(), "utf-8")
        codes = set(pillar_styles(load(out), settings)) - {NONE}
        assert codes == set("ABCDE" if name == "old" else GOALS), name
