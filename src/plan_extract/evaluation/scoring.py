"""Score extraction output against hand-made gold files (gold SPEC, "Scoring").

Per document and overall (micro-averaged): metadata accuracy over the fields the gold
fills plus a count of spurious values; reference precision/recall/F1 on `doc_number`
(laws cited by name: on their title) with date accuracy on matches; activity
precision/recall/F1, where a prediction matches a gold activity when its normalized text
starts with the gold `text_start`, one-to-one and in order; `section_path` and `agency`
accuracy on matched activities.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PlanExtractError
from ..lexicon.textnorm import fold
from ..outputs import run_records

METADATA_FIELDS = ("doc_type", "doc_number", "issuer", "issuer_level", "province", "district",
                   "issue_date", "effective_date", "signer", "field", "period", "published_date")


@dataclass
class Counts:
    """Raw counts; ratios are derived so that documents add up."""

    metadata_filled: int = 0
    metadata_correct: int = 0
    metadata_spurious: int = 0
    ref_gold: int = 0
    ref_pred: int = 0
    ref_matched: int = 0
    ref_date_correct: int = 0
    act_gold: int = 0
    act_pred: int = 0
    act_matched: int = 0
    path_correct: int = 0
    agency_correct: int = 0
    #: (gold pillar, acceptable alternative, predicted) per matched activity, by gold source
    pillars: dict[str, list[tuple[str, str | None, str | None]]] = field(
        default_factory=lambda: {"declared": [], "judged": []})

    def add(self, other: Counts) -> None:
        for name, value in asdict(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        for source, rows in other.pillars.items():
            self.pillars[source].extend(rows)

    def scores(self) -> dict[str, float | int | None]:
        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None

        def f1(p: float | None, r: float | None) -> float | None:
            if p is None or r is None:
                return None
            return 2 * p * r / (p + r) if p + r else 0.0

        rp = ratio(self.ref_matched, self.ref_pred) if self.ref_pred else (
            1.0 if self.ref_gold == 0 else 0.0)
        rr = ratio(self.ref_matched, self.ref_gold) if self.ref_gold else (
            1.0 if self.ref_pred == 0 else 0.0)
        ap = ratio(self.act_matched, self.act_pred) if self.act_pred else (
            1.0 if self.act_gold == 0 else 0.0)
        ar = ratio(self.act_matched, self.act_gold) if self.act_gold else (
            1.0 if self.act_pred == 0 else 0.0)
        return {
            "metadata": ratio(self.metadata_correct, self.metadata_filled),
            "metadata_spurious": self.metadata_spurious,
            "references_precision": rp, "references_recall": rr, "references_f1": f1(rp, rr),
            "references_date": ratio(self.ref_date_correct, self.ref_matched),
            "activities_precision": ap, "activities_recall": ar, "activities_f1": f1(ap, ar),
            "section_path": ratio(self.path_correct, self.act_matched),
            "agency": ratio(self.agency_correct, self.act_matched),
            **{f"pillar_{source}_{k}": v for source, rows in self.pillars.items()
               for k, v in pillar_metrics(rows).items() if k not in ("confusion", "f1")},
        }


def pillar_metrics(rows: list[tuple[str, str | None, str | None]]) -> dict[str, Any]:
    """Accuracy and macro-F1 over gold labels; a prediction equal to `pillar_alt` counts as
    correct (it is credited to the gold label). Also the confusion matrix gold -> predicted."""
    if not rows:
        return {"accuracy": None, "macro_f1": None, "n": 0, "confusion": {}}
    credited = [(g, g if p in (g, alt) else p) for g, alt, p in rows]
    accuracy = sum(g == p for g, p in credited) / len(credited)
    labels = sorted({g for g, _ in credited})
    f1s = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in credited)
        fp = sum(g != label and p == label for g, p in credited)
        fn = sum(g == label and p != label for g, p in credited)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    per_label = dict(zip(labels, f1s, strict=True))
    confusion: dict[str, dict[str, int]] = {}
    for g, p in credited:
        row = confusion.setdefault(g, {})
        row[str(p)] = row.get(str(p), 0) + 1
    return {"accuracy": accuracy, "macro_f1": sum(f1s) / len(f1s), "n": len(rows),
            "f1": per_label, "confusion": confusion}


def calibration_error(rows: list[tuple[float, bool]], bins: int = 10) -> float | None:
    """Expected calibration error of (confidence, correct) pairs: the item-weighted mean gap
    between mean confidence and accuracy over ten equal-width confidence bins."""
    if not rows:
        return None
    binned: dict[int, list[tuple[float, bool]]] = {}
    for conf, ok in rows:
        binned.setdefault(min(int(conf * bins), bins - 1), []).append((conf, ok))
    return sum(abs(sum(c for c, _ in b) - sum(ok for _, ok in b)) for b in binned.values()) / len(rows)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return a == b
    if a is None or b is None:
        return a is b
    return fold(str(a)) == fold(str(b))


def score_document(pred: dict[str, Any], gold: dict[str, Any]) -> tuple[Counts, list[str]]:
    """Counts for one document and human-readable notes on each miss."""
    c = Counts()
    notes: list[str] = []
    pm, gm = pred.get("metadata", {}), gold.get("metadata", {})
    for name in METADATA_FIELDS:
        g, p = gm.get(name), pm.get(name)
        if g is None:
            if p is not None:
                c.metadata_spurious += 1
                notes.append(f"metadata.{name}: spurious {p!r}")
            continue
        c.metadata_filled += 1
        if _same(p, g):
            c.metadata_correct += 1
        else:
            notes.append(f"metadata.{name}: {p!r} != gold {g!r}")
    if pred.get("kind") != gold.get("kind"):
        notes.append(f"kind: {pred.get('kind')!r} != gold {gold.get('kind')!r}")

    def ref_key(r: dict[str, Any]) -> str:
        if r.get("doc_number"):
            return "n:" + fold(r["doc_number"])
        return "t:" + fold(r.get("title") or r.get("doc_type") or "")

    gold_refs = {ref_key(r): r for r in gold.get("references", [])}
    pred_refs = {ref_key(r): r for r in pred.get("references", [])}
    c.ref_gold, c.ref_pred = len(gold_refs), len(pred_refs)
    for key, g in gold_refs.items():
        if key in pred_refs:
            c.ref_matched += 1
            if _same(pred_refs[key].get("issue_date"), g.get("issue_date")):
                c.ref_date_correct += 1
            else:
                notes.append(f"reference {key}: date {pred_refs[key].get('issue_date')!r} != "
                             f"{g.get('issue_date')!r}")
        else:
            notes.append(f"reference missed: {key}")
    for key in pred_refs.keys() - gold_refs.keys():
        notes.append(f"reference spurious: {key}")

    gold_acts = gold.get("activities", [])
    pred_acts = pred.get("activities", [])
    c.act_gold, c.act_pred = len(gold_acts), len(pred_acts)
    pairs = align_activities([a["text"] for a in pred_acts], [g["text_start"] for g in gold_acts])
    c.act_matched = len(pairs)
    matched_gold = {gi for _, gi in pairs}
    for pi, gi in pairs:
        p, g = pred_acts[pi], gold_acts[gi]
        if _same(p.get("section_path"), g.get("section_path")):
            c.path_correct += 1
        else:
            notes.append(f"activity {g['id']}: section_path {p.get('section_path')!r} != "
                         f"{g.get('section_path')!r}")
        if g.get("pillar_source") in c.pillars and g.get("pillar"):
            c.pillars[g["pillar_source"]].append((g["pillar"], g.get("pillar_alt"), p.get("pillar")))
        if _same(p.get("agency"), g.get("agency")):
            c.agency_correct += 1
        else:
            notes.append(f"activity {g['id']}: agency {p.get('agency')!r} != {g.get('agency')!r}")
    for gi, g in enumerate(gold_acts):
        if gi not in matched_gold:
            notes.append(f"activity {g['id']} missed: {g['text_start']!r}")
    matched_pred = {pi for pi, _ in pairs}
    for pi, p in enumerate(pred_acts):
        if pi not in matched_pred:
            notes.append(f"activity spurious: {p['text'][:60]!r}")
    return c, notes


def align_activities(pred_texts: list[str], gold_starts: list[str]) -> list[tuple[int, int]]:
    """The largest one-to-one, order-preserving matching (an LCS over "starts with")."""
    P = [fold(t) for t in pred_texts]
    G = [fold(t) for t in gold_starts]
    n, m = len(P), len(G)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1],
                             best[i + 1][j + 1] + 1 if P[i].startswith(G[j]) else 0)
    pairs = []
    i = j = 0
    while i < n and j < m:
        if P[i].startswith(G[j]) and best[i][j] == best[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


@dataclass
class Report:
    documents: dict[str, dict[str, Any]]
    overall: dict[str, Any]
    missing: list[str]
    failures: list[str]


class NothingToScore(PlanExtractError):
    """`validate` was given no gold files or no output folder: it would compare nothing."""


def _outputs(out_dir: Path) -> dict[str, Path]:
    """Input file name and stem -> output file, for the last run into `out_dir` only (its
    journal or manifest); a folder without either: every `<stem>.json` in it."""
    records = run_records(out_dir)
    if records is None:
        return {p.stem: p for p in sorted(out_dir.glob("*.json")) if p.name != "manifest.json"}
    found: dict[str, Path] = {}
    for d in records[0]:
        if d.get("output") and d.get("path"):
            source = Path(d["path"])
            found[source.name] = out_dir / d["output"]
            found.setdefault(source.stem, out_dir / d["output"])
    return found


def validate(out_dir: Path, gold_dir: Path, thresholds: dict[str, float]) -> Report:
    """Score every gold file against the output of its document in the last run into
    `out_dir` (JSON left there by an earlier run is not scored); a missing output counts as
    empty, and a validation that matched no output at all fails."""
    if not gold_dir.is_dir():
        raise NothingToScore(f"gold folder {gold_dir} does not exist (give --gold FOLDER of *.gold.json)")
    gold_files = sorted(gold_dir.glob("*.gold.json"))
    if not gold_files:
        raise NothingToScore(f"no *.gold.json in {gold_dir}: nothing to compare with")
    if not out_dir.is_dir():
        raise NothingToScore(f"{out_dir} is not a folder written by `plan-extract extract -o`")
    outputs = _outputs(out_dir)
    total = Counts()
    documents: dict[str, dict[str, Any]] = {}
    missing: list[str] = []
    for gold_path in gold_files:
        gold = json.loads(gold_path.read_text("utf-8"))
        source = Path(gold.get("source_file") or gold_path.name.removesuffix(".gold.json"))
        stem = source.stem
        pred_path = outputs.get(source.name) or outputs.get(stem)
        if pred_path is not None and pred_path.exists():
            pred = json.loads(pred_path.read_text("utf-8"))
        else:
            missing.append(stem)
            pred = {"metadata": {}, "references": [], "activities": []}
        counts, notes = score_document(pred, gold)
        total.add(counts)
        documents[stem] = {**counts.scores(), "notes": notes}
    overall = total.scores()
    overall["pillar_confusion"] = {source: pillar_metrics(rows)["confusion"]
                                   for source, rows in total.pillars.items()}
    failures = []
    if len(missing) == len(gold_files):
        failures.append(f"nothing compared: no output in {out_dir} is of any of the "
                        f"{len(gold_files)} gold document(s)")
    for name, minimum in thresholds.items():
        value = overall.get(name)
        if value is not None and value < minimum:
            failures.append(f"{name} {value:.3f} < {minimum:.3f}")
    if missing and len(missing) < len(gold_files):
        failures.append(f"no output for {len(missing)} gold document(s): {', '.join(missing)}")
    return Report(documents=documents, overall=overall, missing=missing, failures=failures)
