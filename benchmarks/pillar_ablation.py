"""Which parts of the pillar classifier earn their keep: leave-one-document-out judged
macro-F1 on corpus/gold for variants of the model (`make ablation`).

Variants: naive Bayes on the corpus's declared activities only; plus the taxonomy's keywords
as training text; plus keyword-hit scoring (the shipped model); and the shipped model over
underthesea word segmentation instead of syllable bigrams. Accuracy is measured here, not in
tests; `plan-extract evaluate` checks the shipped model against its threshold.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from plan_extract.taxonomy import classifier as pillars
from plan_extract.taxonomy.training import leave_one_out

ROOT = Path(__file__).resolve().parents[1]


def variant(name: str, setup: Callable[[], None]) -> tuple[str, float, float, float]:
    saved = {k: getattr(pillars, k) for k in ("KEYWORD_DOC_WEIGHT", "LEXICON_WEIGHT", "syllables")}
    pillars.load_taxonomy.cache_clear()
    setup()
    try:
        t0 = time.perf_counter()
        report = leave_one_out(ROOT / "corpus" / "raw", ROOT / "corpus" / "gold", "ascc_2025")
        seconds = time.perf_counter() - t0
    finally:
        for k, v in saved.items():
            setattr(pillars, k, v)
        pillars.load_taxonomy.cache_clear()
    return name, report.judged["macro_f1"], report.judged["accuracy"], seconds


def _words(text: str) -> list[str]:
    from underthesea import word_tokenize

    return [w.casefold().replace(" ", "_") for w in word_tokenize(text)
            if any(c.isalnum() for c in w)]


def main() -> int:
    rows = [
        variant("naive Bayes, declared activities only",
                lambda: (setattr(pillars, "KEYWORD_DOC_WEIGHT", 0),
                         setattr(pillars, "LEXICON_WEIGHT", 0.0))),
        variant("+ taxonomy keywords as training text",
                lambda: setattr(pillars, "LEXICON_WEIGHT", 0.0)),
        variant("+ keyword hits, first clause double (shipped)", lambda: None),
        variant("shipped, underthesea words instead of syllables",
                lambda: setattr(pillars, "syllables", _words)),
    ]
    print(f"{'variant':50} {'macro-F1':>9} {'accuracy':>9} {'seconds':>8}")
    for name, f1, acc, seconds in rows:
        print(f"{name:50} {f1:9.3f} {acc:9.3f} {seconds:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
