"""Which parts of the pillar classifier earn their keep: leave-one-document-out over every
gold document of corpus/gold and corpus/incoming/gold (`make ablation`), each variant trained
without the document it scores (its declared activities and its gold items both left out).

Variants: the naive Bayes alone (the classifier before issue 15: declared activities +
taxonomy keywords + keyword hits); a logistic regression over the activity's syllable n-grams,
without and with its context (headings, group heading, the plan's title); each with the naive
Bayes as a second expert (the shipped model is LR + context + NB); a linear SVM, Platt-
calibrated, in the shipped one's place; spaCy's textcat when spaCy is installed. Printed per
variant: judged macro-F1 with pillar_alt accepted and strict, B's F1 (alt accepted), the
expected calibration error of the confidences and the seconds the variant took. Accuracy is
measured here, not in tests; `plan-extract evaluate` checks the shipped model.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

from plan_extract.evaluation.lodo import leave_one_out

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT / "corpus" / "raw", ROOT / "corpus" / "incoming" / "raw"]
GOLD = [ROOT / "corpus" / "gold", ROOT / "corpus" / "incoming" / "gold"]

VARIANTS: list[tuple[str, dict]] = [
    ("naive Bayes + keyword hits (before issue 15)", {"linear": False}),
    ("LR, activity n-grams", {"context": False, "nb_weight": 0.0}),
    ("LR + context", {"nb_weight": 0.0}),
    ("LR + naive Bayes expert", {"context": False}),
    ("LR + context + naive Bayes expert (shipped)", {}),
    ("LinearSVC (calibrated) + context", {"learner": "svm", "nb_weight": 0.0}),
    ("LinearSVC (calibrated) + context + NB expert", {"learner": "svm"}),
]


def main(argv: list[str]) -> int:
    only = argv[1:]  # optional variant numbers, e.g. `pillar_ablation.py 1 5`
    rows = []
    for k, (name, options) in enumerate(VARIANTS, start=1):
        if only and str(k) not in only:
            continue
        t0 = time.perf_counter()
        report = leave_one_out(CORPORA, GOLD, "ascc_2025", first_contact=False, **options)
        seconds = time.perf_counter() - t0
        rows.append((name, report.judged["macro_f1"], report.judged_strict["macro_f1"],
                     report.judged["f1"].get("B"), report.judged_ece, report.judged["n"], seconds))
        print(f"  {name}: done in {seconds:.0f} s", file=sys.stderr, flush=True)
    print(f"{'variant':46} {'alt F1':>7} {'strict':>7} {'B F1':>6} {'ECE':>6} {'n':>5} {'s':>6}")
    for name, alt, strict, b, ece, n, seconds in rows:
        print(f"{name:46} {alt:7.3f} {strict:7.3f} {b or 0.0:6.3f} {ece:6.3f} {n:5d} {seconds:6.0f}")
    if importlib.util.find_spec("spacy") is None:
        print("spaCy textcat: skipped, spaCy is not installed (it is not a dependency of any extra; "
              "`pip install spacy` and add a variant to compare)")
    else:
        print("spaCy textcat: skipped, spaCy is installed but no textcat variant is written yet "
              "(a blank 'vi' pipeline needs pyvi for its tokenizer)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
