"""The signer. Decree 30/2020/NĐ-CP puts the signature block bottom right, beside the
recipients ("Nơi nhận") bottom left: the authority ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"),
the signer's title ("PHÓ CHỦ TỊCH"), then the signer's full name."""

from __future__ import annotations

import re

from ...document import Line, Span
from ...lexicon import places
from ...lexicon.textnorm import is_upper, pattern
from ._data import _cfg
from .result import HeaderResult, line_span


def find_signer(lines: list[Line]) -> tuple[str, Span] | None:
    """The name under the signature title (TM./KT./CHỦ TỊCH …). The block sits beside
    "Nơi nhận" (recipients), so a dump may put the recipient list between title and name;
    without "Nơi nhận" the last title of the document is used."""
    titles = [pattern(p) for p in _cfg().national.signature_titles]
    stop = set(_cfg().national.not_name_words)
    anchor = next((i for i, ln in enumerate(lines) if ln.text.startswith("Nơi nhận")), None)
    if anchor is not None:
        order = list(range(max(0, anchor - 6), min(len(lines), anchor + 25)))
    else:
        order = list(range(len(lines) - 1, -1, -1))
    for i in order:
        # "- Lưu: VT, VLXD. | BỘ TRƯỞNG": the block's first line in the recipients' row.
        cells = [lines[i].text, *lines[i].text.split(" | ")[1:]]
        if not any(t.search(cell) for t in titles for cell in cells):
            continue
        # "KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG (Đã ký) Bùi Thanh Sơn": the block flattened to one line.
        same_line = re.search(r"\((?:Đã ký|đã ký|Ký)[^)]*\)\s*(.+)$", lines[i].text)
        candidates = [(same_line.group(1), lines[i])] if same_line else []
        if not same_line and (tail := _name_after_titles(lines[i].text)):
            candidates.append((tail, lines[i]))
        candidates += [(ln.text, ln) for ln in lines[i + 1:i + 20]]
        for text, ln in candidates:
            words = text.replace("|", " ").split()
            if (2 <= len(words) <= 5 and all(w[:1].isupper() and w.isalpha() for w in words)
                    and not stop.intersection(words) and not places.is_place_name(text)):
                name = " ".join(w if not w.isupper() else w[:1] + w[1:].lower() for w in words)
                return name, line_span(ln)
        if anchor is None:
            return None
    return None


def _name_after_titles(text: str) -> str | None:
    """ "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Thị Ngọc Điệp": a block joined
    into one line (a converter's paragraph) ends with the name, the only words in title case
    after the capitals of the titles."""
    words = text.split()
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper() and not words[k - 1].isupper() and words[k - 1].isalpha():
        k -= 1
    head = " ".join(words[:k])
    if k == len(words) or not head or not is_upper(head):
        return None
    return " ".join(words[k:])


def read_signer(res: HeaderResult, lines: list[Line]) -> None:
    """signer, a name in capitals title-cased ("TRẦN THANH ĐỨC": "Trần Thanh Đức")."""
    signer = find_signer(lines)
    if signer:
        res.put("signer", signer[0], "signature", signer[1])
