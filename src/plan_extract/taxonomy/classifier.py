"""Rule 2 of PILLARS.md: where the document names no pillar, a content classifier judges.

Two experts, multiplied (their log-probabilities added, the naive Bayes' weighed by
NB_EXPERT_WEIGHT): a multinomial logistic regression over the activity's syllable n-grams and
its context (enclosing headings, group heading, the plan's own title), learnt from every gold
item of the corpus (`taxonomy.training.fit_linear`, scikit-learn at training time only; the
weights ship as JSON and are read here in plain Python), and the naive Bayes below. A
taxonomy without gold items (ascc_2035 today) has the naive Bayes alone.

The naive Bayes is a multinomial naive Bayes over syllable unigrams and bigrams (Vietnamese words are one
to three syllables, so bigrams stand in for word segmentation at a fraction of underthesea's
cost), plus the taxonomy's keyword lexicon, whose hits in the first clause weigh double (the
tie-breaker "judge by the main verb phrase"). It is trained on what the corpus itself declares
and on the taxonomy's keywords (`plan-extract train`), and ships as a JSON file of counts in
the taxonomy's folder: small, deterministic, no download.
"""

from __future__ import annotations

import heapq
import json
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import Any

from ..document import Activity, Section
from . import (
    DEFAULT_TAXONOMY,
    Taxonomy,
    declaring_phrase,
    lead_phrase,
    load_taxonomy,
    syllables,
    taxonomy_dir,
)

MODEL_VERSION = 2
# Weight of the naive Bayes' log-probabilities next to the logistic regression's. Chosen by
# leave-one-document-out on the 1,629 judged gold items of corpus/gold + corpus/incoming/gold
# (December 2026, alt-accepted macro-F1: 0 -> 0.813, 0.2 -> 0.841, 0.3 -> 0.854, 0.5 -> 0.853,
# 1.0 -> 0.851); 0.5 sits on the plateau.
NB_EXPERT_WEIGHT = 0.5
# The two experts' sum is over-confident (each counts the same words); their softmax is taken
# at this temperature. Chosen by leave-one-document-out log-loss of the judged gold items
# (1.0 -> 0.376, 1.5 -> 0.288, 2.0 -> 0.263, 2.5 -> 0.267); it changes no prediction.
COMBINED_TEMPERATURE = 2.0
CONTEXT_SYLLABLES = 24  # a heading's, group's or title's first syllables read as context

# Set a priori (not searched); with them leave-one-document-out judged macro-F1 on
# corpus/gold is 0.94 (`plan-extract evaluate`, README "Pillars").
KEYWORD_DOC_WEIGHT = 3  # each taxonomy keyword counts as this many training mentions
LEXICON_WEIGHT = 1.5  # weight of a keyword hit next to the naive-Bayes log-probabilities
FIRST_CLAUSE_WEIGHT = 2.0  # keyword hits in the first clause count this much more
# Tuned: the softmax temperature with the lowest leave-one-document-out log-loss on the
# judged gold items (0.21 at 0.1; 0.76 at 1.0); mean confidence then 0.92 at accuracy 0.94.
TEMPERATURE = 0.1
LOW_CONFIDENCE = 0.5  # below this top probability an activity is flagged low_confidence
# Only an activity's first syllables are read: the main action comes first (PILLARS.md's
# tie-breaker), and long legal paragraphs cost time. Leave-one-document-out judged macro-F1:
# all 0.944, 120 -> 0.959, 80 -> 0.959, 60 -> 0.937, 40 -> 0.903.
READ_SYLLABLES = 80


_FIRST_CLAUSE = re.compile(r"[,;:.(]|\s-\s")


def first_clause(text: str) -> str:
    m = _FIRST_CLAUSE.search(text)
    return text[: m.start()] if m else text


def features(text: str, toks: list[str] | None = None) -> list[str]:
    """Syllable unigrams and bigrams of the first READ_SYLLABLES syllables, in order, repeats
    kept. (Marking the first clause's n-grams apart measured no better on leave-one-document-
    out F1; the first clause weighs in through keyword hits.)"""
    toks = syllables(text)[:READ_SYLLABLES] if toks is None else toks
    return toks + [f"{a}_{b}" for a, b in zip(toks, toks[1:], strict=False)]



@dataclass(frozen=True)
class Context:
    """What surrounds an activity: its enclosing headings (nearest first), its group heading
    and the plan's own subject (the title, trích yếu). A health-insurance plan's
    communication items and a festival plan's security items read differently."""

    headings: tuple[str, ...] = ()
    group: str | None = None
    subject: str | None = None


NO_CONTEXT = Context()


def _ngrams(toks: list[str], prefix: str, weight: float, out: dict[str, float]) -> None:
    for t in toks:
        out[prefix + t] = out.get(prefix + t, 0.0) + weight
    for a, b in zip(toks, toks[1:], strict=False):
        key = f"{prefix}{a}_{b}"
        out[key] = out.get(key, 0.0) + weight


def context_features(context: Context) -> dict[str, float]:
    """Counts of the context's n-grams, prefixed by where they come from (h: the two nearest
    headings, the second at half weight; g: the group; t: the plan's title)."""
    out: dict[str, float] = {}
    for k, heading in enumerate(context.headings[:2]):
        _ngrams(syllables(heading)[:CONTEXT_SYLLABLES], "h:", 1.0 / (k + 1), out)
    if context.group:
        _ngrams(syllables(context.group)[:CONTEXT_SYLLABLES], "g:", 1.0, out)
    if context.subject:
        _ngrams(syllables(context.subject)[:CONTEXT_SYLLABLES + 6], "t:", 1.0, out)
    return out


def _as_log_counts(counts: dict[str, float]) -> dict[str, float]:
    return {k: 1.0 + math.log(v) if v >= 1.0 else v for k, v in counts.items()}


def item_features(text: str, hits: list[tuple[str, str, str, float]], toks: list[str] | None = None,
                  feats: list[str] | None = None, head: list[str] | None = None) -> dict[str, float]:
    """The item's own part of `linear_features`: its n-grams, its first clause's (f:), its
    keyword hits (kw:). `feats` (`features(text, toks)`) and `head` (the first clause's
    syllables) are given by a caller that has them."""
    toks = syllables(text)[:READ_SYLLABLES] if toks is None else toks
    # Counter over features(): the same keys in the same order as counting the n-grams one by
    # one, in C.
    counts: dict[str, float] = Counter(features(text, toks) if feats is None else feats)
    head = syllables(first_clause(text[:600])) if head is None else head
    _ngrams(head[:12], "f:", 1.0, counts)
    out = _as_log_counts(counts)
    for code, _, _, weight in hits:
        out["kw:" + code] = out.get("kw:" + code, 0.0) + weight / 2
    return out


def linear_features(text: str, context_feats: dict[str, float],
                    hits: list[tuple[str, str, str, float]], toks: list[str] | None = None,
                    ) -> dict[str, float]:
    """The logistic regression's input: the text's n-grams, its first clause's apart (f:, the
    main action), the context's, all as 1 + log(count); plus the taxonomy's keyword hits per
    pillar (kw:). The item's keys and the context's never meet (the context's are prefixed
    h:, g:, t:; a syllable holds no colon), so the two parts are counted apart."""
    return {**item_features(text, hits, toks), **_as_log_counts(context_feats)}


@dataclass
class LinearModel:
    """A multinomial logistic regression as plain weights: feature -> one weight per code."""

    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    context: bool = True  # whether it learnt from the context (False: an ablation variant)
    nb_weight: float = NB_EXPERT_WEIGHT
    #: (a, b) per code: a calibrated linear SVM's p = 1 / (1 + exp(a·score + b)) (ablation)
    sigmoid: tuple[tuple[float, float], ...] | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any], codes: tuple[str, ...]) -> LinearModel:
        index = [data["classes"].index(c) if c in data["classes"] else None for c in codes]

        def pick(row: list[float], missing: float) -> tuple[float, ...]:
            return tuple(missing if i is None else row[i] for i in index)

        return cls(pick(data["intercept"], -30.0),
                   {f: pick(w, 0.0) for f, w in data["weights"].items()},
                   data.get("context", True), data.get("nb_weight", NB_EXPERT_WEIGHT),
                   pick(data["sigmoid"], (0.0, 30.0)) if data.get("sigmoid") else None)

    def scores(self, feats: dict[str, float], base: list[float] | None = None) -> list[float]:
        """The linear scores: `base` (the intercept, or `context_base`) plus the features'.
        One C-level sum per class over the features the model knows (a Python loop over
        features x classes was half the pillar stage's time); no numpy, so that judging needs
        nothing beyond the standard library."""
        weights = self.weights
        known = [(v, w) for f, v in feats.items() if (w := weights.get(f)) is not None]
        z = list(self.intercept if base is None else base)
        if known:
            values = [v for v, _ in known]
            z = [b + sum(map(operator.mul, values, column))
                 for b, column in zip(z, zip(*(w for _, w in known), strict=True), strict=True)]
        return z

    def context_base(self, context_feats: dict[str, float]) -> list[float]:
        """The intercept plus a context's features: activities of one section share it, so it
        is summed once for them all."""
        return self.scores(_as_log_counts(context_feats) if self.context else {})

    def log_probs(self, feats: dict[str, float], base: list[float] | None = None) -> list[float]:
        z = self.scores(feats, base)
        if self.sigmoid is not None:
            p = [1.0 / (1.0 + math.exp(min(a * x + b, 700.0)))
                 for x, (a, b) in zip(z, self.sigmoid, strict=True)]
            total = sum(p) or 1.0
            return [math.log(max(v / total, 1e-12)) for v in p]
        top = max(z)
        log_z = top + math.log(sum(math.exp(x - top) for x in z))
        return [x - log_z for x in z]


def model_path(name: str) -> Path:
    return taxonomy_dir(name) / "model.json"


def train(examples: list[tuple[str, str]], taxonomy: Taxonomy) -> dict[str, Any]:
    """Counts per class from labelled texts plus the taxonomy's keywords (each keyword a
    short document of weight KEYWORD_DOC_WEIGHT). Deterministic: sorted, integer counts."""
    counts: dict[str, Counter[str]] = {c: Counter() for c in taxonomy.codes}
    docs: Counter[str] = Counter()
    for text, label in examples:
        if label in counts:
            counts[label].update(features(text))  # Counter.update counts list items
            docs[label] += 1
    for code, _element, keywords in taxonomy.elements:
        for kw in keywords:
            for f in features(" ".join(kw)):
                counts[code][f] += KEYWORD_DOC_WEIGHT
    vocab = sorted(set().union(*counts.values()))
    return {
        "model_version": MODEL_VERSION, "taxonomy": taxonomy.name,
        "examples": {c: docs[c] for c in taxonomy.codes},
        "counts": {c: dict(sorted(counts[c].items())) for c in taxonomy.codes},
        "vocabulary": len(vocab),
    }


@dataclass
class Model:
    """Multinomial naive-Bayes log-probabilities per pillar, stored as each feature's excess
    over an unseen feature's, so scoring a text touches only the features it has."""

    taxonomy: Taxonomy
    per_class: tuple[dict[str, float], ...]
    unseen: tuple[float, ...]
    #: feature -> (index of the pillar it favours most, by how much over the runner-up)
    favours: dict[str, tuple[int, float]]
    linear: LinearModel | None = None
    #: the gold documents the logistic regression learnt from (first contact is the rest)
    trained_on: tuple[str, ...] = ()

    @classmethod
    def from_counts(cls, data: dict[str, Any], taxonomy: Taxonomy) -> Model:
        codes = taxonomy.codes
        counts = [data["counts"].get(code, {}) for code in codes]
        vocab = sorted(set().union(*(set(c) for c in counts)))
        totals = [sum(c.values()) + len(vocab) + 1 for c in counts]
        unseen = tuple(math.log(1 / t) for t in totals)
        per_class = tuple({f: math.log(c[f] + 1) for f in c} for c in counts)
        favours = {}
        for f in vocab:
            lp = [math.log(c.get(f, 0) + 1) + u for c, u in zip(counts, unseen, strict=True)]
            best = max(range(len(lp)), key=lambda i: lp[i])
            favours[f] = (best, lp[best] - max(v for i, v in enumerate(lp) if i != best))
        linear = data.get("linear")
        return cls(taxonomy, per_class, unseen, favours,
                   LinearModel.from_json(linear, codes) if linear else None,
                   tuple(data.get("trained_on", ())))

    def log_probs(self, feats: list[str]) -> list[float]:
        """Sum of log-probabilities of the features (repeats count again)."""
        total = len(feats)
        return [total * u + sum(map(d.get, feats, repeat(0.0)))
                for d, u in zip(self.per_class, self.unseen, strict=True)]


@cache
def load_model(name: str = DEFAULT_TAXONOMY) -> Model:
    path = model_path(name)
    if not path.exists():
        raise ValueError(f"no trained model for taxonomy {name!r}: run `plan-extract train "
                         f"--taxonomy {name}`")
    return Model.from_counts(json.loads(path.read_text("utf-8")), load_taxonomy(name))


def _keyword_hits(text: str, taxonomy: Taxonomy, toks: list[str] | None = None,
                  head: int | None = None) -> list[tuple[str, str, str, float]]:
    """(pillar, element, keyword, weight) for every keyword in the text, once each; hits in
    the first clause (the main action) weigh more."""
    toks = syllables(text) if toks is None else toks
    head = len(syllables(first_clause(text))) if head is None else head
    seen: set[tuple[str, ...]] = set()
    hits = []
    index = taxonomy.keyword_index
    for i in [i for i, tok in enumerate(toks) if tok in index]:
        for kw, code, element in index[toks[i]]:
            if kw not in seen and tuple(toks[i:i + len(kw)]) == kw:
                seen.add(kw)
                weight = FIRST_CLAUSE_WEIGHT if i < head else 1.0
                hits.append((code, element, " ".join(kw), weight * len(kw)))
    return hits


def judge(text: str, model: Model, context: Context = NO_CONTEXT,
          context_base: list[float] | None = None,
          ) -> tuple[str, float, dict[str, float], str | None, list[str]]:
    """(pillar, confidence, scores of all pillars, element, evidence words). `context_base`
    is `model.linear.context_base(context_features(context))`, given when many activities
    share a context."""
    tax = model.taxonomy
    toks = syllables(text[: READ_SYLLABLES * 12])[:READ_SYLLABLES]
    head_syllables = syllables(first_clause(text[:600]))
    head = len(head_syllables)
    feats = features(text, toks)
    total = len(feats) or 1
    hits = _keyword_hits(text, tax, toks, head)
    nb = model.log_probs(feats)
    lex = dict.fromkeys(tax.codes, 0.0)
    for c, _, _, w in hits:
        lex[c] += w
    scale = LEXICON_WEIGHT / math.sqrt(total)
    raw = [nb[i] / total + scale * lex[code] for i, code in enumerate(tax.codes)]
    top = max(raw)
    exp = [math.exp((v - top) / TEMPERATURE) for v in raw]
    z = sum(exp)
    if model.linear is not None:
        if context_base is None:
            context_base = model.linear.context_base(context_features(context))
        lr = model.linear.log_probs(item_features(text, hits, toks, feats, head_syllables),
                                    context_base)
        nb_weight = model.linear.nb_weight
        raw = [a + nb_weight * math.log(max(e / z, 1e-6)) for a, e in zip(lr, exp, strict=True)]
        top = max(raw)
        exp = [math.exp((v - top) / COMBINED_TEMPERATURE) for v in raw]
        z = sum(exp)
    scores = {c: round(v / z, 4) for c, v in zip(tax.codes, exp, strict=True)}
    best = tax.codes[raw.index(top)]
    element_hits: Counter[str] = Counter()
    for c, element, _, w in hits:
        if c == best:
            element_hits[element] += w
    element = element_hits.most_common(1)[0][0] if element_hits else next(
        (e for c, e, _ in tax.elements if c == best), None)
    evidence = [kw for c, _, kw, _ in sorted(hits, key=lambda h: -h[3]) if c == best][:5]
    if len(evidence) < 3:
        b = tax.codes.index(best)
        favoured = [(-lift, f) for f in set(feats) if "_" in f
                    and (fav := model.favours.get(f)) and fav[0] == b and (lift := fav[1]) > 0]
        evidence += [f.replace("_", " ") for _, f in heapq.nsmallest(5, favoured)
                     if f.replace("_", " ") not in evidence][: 3 - len(evidence)]
    if not evidence:
        evidence = ["no taxonomy or training words: decided by the class totals alone"]
    return best, scores[best], scores, element, evidence



def declared_labels(activities: list[Activity], sections: list[Section],
                    taxonomy: Taxonomy) -> list[tuple[str, str] | None]:
    """(pillar, evidence) for each activity the document itself assigns, else None."""
    named = {s.path: (found[0], s.heading) for s in sections
             if s.heading and (found := declaring_phrase(s.heading, taxonomy))}
    groups: dict[str, tuple[str, str] | None] = {}  # many items share one group heading
    for act in activities:
        if act.group and act.group not in groups:
            # A group heading is one line: "Trụ cột C: Cộng đồng bền vững" names it after the colon.
            found = (declaring_phrase(lead_phrase(act.group), taxonomy)
                     or declaring_phrase(act.group, taxonomy))
            groups[act.group] = (found[0], act.group) if found else None
    return [_declared(act, named, groups, taxonomy) for act in activities]


def activity_contexts(activities: list[Activity], sections: list[Section],
                      subject: str | None = None) -> list[Context]:
    """Each activity's context: its enclosing headings nearest first, its group, the plan's
    subject."""
    heads = {s.path: s.heading for s in sections if s.heading}
    by_path: dict[str | None, tuple[str, ...]] = {}
    out = []
    for act in activities:
        if act.section_path not in by_path:
            found, path = [], act.section_path
            while path:
                if path in heads:
                    found.append(heads[path])
                path = path.rsplit(".", 1)[0] if "." in path else None
            by_path[act.section_path] = tuple(found)
        out.append(Context(by_path[act.section_path], act.group, subject or None))
    return out


def assign_pillars(activities: list[Activity], sections: list[Section],
                   taxonomy: str = DEFAULT_TAXONOMY, model: Model | None = None,
                   subject: str | None = None) -> list[Activity]:
    """Give every activity a pillar, its source, a confidence and evidence (in place; the
    same activities are returned). `subject` is the plan's title, read as context."""
    tax = load_taxonomy(taxonomy)
    model = model or load_model(taxonomy)
    out = []
    contexts = activity_contexts(activities, sections, subject)
    cached: dict[Context, list[float]] = {}  # activities of one section share a context
    # Equal evidence words and scores (rounded to 4 places: at most 10,001 values) are one
    # object each for the whole document, not one per activity (1M short lines: 190 MB).
    words: dict[str, str] = {}
    numbers: dict[float, float] = {}
    for act, found, ctx in zip(activities, declared_labels(activities, sections, tax), contexts,
                               strict=True):
        if found:
            code, evidence = found
            element_hits = Counter(e for c, e, _, w in _keyword_hits(act.text, tax) if c == code)
            element = element_hits.most_common(1)[0][0] if element_hits else None
            _fill(act, pillar=code, pillar_source="declared", pillar_confidence=1.0,
                  pillar_scores=None, element=element, evidence=[evidence], low_confidence=False)
        else:
            if model.linear is not None and ctx not in cached:
                cached[ctx] = model.linear.context_base(context_features(ctx))
            code, confidence, scores, element, evidence = judge(act.text, model, ctx, cached.get(ctx))
            scores = {c: numbers.setdefault(v, v) for c, v in scores.items()}
            _fill(act, pillar=code, pillar_source="judged", pillar_confidence=scores[code],
                  pillar_scores=scores, element=element,
                  evidence=[words.setdefault(w, w) for w in evidence],
                  low_confidence=confidence < LOW_CONFIDENCE)
        out.append(act)
    return out


def _fill(act: Activity, **fields: Any) -> None:
    """Set the pillar fields in place: the activities are this document's own, fresh from
    find_activities, and copying thousands of models per document costs more than judging."""
    for name, value in fields.items():
        setattr(act, name, value)


def _declared(act: Activity, named: dict[str, tuple[str, str]],
              groups: dict[str, tuple[str, str] | None], tax: Taxonomy) -> tuple[str, str] | None:
    """Own lead phrase first, then the group heading, then enclosing headings, nearest first.
    `named` and `groups` give (pillar, heading) for headings that name a pillar."""
    lead = lead_phrase(act.text)
    if (found := declaring_phrase(lead, tax)):
        return found[0], lead
    if act.group and groups.get(act.group):
        return groups[act.group]
    path = act.section_path
    while path:
        if path in named:
            return named[path]
        path = path.rsplit(".", 1)[0] if "." in path else None
    return None
