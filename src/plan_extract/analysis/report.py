"""One self-contained HTML file of an output folder, for readers without Python or a server.

Everything is inside the file (inline CSS, charts as inline SVG, no script, no network asset),
so it can be mailed, archived or opened offline. Each document is a `#doc-<doc_id>` section
that CSS `:target` shows alone; the plain file shows the corpus summary. The frames are grouped
once with pandas and bucketed in one pass, so thousands of documents render in linear time.
Colours and chart sizes live in `data/analysis/report.toml`, pillar names in the taxonomies.
"""

from __future__ import annotations

import re
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote

import jinja2
import pandas as pd

from .. import config
from ..taxonomy import DEFAULT_TAXONOMY, available_taxonomies, load_taxonomy
from .frames import Frames

NONE = "none"
"""Pillar key of an activity without a pillar."""
NO_PROVINCE = "(no province)"
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

Record = dict[str, Any]


@dataclass(frozen=True)
class Pillar:
    code: str
    css: str  # class suffix: "pillar-<css>"
    name: str
    name_vi: str
    fill: str
    ink: str


@dataclass(frozen=True)
class Segment:
    pillar: Pillar
    count: int
    x: float
    width: float
    show_count: bool
    tip: str


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    tip: str
    href: str | None
    total: int
    y: float
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Layout:
    """Where a chart row's parts sit. `wide`: the label left of its bar, for a screen that
    holds the whole chart; `narrow`: the label above its bar, so a phone draws the chart at
    about full size (the wide one shrunk to 390 px would have 4 px text)."""

    name: str
    label_x: float
    label_y: float
    bar_x: float
    bar_y: float
    bar_width: int
    bar_height: int
    row_height: int
    axis_height: int
    width: int
    label_chars: int


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    layout: Layout
    rows: tuple[Row, ...]
    ticks: tuple[tuple[float, int], ...]
    width: int
    height: int
    shown: int
    of: int


def render_report(frames: Frames, title: str = "plan-extract report", *,
                  max_rows: int | None = None) -> str:
    """The report as one HTML string. `max_rows` overrides report.toml's bars per chart."""
    settings = config.report()
    cfg = settings.chart.model_dump()
    if max_rows is not None:
        cfg["max_rows"] = max_rows
    narrow = settings.narrow
    wide_layout, narrow_layout = chart_layouts(settings.chart, narrow)
    pillars = pillar_styles(frames, settings)
    documents = frames.documents.drop_duplicates("doc_id")
    doc_counts = pillar_counts(frames.activities.doc_id, frames.activities.pillar,
                               pd.Index(documents.doc_id), pillars)
    layouts = (wide_layout, narrow_layout)
    context = {
        "title": title, "cfg": cfg, "narrow": narrow, "layouts": layouts,
        "pillars": list(pillars.values()),
        "summary": summary(frames, pillars),
        "doc_charts": [document_chart(documents, doc_counts, pillars, cfg, lay) for lay in layouts],
        "province_charts": [province_chart(frames, documents, pillars, cfg, lay) for lay in layouts],
        "documents": document_pages(frames, documents, doc_counts, pillars, cfg),
        "review": review_rows(frames, documents, pillars),
    }
    return _template().render(**context)


@cache
def _template() -> jinja2.Template:
    text = resources.files("plan_extract.analysis").joinpath("templates/report.html.j2").read_text("utf-8")
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    return env.from_string(text)


# --- pillars ------------------------------------------------------------------------------


def pillar_styles(frames: Frames, settings: config.ReportData) -> dict[str, Pillar]:
    """Code -> Pillar in the frame's category order, then NONE: a fixed colour per code, so a
    pillar looks the same in every chart and badge. Only the codes of the taxonomies the
    documents use (the default one when none does) and any code they hold: a report of
    ASCC 2025 plans does not list the 2026-2035 goals."""
    used = frames.documents.taxonomy.dropna().unique().tolist()
    names = _pillar_names(used)
    wanted = set(frames.activities.pillar.dropna().astype(str))
    for name in used or [DEFAULT_TAXONOMY]:
        with suppress(ValueError):
            wanted.update(load_taxonomy(name).codes)
    codes = [str(c) for c in frames.activities.pillar.cat.categories if str(c) in wanted]
    spare = iter(settings.spare * (len(codes) + 1))
    out: dict[str, Pillar] = {}
    for code in codes:
        colour = settings.pillars.get(code) or next(spare)
        en, vi = names.get(code, (code, ""))
        out[code] = _pillar(code, en, vi, colour)
    none = settings.unassigned
    out[NONE] = _pillar(NONE, none.name, "", none)
    return out


def _pillar(code: str, name: str, name_vi: str, colour: config.Colour) -> Pillar:
    for key in ("fill", "ink"):
        if not _COLOUR.fullmatch(getattr(colour, key)):
            raise ValueError(f"report.toml: {code} {key} {getattr(colour, key)!r} is not #rrggbb")
    return Pillar(code=code, css=re.sub(r"[^A-Za-z0-9_-]", "_", code), name=name, name_vi=name_vi,
                  fill=colour.fill, ink=colour.ink)


def _pillar_names(used: list[str]) -> dict[str, tuple[str, str]]:
    """English and Vietnamese name per code, the documents' own taxonomies first."""
    names: dict[str, tuple[str, str]] = {}
    for name in dict.fromkeys([*used, *available_taxonomies()]):
        try:
            taxonomy = load_taxonomy(name)
        except ValueError:
            continue
        for p in taxonomy.data.pillars:
            names.setdefault(p.code, (p.en, p.vi))
    return names


def pillar_keys(pillar: pd.Series) -> pd.Series:
    return pillar.astype("string").fillna(NONE)


def pillar_counts(keys: pd.Series, pillar: pd.Series, index: pd.Index,
                  pillars: dict[str, Pillar]) -> pd.DataFrame:
    """Activities per key (row) and pillar (column), every key of `index` present: one groupby
    over the whole corpus."""
    grouped = pd.DataFrame({"key": keys.to_numpy(dtype=object),
                            "pillar": pillar_keys(pillar).to_numpy(dtype=object)})
    sizes = grouped.groupby(["key", "pillar"]).size()
    table = sizes.unstack(fill_value=0) if len(sizes) else pd.DataFrame()
    return table.reindex(index=index, columns=list(pillars), fill_value=0).fillna(0).astype(int)


# --- charts -------------------------------------------------------------------------------


def chart_layouts(chart: config.Chart, narrow: config.NarrowChart) -> tuple[Layout, Layout]:
    """The wide layout of report.toml [chart] and the narrow one of [narrow]: one scale per
    chart either way, only the label moves (and the bars get shorter)."""
    wide = Layout(name="wide", label_x=chart.label_width - 8, label_y=chart.row_height / 2,
                  bar_x=chart.label_width, bar_y=(chart.row_height - chart.bar_height) / 2,
                  bar_width=chart.bar_width, bar_height=chart.bar_height, row_height=chart.row_height,
                  axis_height=chart.axis_height, label_chars=chart.label_chars,
                  width=chart.label_width + chart.bar_width + chart.total_width)
    small = Layout(name="narrow", label_x=narrow.margin, label_y=narrow.label_height / 2,
                   bar_x=narrow.margin, bar_y=narrow.label_height, bar_width=narrow.bar_width,
                   bar_height=chart.bar_height,
                   row_height=narrow.label_height + chart.bar_height + narrow.row_gap,
                   axis_height=chart.axis_height, label_chars=narrow.label_chars,
                   width=narrow.margin + narrow.bar_width + narrow.total_width)
    return wide, small


def document_chart(documents: pd.DataFrame, counts: pd.DataFrame, pillars: dict[str, Pillar],
                   cfg: dict[str, Any], layout: Layout) -> Chart:
    labels = {d["doc_id"]: (_doc_label(d), _doc_title(d), "#" + anchor(d["doc_id"]))
              for d in records(documents[["doc_id", "doc_type", "doc_number", "province", "issuer"]])}
    return bar_chart("chart-documents", "Activities per pillar, per document", counts, labels,
                     pillars, cfg, layout)


def province_chart(frames: Frames, documents: pd.DataFrame, pillars: dict[str, Pillar],
                   cfg: dict[str, Any], layout: Layout) -> Chart:
    """Activities per pillar summed over each province's documents."""
    province = documents.province.fillna(NO_PROVINCE)
    of_doc = pd.Series(province.to_numpy(), index=documents.doc_id.to_numpy())
    keys = frames.activities.doc_id.map(of_doc).fillna(NO_PROVINCE)
    n_docs = province.value_counts()
    counts = pillar_counts(keys, frames.activities.pillar, pd.Index(n_docs.index), pillars)
    labels = {p: (p, f"{p}: {n} document{'s' if n != 1 else ''}", None) for p, n in n_docs.items()}
    return bar_chart("chart-provinces", "Activities per pillar, per province", counts, labels,
                     pillars, cfg, layout)


def bar_chart(chart_id: str, title: str, counts: pd.DataFrame,
              labels: dict[str, tuple[str, str, str | None]], pillars: dict[str, Pillar],
              cfg: dict[str, Any], layout: Layout) -> Chart:
    """Horizontal stacked bars, the rows with most activities first; widths proportional to
    counts on one scale, so bars compare across rows. The narrow layout's svg id ends in
    "-narrow"."""
    totals = counts.sum(axis=1)
    order = totals.sort_values(ascending=False, kind="stable").index[: cfg["max_rows"]]
    top = max(int(totals.max()) if len(totals) else 0, 1)
    scale = layout.bar_width / top
    by_key = counts.loc[order].to_dict("index")
    rows = []
    for i, key in enumerate(order):
        label, tip, href = labels[key]
        y = layout.axis_height + i * layout.row_height
        rows.append(bar_row(key, _cut(label, layout.label_chars), tip, href, by_key[key], pillars,
                            layout.bar_x, scale, y, cfg))
    ticks = tuple((round(layout.bar_x + v * scale, 2), v) for v in _ticks(top, cfg["max_ticks"]))
    return Chart(id=chart_id if layout.name == "wide" else f"{chart_id}-{layout.name}", title=title,
                 layout=layout, rows=tuple(rows), ticks=ticks, width=layout.width,
                 height=layout.axis_height + len(rows) * layout.row_height + 4,
                 shown=len(rows), of=len(counts))


def bar_row(key: str, label: str, tip: str, href: str | None, counts: dict[str, int],
            pillars: dict[str, Pillar], x0: float, scale: float, y: float, cfg: dict[str, Any]) -> Row:
    total = int(sum(counts.values()))
    segments, x = [], x0
    for code, pillar in pillars.items():
        n = int(counts.get(code, 0))
        if not n:
            continue
        width = n * scale
        share = f"{n} of {total} activities ({n / total:.0%})"
        segments.append(Segment(pillar=pillar, count=n, x=round(x, 2), width=round(width, 2),
                                show_count=width >= len(str(n)) * cfg["digit_px"] + cfg["label_padding_px"],
                                tip=f"{tip}\n{_pillar_title(pillar)}: {share}"))
        x += width
    return Row(key=key, label=label, tip=tip, href=href, total=total, y=y, segments=tuple(segments))


def _pillar_title(p: Pillar) -> str:
    return f"{p.code} {p.name}" if p.code != NONE else p.name


def _ticks(top: int, max_ticks: int) -> list[int]:
    """0 and multiples of a 1-2-5 step up to `top`, at most `max_ticks` + 1 of them."""
    magnitude = 1
    while True:
        for m in (1, 2, 5):
            step = m * magnitude
            if top / step <= max_ticks:
                return list(range(0, top + 1, step))
        magnitude *= 10


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# --- documents ----------------------------------------------------------------------------


def anchor(doc_id: str) -> str:
    """Fragment id of a document's page; quoting keeps any file name a valid, unique id."""
    return "doc-" + quote(doc_id, safe="")


def _doc_label(d: Record) -> str:
    name = d["doc_number"] or d["doc_id"]
    return f"{name} · {d['province']}" if d["province"] else name


def _doc_heading(d: Record) -> str:
    return " ".join(x for x in (d["doc_type"], d["doc_number"]) if x) or d["doc_id"]


def _doc_title(d: Record) -> str:
    head = _doc_heading(d)
    return f"{head} — {d['issuer']}" if d["issuer"] else head


def document_pages(frames: Frames, documents: pd.DataFrame, counts: pd.DataFrame,
                   pillars: dict[str, Pillar], cfg: dict[str, Any]) -> list[Record]:
    """One record per document with its own activities, warnings and references, each table
    bucketed by doc_id in a single pass."""
    activities = by_doc(frames.activities)
    warnings = by_doc(frames.warnings)
    references = by_doc(frames.references)
    doc_ids = set(documents.doc_id)
    per_doc = counts.to_dict("index")
    docs = records(documents)
    pages = []
    for i, d in enumerate(docs):
        doc_id = d["doc_id"]
        own = per_doc.get(doc_id, {})
        total = sum(own.values())
        scale = cfg["document_bar_width"] / total if total else 0.0
        pages.append({
            **d, "anchor": anchor(doc_id), "heading": _doc_heading(d),
            "issue": _date(d["issue_date"], d["issue_date_precision"]),
            "effective": _date(d["effective_date"], "day"), "published": _date(d["published_date"], "day"),
            "activities": [activity_row(a, pillars) for a in activities.get(doc_id, [])],
            "warnings": warnings.get(doc_id, []),
            "references": [_reference(r, doc_ids) for r in references.get(doc_id, [])],
            "bar": bar_row(doc_id, "", _doc_title(d), None, own, pillars, 0.0, scale, 0.0, cfg),
            "prev": anchor(docs[i - 1]["doc_id"]) if i else None,
            "next": anchor(docs[i + 1]["doc_id"]) if i + 1 < len(docs) else None,
        })
    return pages


def activity_row(a: Record, pillars: dict[str, Pillar]) -> Record:
    confidence = a["confidence"]
    return {**a, "pillar": pillars[a["pillar"] if a["pillar"] is not None else NONE],
            "confidence": f"{confidence:.2f}" if confidence is not None else "—",
            "evidence": list(a["evidence"] or []), "partners": list(a["partners"] or []),
            "low_confidence": bool(a["low_confidence"])}


def review_rows(frames: Frames, documents: pd.DataFrame, pillars: dict[str, Pillar]) -> list[Record]:
    """The low-confidence activities of the whole corpus, least sure first: the list an
    analyst checks by hand before trusting the pillar counts."""
    acts = frames.activities[frames.activities.low_confidence.fillna(False).to_numpy(dtype=bool)]
    acts = acts.sort_values(["confidence", "doc_id", "activity_id"], kind="stable")
    labels = {d["doc_id"]: _doc_label(d)
              for d in records(documents[["doc_id", "doc_number", "province"]])}
    return [{**activity_row(a, pillars), "anchor": anchor(a["doc_id"]),
             "document": labels.get(a["doc_id"], a["doc_id"])} for a in records(acts)]


def _reference(r: Record, doc_ids: set[str]) -> Record:
    cited = r["cited_doc_id"]
    return {**r, "date": _date(r["issue_date"], "day"),
            "href": "#" + anchor(cited) if cited in doc_ids else None}


def _date(value: Any, precision: str | None) -> str | None:
    if value is None:
        return None
    fmt = {"year": "%Y", "month": "%m/%Y"}.get(precision or "day", "%d/%m/%Y")
    return value.strftime(fmt)


def records(df: pd.DataFrame) -> list[Record]:
    """Rows as plain dicts, None for every missing value (pandas' <NA> would print as text)."""
    plain = df.astype(object)
    return plain.where(df.notna(), None).to_dict("records")


def by_doc(df: pd.DataFrame) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = defaultdict(list)
    for rec in records(df):
        out[rec["doc_id"]].append(rec)
    return out


# --- summary ------------------------------------------------------------------------------


def summary(frames: Frames, pillars: dict[str, Pillar]) -> Record:
    """The corpus in numbers; every input is either a document or a failed row."""
    acts, refs = frames.activities, frames.references
    n_docs, n_failed = len(frames.documents), len(frames.errors)
    return {
        "inputs": n_docs + n_failed, "documents": n_docs, "failed": records(frames.errors),
        "kinds": [(str(k), int(n)) for k, n in frames.documents.kind.value_counts(sort=False).items()],
        "activities": len(acts),
        "declared": int((acts.source == "declared").sum()), "judged": int((acts.source == "judged").sum()),
        "low": int(acts.low_confidence.fillna(False).sum()),
        "by_pillar": pillar_table(acts, pillars),
        "references": len(refs), "references_linked": int(refs.cited_doc_id.notna().sum()),
        "cited_keys": int(refs.cited_key.nunique()),
        "warnings": warning_table(frames.warnings), "n_warnings": len(frames.warnings),
    }


def pillar_table(acts: pd.DataFrame, pillars: dict[str, Pillar]) -> list[Record]:
    """Per pillar: activities, share, declared, judged, low confidence."""
    keys = pillar_keys(acts.pillar)
    table = pd.DataFrame({
        "count": keys.value_counts(),
        "declared": keys[acts.source == "declared"].value_counts(),
        "judged": keys[acts.source == "judged"].value_counts(),
        "low": keys[acts.low_confidence.fillna(False).to_numpy(dtype=bool)].value_counts(),
    }).reindex(list(pillars)).fillna(0).astype(int)
    total = max(len(acts), 1)
    return [{"pillar": pillars[code], **row, "share": f"{row['count'] / total:.0%}"}
            for code, row in table.to_dict("index").items()
            if row["count"] or code != NONE]


def warning_table(warnings: pd.DataFrame) -> list[Record]:
    """Warnings per stage and code: how often, in how many documents, lines removed."""
    if warnings.empty:
        return []
    grouped = warnings.fillna({"stage": "?", "code": "?"}).groupby(["stage", "code"]).agg(
        count=("doc_id", "size"), documents=("doc_id", "nunique"), removed=("removed", "sum"))
    grouped = grouped.sort_values("count", ascending=False, kind="stable").reset_index()
    return records(grouped)
