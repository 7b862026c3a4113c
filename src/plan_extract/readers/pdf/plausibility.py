"""Is a page's text layer Vietnamese a reader could use? A text layer can exist and still be
useless: a font without a ToUnicode map comes out as "(cid:72)" codes, a private font as
private-use code points, a legacy font as letters that spell no Vietnamese syllable. Such a
page is read by OCR instead (`readers.pdf`), like a page with no text layer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...lexicon.textnorm import strip_diacritics

CID = re.compile(r"\(cid:\d+\)")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_WORD = re.compile(r"[^\W\d_]+")
# A Vietnamese syllable without its diacritics: an optional onset, one to three vowels and an
# optional final consonant ("nghieng", "thuong", "quy", "a"). Loans and acronyms fail it, so it
# is only a share that decides, over lower-case words.
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
                       r"[aeiouy]{1,3}(?:ch|nh|ng|[cmnpt])?")


@dataclass(frozen=True)
class Limits:
    """Set by hand from the text-layer PDFs at hand (nb_qd_808, nb_qd_963, hn_tb_453,
    lc_cv_7432_pccc, the task-table fixture): their pages have no cid codes and no private-use
    characters, and 93% or more of their lower-case words are syllables."""

    max_code_share: float = 0.02  # of the page's characters in (cid:NN) codes or private use
    min_syllable_share: float = 0.6
    min_words: int = 20  # fewer lower-case words decide nothing (a cover page, a table)
    #: a page image covering this share of the page with fewer letters than `overlay_letters`
    #: over it is a scan with a stamp or an e-signature's text drawn on it
    scan_cover: float = 0.5
    overlay_letters: int = 200


def image_cover(page) -> float:
    """The largest share of the page one image covers (1.0: a scanned page)."""
    area = float(page.width) * float(page.height) or 1.0
    return max(((float(i["x1"]) - float(i["x0"])) * (float(i["bottom"]) - float(i["top"])) / area
                for i in page.images), default=0.0)


def unusable_reason(text: str, cover: float = 0.0, limits: Limits = Limits()) -> str | None:
    """Why the text of one page is no usable Vietnamese, or None when it is. `cover` is the
    share of the page its largest image covers (`image_cover`)."""
    if not text.strip():
        return None
    letters = sum(c.isalpha() for c in text)
    if cover >= limits.scan_cover and letters < limits.overlay_letters:
        return (f"a scanned page ({cover:.0%} of it one image) with only {letters} letters of text "
                "over it (a stamp or an e-signature)")
    cids = CID.findall(text)
    private = PRIVATE_USE.findall(text)
    chars = len(text)
    if sum(map(len, cids)) > limits.max_code_share * chars:
        return f"{len(cids)} unmapped glyph codes like {cids[0]!r} (a font without a ToUnicode map)"
    if len(private) > limits.max_code_share * chars:
        return f"{len(private)} private-use characters (a font without Unicode mapping)"
    words = [w for w in _WORD.findall(text) if w.islower()]
    if len(words) < limits.min_words:
        return None
    plain = [strip_diacritics(w).replace("đ", "d") for w in words]
    share = sum(bool(_SYLLABLE.fullmatch(w)) for w in plain) / len(plain)
    if share < limits.min_syllable_share:
        return f"only {share:.0%} of its words are Vietnamese syllables (a legacy font encoding?)"
    return None
