"""Site adapters on the saved pages of the national legal database and a portal article."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_extract.pipeline import extract_path
from plan_extract.readers import read_document

HTML = Path(__file__).parent / "fixtures" / "corpus-extra" / "html"


def test_old_attribute_page_gives_its_attributes_and_they_reach_the_metadata():
    path = HTML / "vbpl_old_thuoctinh_bo_luat_101_2015.html"
    raw = read_document(path)
    assert raw.source.adapter == "vbpl-old-thuoctinh"
    assert raw.attributes["doc_number"] == "101/2015/QH13"
    assert raw.attributes["issue_date"] == "2015-11-27"
    assert raw.attributes["effective_date"] == "2018-01-01"
    assert raw.attributes["doc_type"] == "Bộ luật"
    assert raw.attributes["issuer"] == "Quốc hội"
    assert raw.attributes["signer"] == "Nguyễn Sinh Hùng"
    assert raw.attributes["status"] == "Còn hiệu lực"
    doc = extract_path(path)
    assert (doc.metadata.doc_number, doc.metadata.signer) == ("101/2015/QH13", "Nguyễn Sinh Hùng")
    assert "adapter" in doc.metadata_provenance["doc_number"].confirmed_by


def test_old_full_text_page_gives_the_text_of_toanvancontent():
    raw = read_document(HTML / "vbpl_old_toanvan_hien_phap_2013.html")
    assert raw.source.adapter == "vbpl-old-toanvan"
    assert raw.attributes["effective_date"] == "2014-01-01"
    assert raw.attributes["doc_type"] == "Hiến pháp" and "doc_number" not in raw.attributes
    assert raw.attributes["status"] == "Còn hiệu lực"
    lines = raw.text.splitlines()
    assert lines[0] == "HIẾN PHÁP"
    assert "Chương I" in lines and "Điều 1" in lines
    assert not any(line == "Văn bản quy phạm pháp luật" for line in lines)  # site navigation


def test_2026_layout_gives_text_title_and_dates():
    path = HTML / "vbpl_new_qd_47_2025_ttg.html"
    raw = read_document(path)
    assert raw.source.adapter == "vbpl-2026"
    assert raw.attributes["effective_date"] == "2026-01-25"
    assert raw.attributes["doc_number"] == "47/2025/QĐ-TTg"
    assert raw.text.splitlines()[0].startswith("THỦ TƯỚNG CHÍNH PHỦ")
    assert "Lược đồ" not in raw.text  # the tab bar is not document text
    doc = extract_path(path)
    assert doc.kind == "decision"
    assert doc.metadata.issue_date == "2025-12-11"
    assert doc.metadata.effective_date == "2026-01-25"


def test_portal_article_gives_title_date_and_body_only():
    path = HTML / "ninhbinh_news_thong_tin_quy_hoach_5.html"
    raw = read_document(path)
    assert raw.source.adapter == "portal-news"
    lines = raw.text.splitlines()
    assert lines[0] == "Hội nghị rà soát, triển khai Kế hoạch tổ chức Festival lần thứ III năm 2024"
    assert raw.attributes["published_date"] == "2024-10-31"
    assert all("anh tin bai" not in line for line in lines)
    assert lines[-1].endswith(".")  # the body runs to its last sentence
    doc = extract_path(path)
    assert doc.kind == "news" and doc.metadata.published_date == "2024-10-31"
    assert doc.metadata_provenance["published_date"].provenance == "adapter"


@pytest.mark.parametrize("name", ["vbpl_old_thuoctinh_bo_luat_101_2015.html", "vbpl_new_qd_47_2025_ttg.html"])
def test_a_fetch_sidecar_gives_the_url(tmp_path, name):
    page = tmp_path / name
    page.write_bytes((HTML / name).read_bytes())
    (tmp_path / (page.stem + ".meta.json")).write_text('{"url": "https://example.invalid/x"}', "utf-8")
    assert read_document(page).source.url == "https://example.invalid/x"
