"""One spelling for comparison: new tone placement, NFC, odd spaces, UBND = Ủy ban nhân dân."""

from __future__ import annotations

import unicodedata

import pytest

from plan_extract.lexicon.textnorm import canonical_tones, clean_chars, fold, strip_diacritics


@pytest.mark.parametrize(("old", "new"), [
    ("hoá", "hóa"), ("Văn hoá", "Văn hóa"), ("HOÁ", "HÓA"), ("hoà bình", "hòa bình"),
    ("thuỷ", "thủy"), ("Thuỷ lợi", "Thủy lợi"), ("Uỷ ban", "Ủy ban"), ("uỷ quyền", "ủy quyền"),
    ("khoẻ", "khỏe"), ("toà án", "tòa án"), ("xoá", "xóa"),
])
def test_old_tone_placement_becomes_new(old, new):
    assert canonical_tones(old) == new
    assert clean_chars(old) == new


@pytest.mark.parametrize("word", ["quý", "Quý", "quỳ", "hoàn", "hoạch", "toán", "khuya", "thuyền"])
def test_words_that_are_already_canonical_are_unchanged(word):
    assert clean_chars(word) == word


def test_clean_chars_composes_and_replaces_odd_spaces_but_keeps_lines():
    decomposed = unicodedata.normalize("NFD", "Kế hoạch")
    assert clean_chars(decomposed) == "Kế hoạch"
    assert clean_chars("a\u00a0b\u2009c\u200bd\te") == "a b c d e"
    assert clean_chars("dòng một\ndòng hai") == "dòng một\ndòng hai"


@pytest.mark.parametrize(("a", "b"), [
    ("hoá", "hóa"),
    ("UBND tỉnh Tiền Giang", "Ủy ban nhân dân tỉnh Tiền Giang"),
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("Văn\u00a0hóa", "Văn hóa"),
    ("  Văn   hóa - Xã hội ", "văn hóa - xã hội"),
    ("Văn hóa – Xã hội", "Văn hóa - Xã hội"),
    ("VĂN HOÁ", "văn hóa"),
    (unicodedata.normalize("NFD", "Thủy"), "thủy"),
])
def test_fold_equal(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("a", "b"), [("hóa", "hoa"), ("Sở Y tế", "Sở Nội vụ"), ("quý", "quy")])
def test_fold_keeps_real_differences(a, b):
    assert fold(a) != fold(b)


def test_fold_of_none_is_empty():
    assert fold(None) == ""


def test_strip_diacritics():
    assert strip_diacritics("Bền vững Đồng Tháp") == "Ben vung Dong Thap"
