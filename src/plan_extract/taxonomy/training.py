"""Training data and training of the pillar classifier.

Two learners, one model file (`data/taxonomies/<name>/model.json`):

- the naive Bayes learns what the corpus declares: every activity a heading or its own lead
  phrase assigns to a pillar (Rule 1), found by the same rule the pipeline applies, plus the
  taxonomy's keywords and `data/taxonomies/<name>/train.jsonl` ({"text": …, "label": …} per
  line);
- the logistic regression learns every gold item, declared and judged, of the gold folders
  (`evaluation.corpus.gold_items` aligns them with the pipeline's activities), with their
  context. It needs scikit-learn (`pip install -e ".[train]"`), imported here only; the
  weights are written as JSON and read back with no training library. The model records
  which gold documents it learnt from (`trained_on`), so `evaluate` can score the documents
  adopted since apart (first contact).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..document import Document
from . import Taxonomy, load_taxonomy, taxonomy_dir
from .classifier import (
    NB_EXPERT_WEIGHT,
    NO_CONTEXT,
    Context,
    _keyword_hits,
    context_features,
    declared_labels,
    linear_features,
    train,
)

# Inverse regularisation of the logistic regression, classes weighed inversely to their
# frequency (B, C and D are rare next to A). Leave-one-document-out on the judged gold items
# of corpus/gold + corpus/incoming/gold, before the naive Bayes joins (alt-accepted macro-F1,
# class-weighted): C 0.3 -> 0.807, 1 -> 0.815, 3 -> 0.824 (10 -> 0.813 with the final features).
LR_C = 3.0
# Weights are rounded (deterministic JSON, a smaller file) and a feature whose weights all stay
# below MIN_WEIGHT is dropped: 31,000 features -> 18,000, the file 2 MB -> 0.6 MB.
# A gold item's pillar_alt (the other pillar an annotator may defend) is a second training row
# of this weight. Leave-one-document-out, alt-accepted macro-F1 with the naive Bayes expert:
# 0 -> 0.853, 0.3 -> 0.862 (strict 0.647 -> 0.645).
ALT_WEIGHT = 0.3
WEIGHT_DIGITS = 3
MIN_WEIGHT = 0.01


@dataclass(frozen=True)
class GoldItem:
    """One gold activity as the pipeline found it: its text, its context, its gold label."""

    document: str
    text: str
    context: Context
    label: str
    alt: str | None = None
    source: str | None = None


def declared_examples(doc: Document, taxonomy: str) -> list[tuple[str, str]]:
    labels = declared_labels(doc.activities, doc.sections, load_taxonomy(taxonomy))
    return [(a.text, found[0]) for a, found in zip(doc.activities, labels, strict=True) if found]


def extra_examples(taxonomy: str) -> list[tuple[str, str]]:
    path = taxonomy_dir(taxonomy) / "train.jsonl"
    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [(r["text"], r["label"]) for r in rows]


def corpus_examples(documents: dict[str, Document],
                    taxonomy: str) -> dict[str, list[tuple[str, str]]]:
    """The declared examples of each document, by stem (in stem order)."""
    return {stem: declared_examples(doc, taxonomy) for stem, doc in sorted(documents.items())}


def item_features(item: GoldItem, taxonomy: Taxonomy) -> dict[str, float]:
    return linear_features(item.text, context_features(item.context),
                           _keyword_hits(item.text, taxonomy))


def fit_linear(items: list[GoldItem], taxonomy: Taxonomy, c: float = LR_C,
               context: bool = True, nb_weight: float = NB_EXPERT_WEIGHT,
               learner: str = "logistic", alt_weight: float = ALT_WEIGHT) -> dict[str, Any] | None:
    """The logistic regression's weights as JSON-ready lists, or None with fewer than two
    labels of the taxonomy among the items. Deterministic on any machine: sorted features,
    lbfgs, one BLAS thread (with the machine's thread count the weights moved in the third
    decimal between a 1- and a 2-thread BLAS, so `make train` gave another model elsewhere).
    `context=False` leaves the headings and the title out, `learner="svm"` fits a linear SVM
    whose scores a sigmoid per class calibrates (Platt, 3-fold), both for `make ablation`."""
    import sklearn.calibration
    import sklearn.linear_model  # noqa: F401  (loaded first: only loaded libraries are limited)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _fit_linear(items, taxonomy, c, context, nb_weight, learner, alt_weight)


def _fit_linear(items: list[GoldItem], taxonomy: Taxonomy, c: float, context: bool,
                nb_weight: float, learner: str, alt_weight: float) -> dict[str, Any] | None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    items = [i for i in items if i.label in taxonomy.codes]
    if len({i.label for i in items}) < 2:
        return None
    rows = [item_features(i if context else GoldItem(i.document, i.text, NO_CONTEXT, i.label),
                          taxonomy) for i in items]
    y = [i.label for i in items]
    weight = [1.0] * len(items)
    if alt_weight:
        for item, row in zip(list(items), list(rows), strict=True):
            if item.alt in taxonomy.codes and item.alt != item.label:
                rows.append(row)
                y.append(item.alt)
                weight.append(alt_weight)
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(rows)
    sigmoid = None
    if learner == "svm":
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.svm import LinearSVC

        if len(set(y)) < 3:
            return None
        x = x.tocsr()  # liblinear takes 32-bit sparse indices only
        x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")
        cal = CalibratedClassifierCV(LinearSVC(C=c / 30, class_weight="balanced"), method="sigmoid",
                                     cv=3, ensemble=False)
        cal.fit(x, y, sample_weight=weight)
        fitted = cal.calibrated_classifiers_[0]
        est = fitted.estimator
        coef, intercept, classes = est.coef_, est.intercept_, list(est.classes_)
        sigmoid = [[round(float(s.a_), 6), round(float(s.b_), 6)] for s in fitted.calibrators]
    else:
        lr = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
        lr.fit(x, y, sample_weight=weight)
        coef, intercept, classes = lr.coef_, lr.intercept_, list(lr.classes_)
    if len(classes) == 2:  # one row of weights: the second class's logit over the first's
        coef = [[-w / 2 for w in coef[0]], [w / 2 for w in coef[0]]]
        intercept = [-intercept[0] / 2, intercept[0] / 2]
    weights = {}
    for j, name in enumerate(vec.feature_names_):
        w = [round(float(row[j]), WEIGHT_DIGITS) for row in coef]
        if max(map(abs, w)) >= MIN_WEIGHT:
            weights[name] = w
    return {"classes": [str(c) for c in classes],
            "intercept": [round(float(b), WEIGHT_DIGITS) for b in intercept],
            "weights": weights, "c": c, "context": context, "nb_weight": nb_weight,
            "alt_weight": alt_weight,
            **({"sigmoid": sigmoid} if sigmoid else {}), "items": len(items)}


def model_json(data: dict[str, Any]) -> str:
    """The model file's text: sorted keys, one key per line, a list of numbers on one line."""
    text = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True)
    return re.sub(r"\[\n([-0-9.e,\n]*)\n\]", lambda m: "[" + m.group(1).replace("\n", "") + "]",
                  text) + "\n"


def train_on(examples: dict[str, list[tuple[str, str]]], taxonomy: str,
             exclude: str | None = None, items: list[GoldItem] | None = None,
             linear: bool = True, **options: Any) -> dict[str, Any]:
    """Train on every document's examples and gold items but `exclude`'s, plus the taxonomy's
    own examples. Without gold items (or with no two labels of the taxonomy among them) the
    model is the naive Bayes alone (as with `linear=False`, an ablation variant)."""
    tax = load_taxonomy(taxonomy)
    pooled = [e for stem, rows in examples.items() if stem != exclude for e in rows]
    data = train(pooled + extra_examples(taxonomy), tax)
    kept = [i for i in items or [] if linear and i.document != exclude and i.label in tax.codes]
    data["linear"] = fit_linear(kept, tax, **options) if kept else None
    data["trained_on"] = sorted({i.document for i in kept}) if data["linear"] else []
    return data
