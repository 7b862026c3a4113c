"""Family: running words of a scan whose tone marks OCR misread ("Đây mạnh" for "Đẩy mạnh",
"tô chức", "triên khai", "Hễ trợ"): put back from the pairs of neighbouring words the digital
texts hold; words spelt right, names and lines the counts know are never changed."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_extract import config
from plan_extract.readers.pdf.ocr import fix_header_words
from plan_extract.readers.pdf.tones import _coarse, neighbours, restore_tones


@pytest.mark.parametrize("read, printed", [
    ("Đây mạnh công tác tuyên truyền", "Đẩy mạnh công tác tuyên truyền"),
    ("- Tô chức triên khai thực hiện", "- Tổ chức triển khai thực hiện"),
    ("Hễ trợ đào tạo cho cán bộ", "Hỗ trợ đào tạo cho cán bộ"),
    ("nâng cao chât lượng dịch vụ", "nâng cao chất lượng dịch vụ"),
    ("ĐÂY MẠNH CÔNG TÁC", "ĐẨY MẠNH CÔNG TÁC"),  # a word keeps its case
])
def test_misread_tone_marks_are_put_back(read, printed):
    assert restore_tones(read) == printed


def test_scanned_lines_go_through_the_restorer():
    assert fix_header_words("b) Đây mạnh ứng dụng công nghệ") == "b) Đẩy mạnh ứng dụng công nghệ"


@pytest.mark.parametrize("line", [
    "Ông Vũ Việt Linh - Thư ký đoàn",           # a name inside the line keeps its letters
    "Phụ trách chung; chỉ đạo các thành viên",   # ';' parts the words: no pair "chung chỉ"
    "mỗi năm trồng 33,0 ha",                     # one neighbour says "trong": not enough to drop marks
    "Phát triển kinh tế - xã hội",               # spelt right
])
def test_words_read_right_or_without_evidence_are_left_alone(line):
    assert restore_tones(line) == line


@cache
def _chains() -> dict[str, list[str]]:
    after: dict[str, list[str]] = defaultdict(list)
    for pair, n in config.ocr_bigrams().bigrams.items():
        if n >= 5:
            a, b = pair.split(" ")
            after[a].append(b)
    return dict(after)


@settings(max_examples=200, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(2, 8))
def test_a_line_of_pairs_the_digital_texts_hold_is_never_changed(rnd: random.Random, length: int):
    chains = _chains()
    word = rnd.choice(sorted(chains))
    words = [word]
    while len(words) < length and words[-1] in chains:
        words.append(rnd.choice(chains[words[-1]]))
    line = " ".join(words)
    assert restore_tones(line) == line


_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet=_LETTERS, min_size=1, max_size=7),
                          st.sampled_from([" ", ", ", "; ", " 12 ", "(", ") "])), min_size=1, max_size=14))
def test_only_tone_marks_and_look_alike_letters_of_words_change(parts: list[str]):
    line = "".join(parts)
    out = restore_tones(line)
    split = re.compile(r"([^\W\d_]+)")
    before, after = split.split(line), split.split(out)
    assert len(before) == len(after)
    for i, (a, b) in enumerate(zip(before, after, strict=True)):
        if i % 2:  # a word: its letters as OCR keeps them are the same
            assert _coarse(a) == _coarse(b)
        else:      # what parts the words is never touched
            assert a == b


def test_the_counts_pair_only_words_no_sentence_end_parts():
    assert list(neighbours("tổ chức, triển khai. Hội nghị")) == [
        ("tổ", "chức"), ("chức", "triển"), ("triển", "khai"), ("hội", "nghị")]
