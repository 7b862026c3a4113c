"""The HTML report: every activity once, charts equal to the frames, nothing fetched from the
network, failed inputs listed, text escaped, and Chromium actually paints it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from helpers import REPO
from PIL import Image

from plan_extract import config
from plan_extract.analysis.frames import Frames, frame, load
from plan_extract.analysis.report import NO_PROVINCE, NONE, anchor, render_report

ASSET_TAGS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "object": "data",
              "source": "src", "video": "src", "audio": "src", "embed": "src"}


@pytest.fixture(scope="module")
def frames(seed_outputs: Path) -> Frames:
    return load(seed_outputs)


@pytest.fixture(scope="module")
def html(frames: Frames) -> str:
    return render_report(frames, title="Báo cáo thử")


@pytest.fixture(scope="module")
def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def pillar_key(pillar: pd.Series) -> pd.Series:
    return pillar.astype("string").fillna(NONE)


def chart_counts(soup: BeautifulSoup, chart_id: str) -> dict[tuple[str, str], int]:
    """(row key, pillar) -> data-count of the chart's bars."""
    svg = soup.find("svg", id=chart_id)
    assert svg is not None, chart_id
    out: dict[tuple[str, str], int] = {}
    for row in svg.find_all("g", class_="row"):
        for bar in row.find_all("rect", class_="bar"):
            key = (row["data-key"], bar["data-pillar"])
            assert key not in out, f"two bars for {key}"
            assert f"pillar-{bar['data-pillar']}" in bar["class"]
            out[key] = int(bar["data-count"])
    return out


def expected_counts(keys: pd.Series, pillar: pd.Series) -> dict[tuple[str, str], int]:
    grouped = pd.DataFrame({"key": keys, "pillar": pillar_key(pillar)}).groupby(["key", "pillar"]).size()
    return {(str(k), str(p)): int(n) for (k, p), n in grouped.items() if n}


# --- structure ----------------------------------------------------------------------------


def test_every_activity_appears_once(frames: Frames, soup: BeautifulSoup) -> None:
    rows = soup.select("section.doc table.acts tr[data-activity]")
    shown = Counter(r["data-activity"] for r in rows)
    expected = Counter(f"{d}:{a}" for d, a in zip(frames.activities.doc_id, frames.activities.activity_id,
                                                  strict=True))
    assert len(frames.activities) > 0
    assert shown == expected
    texts = {r["data-activity"]: r.find("td", class_="text").get_text() for r in rows}
    for d, a, text in zip(frames.activities.doc_id, frames.activities.activity_id, frames.activities.text,
                          strict=True):
        assert texts[f"{d}:{a}"] == (text if not pd.isna(text) else "")


def test_activity_rows_sit_in_their_document(frames: Frames, soup: BeautifulSoup) -> None:
    for section in soup.select("section.doc"):
        assert section["id"] == anchor(section["data-doc"])
        for row in section.select("tr[data-activity]"):
            assert row["data-activity"].rsplit(":", 1)[0] == section["data-doc"]


def test_every_document_has_a_page_linked_from_the_contents(frames: Frames, soup: BeautifulSoup) -> None:
    pages = {s["data-doc"]: s for s in soup.select("section.doc")}
    assert list(pages) == frames.documents.doc_id.tolist()
    links = {a["href"] for a in soup.select("#summary table.contents a")}
    assert links == {"#" + anchor(d) for d in frames.documents.doc_id}
    per_doc = frames.activities.doc_id.value_counts()
    for doc_id, page in pages.items():
        empty = page.find("p", class_="empty", string=re.compile("No activities"))
        assert (empty is not None) == (per_doc.get(doc_id, 0) == 0), doc_id


def test_document_chart_counts_equal_the_frame(frames: Frames, soup: BeautifulSoup) -> None:
    acts = frames.activities
    assert chart_counts(soup, "chart-documents") == expected_counts(acts.doc_id, acts.pillar)


def test_bar_widths_are_proportional_to_counts(soup: BeautifulSoup) -> None:
    for chart_id in ("chart-documents", "chart-provinces"):
        bars = soup.find("svg", id=chart_id).find_all("rect", class_="bar")
        per_activity = [float(b["width"]) / int(b["data-count"]) for b in bars]
        assert per_activity
        assert max(per_activity) - min(per_activity) < 0.01


def test_province_chart_counts_equal_the_frame(frames: Frames, soup: BeautifulSoup) -> None:
    merged = frames.activities.merge(frames.documents[["doc_id", "province"]], on="doc_id", how="left")
    expected = expected_counts(merged.province.fillna(NO_PROVINCE), merged.pillar)
    assert chart_counts(soup, "chart-provinces") == expected


def test_pillar_colours_come_from_the_data_file(soup: BeautifulSoup) -> None:
    colours = {code: c.fill for code, c in config.report().pillars.items()}
    bars = soup.select("svg rect.bar")
    assert bars
    for bar in bars:
        assert bar["fill"] == colours[bar["data-pillar"]]


def test_chart_is_capped_at_the_documents_with_most_activities(frames: Frames) -> None:
    soup = BeautifulSoup(render_report(frames, max_rows=3), "html.parser")
    svg = soup.find("svg", id="chart-documents")
    shown = [int(g["data-total"]) for g in svg.find_all("g", class_="row")]
    totals = frames.activities.doc_id.value_counts().reindex(frames.documents.doc_id, fill_value=0)
    assert shown == sorted(totals, reverse=True)[:3]
    assert f"3 of {len(frames.documents)} shown" in svg.find_parent("figure").figcaption.get_text()
    # the pages are not capped
    assert len(soup.select("section.doc")) == len(frames.documents)


def test_summary_numbers_come_from_the_frames(frames: Frames, soup: BeautifulSoup) -> None:
    acts = frames.activities
    rows = {tr["data-pillar"]: [td.get_text() for td in tr.find_all("td")]
            for tr in soup.select("#by-pillar tbody tr")}
    for code, n in pillar_key(acts.pillar).value_counts().items():
        declared = int(((pillar_key(acts.pillar) == code) & (acts.source == "declared")).sum())
        assert int(rows[code][1]) == n
        assert int(rows[code][3]) == declared
    kinds = {tds[0].get_text(): int(tds[1].get_text())
             for tds in (tr.find_all("td") for tr in soup.select("#by-kind tbody tr"))}
    expected = frames.documents.kind.value_counts()
    assert {k: n for k, n in kinds.items() if n} == expected[expected > 0].to_dict()
    codes = [tr.find("code").get_text() for tr in soup.select("#warnings tbody tr")]
    assert Counter(codes) == Counter(frames.warnings.code.unique())


# --- self-contained, escaped, failures listed ------------------------------------------------


def test_no_network_assets(soup: BeautifulSoup) -> None:
    assert soup.find("meta", charset=re.compile("utf-8", re.I)) is not None
    assert not soup.find_all("script")
    for tag, attr in ASSET_TAGS.items():
        for el in soup.find_all(tag):
            value = el.get(attr, "")
            assert not re.match(r"(?i)\s*(https?:)?//", value), f"<{tag} {attr}={value}>"
    css = " ".join(s.get_text() for s in soup.find_all("style"))
    css += " ".join(el["style"] for el in soup.find_all(style=True))
    assert not re.search(r"(?i)url\(|@import", css)
    remote = re.compile(r"(?i)\s*(https?:)?//")
    for el in soup.find_all(True):
        for attr in ("src", "href", "data", "srcset", "poster", "xlink:href"):
            if remote.match(el.get(attr) or ""):
                assert el.name == "a" and attr == "href", f"<{el.name} {attr}={el[attr]}> is fetched"


def test_failed_inputs_are_listed(seed_outputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_outputs, out)
    (out / "zz_broken.json").write_text("{ not json", encoding="utf-8")
    frames = load(out)
    extra = frame("errors", [{"path": "corpus/raw/x <y>.pdf", "stage": "ingest", "error_type": "PdfError",
                              "message": "no text layer & no OCR"}])
    frames = replace(frames, errors=pd.concat([frames.errors, extra], ignore_index=True))
    assert len(frames.errors) == 2
    soup = BeautifulSoup(render_report(frames), "html.parser")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("#summary #failed tr.error")]
    expected = [[e.path, e.stage, e.error_type, e.message] for e in frames.errors.itertuples()]
    assert rows == expected
    accounted = soup.find(id="accounted").get_text(" ", strip=True)
    assert f"{len(frames.documents) + 2} inputs" in accounted
    assert "2 failed" in accounted


def small_frames() -> Frames:
    """One document whose every text field carries markup, one without activities."""
    evil = "<script>alert('x')</script> & <b>Tuyên truyền</b>"
    docs = [{"doc_id": "a<1>", "path": "in/<a>.txt", "format": "txt", "kind": "plan", "doc_type": "Kế hoạch",
             "doc_number": "<i>1</i>/KH-UBND", "issuer": "Ủy ban <b>nhân dân</b>", "province": "<Hà Nội>",
             "taxonomy": "ascc_2025", "n_activities": 2},
            {"doc_id": "b", "path": "in/b.txt", "format": "txt", "kind": "news", "n_activities": 0}]
    acts = [{"doc_id": "a<1>", "activity_id": 1, "text": evil, "agency": "Sở <Nội vụ>", "pillar": "C",
             "confidence": 0.61234, "source": "judged", "low_confidence": False,
             "evidence": ["<img src=x onerror=alert(1)>", "môi trường"]},
            {"doc_id": "a<1>", "activity_id": 2, "text": "Không rõ trụ cột", "pillar": None,
             "confidence": None, "source": None, "low_confidence": True, "evidence": []}]
    warns = [{"doc_id": "a<1>", "stage": "normalize", "code": "x<y>", "message": "<style>body{}</style>"}]
    rows = {"documents": docs, "activities": acts, "warnings": warns}
    return Frames(**{t: frame(t, rows.get(t, [])) for t in
                     ("documents", "activities", "references", "sections", "warnings", "errors")})


def test_text_is_escaped() -> None:
    frames = small_frames()
    html = render_report(frames, title="<script>t</script>")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all("script")
    assert not soup.find_all("img")
    assert len(soup.find_all("style")) == 1
    assert soup.title.get_text() == "<script>t</script>"
    row = soup.find("tr", attrs={"data-activity": "a<1>:1"})
    assert row.find("td", class_="text").get_text() == frames.activities.text[0]
    assert row.find("td", class_="agency").get_text() == "Sở <Nội vụ>"
    assert [s.get_text() for s in row.select("td.ev span")] == frames.activities.evidence[0]
    assert row.find("td", class_="conf").get_text() == "0.61"
    assert "<Hà Nội>" in soup.find("svg", id="chart-provinces").get_text()


def test_missing_pillar_and_empty_document() -> None:
    soup = BeautifulSoup(render_report(small_frames()), "html.parser")
    unassigned = soup.select(f"#chart-documents rect.bar.pillar-{NONE}")
    assert [int(b["data-count"]) for b in unassigned] == [1]
    low = soup.find("tr", attrs={"data-activity": "a<1>:2"})
    assert "low" in low["class"] and low.find(class_="flag") is not None
    assert low.find("td", class_="conf").get_text().startswith("—")
    empty = soup.find("section", attrs={"data-doc": "b"})
    assert "No activities" in empty.get_text()


def test_empty_output_renders() -> None:
    frames = Frames(**{t: frame(t, []) for t in
                       ("documents", "activities", "references", "sections", "warnings", "errors")})
    soup = BeautifulSoup(render_report(frames), "html.parser")
    assert soup.find("svg", id="chart-documents") is not None
    assert not soup.select("section.doc")


# --- rendered by a browser ----------------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,2400"]


def chromium(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("chromium")
    assert exe is not None
    return subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url],
                          capture_output=True, text=True, timeout=120, check=False)


def screenshot(url: str, png: Path, tmp: Path) -> np.ndarray:
    profile = tmp / f"profile-{png.stem}"
    done = chromium(url, profile, f"--screenshot={png}")
    assert png.exists(), done.stderr[-2000:]
    artifacts = Path(os.environ.get("PLAN_EXTRACT_ARTIFACTS", REPO / "build" / "test-artifacts"))
    artifacts.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, artifacts / png.name)
    with Image.open(png) as im:
        return np.asarray(im.convert("RGB"))


def bar_area(bars: list) -> float:
    """Pixels the bars claim: what the browser should paint in their colour, edges aside."""
    return sum(float(b["width"]) * float(b["height"]) for b in bars)


def pixels(image: np.ndarray, colour: str) -> int:
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((image == rgb).all(axis=-1).sum())


@pytest.fixture(scope="module")
def written(html: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("chromium") is None:
        pytest.skip("chromium is not installed: the report is not rendered by a browser")
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_chromium_paints_the_charts(written: Path, frames: Frames, soup: BeautifulSoup) -> None:
    image = screenshot(written.as_uri(), written.with_name("report.png"), written.parent)
    colours = config.report().pillars
    used = pillar_key(frames.activities.pillar).value_counts()
    assert image.shape[:2] == (2400, 1280)
    for code, n in used.items():
        if code != NONE:
            area = bar_area(soup.select(f"svg.chart.wide rect.bar.pillar-{code}"))
            painted = pixels(image, colours[code].fill)
            assert area > 0 and painted >= 0.75 * area, f"pillar {code} ({n} activities): {painted} px"
    dom = BeautifulSoup(chromium(written.as_uri(), written.parent / "profile-dom", "--dump-dom").stdout,
                        "html.parser")
    for chart_id in ("chart-documents", "chart-provinces"):
        svg = dom.find("svg", id=chart_id)
        assert svg is not None, chart_id
        assert len(svg.find_all("rect", class_="bar")) == len(soup.find("svg", id=chart_id).find_all(
            "rect", class_="bar"))


PHONE_WIDTH = 390
LAYOUT_PROBE = """<script>
/* Test only (the report has no script): runs in an iframe of a given width, shows each page of the
   report in turn (location.hash -> :target) and notes what reaches past the viewport: the
   page's scroll width, every element wider than the page outside a scrolling box, the charts
   shown (their size against their viewBox) and the tables shown (whether their box scrolls). */
const PAGES = %s;
const result = {};
function clipped(el) {
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== "visible") return true;
  }
  return false;
}
function name(el) {
  const cls = typeof el.className === "string" ? el.className : el.className.baseVal;
  return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (cls ? "." + cls.split(" ").join(".") : "");
}
try {
  for (const page of PAGES) {
    location.hash = page;
    const root = document.documentElement, vw = root.clientWidth;
    const shown = [...document.body.querySelectorAll("*")].filter(el => el.getClientRects().length);
    result[page] = {
      innerWidth: innerWidth, clientWidth: vw, scrollWidth: root.scrollWidth,
      wide: shown.filter(el => el.getBoundingClientRect().right > vw + 0.5 && !clipped(el))
        .map(name).slice(0, 20),
      charts: shown.filter(el => el.matches("svg.chart, svg.docbar")).map(el => ({
        id: el.id || name(el), right: el.getBoundingClientRect().right,
        scale: el.getBoundingClientRect().width / el.viewBox.baseVal.width})),
      tables: shown.filter(el => el.matches("table")).map(el => ({
        id: name(el), scrolls: el.parentElement.scrollWidth > el.parentElement.clientWidth + 0.5})),
    };
  }
} catch (e) { result.error = String(e); }
parent.document.body.setAttribute("data-probe", JSON.stringify(result));
</script>"""


def layout_at(width: int, html: str, folder: Path, pages: list[str]) -> dict[str, dict]:
    """What each page of the report looks like in a `width` px viewport. Headless Chromium will
    not make its window narrower than 500 px, so the report is shown in an iframe that wide;
    the probe writes its findings into the outer page, which --dump-dom prints."""
    (folder / f"probe-{width}.html").write_text(
        html.replace("</body>", LAYOUT_PROBE % json.dumps(pages) + "</body>"), encoding="utf-8")
    outer = folder / f"frame-{width}.html"
    outer.write_text(f'<!DOCTYPE html><html><body style="margin:0"><iframe src="probe-{width}.html" '
                     f'width="{width}" height="844" style="border:0"></iframe></body></html>',
                     encoding="utf-8")
    done = chromium(outer.as_uri(), folder / f"profile-{width}", "--allow-file-access-from-files",
                    "--hide-scrollbars", "--dump-dom")
    body = BeautifulSoup(done.stdout, "html.parser").body
    assert body is not None and body.get("data-probe"), done.stderr[-2000:]
    result = json.loads(body["data-probe"])
    assert "error" not in result, result.get("error")
    return result


def test_the_report_fits_a_phone(written: Path, frames: Frames) -> None:
    """At 390 px nothing is wider than the screen: the narrow charts replace the wide ones at
    about full size (not shrunk to unreadable text), and a document's tables become one card
    per row; the summary's number tables may scroll inside their own box, the page never."""
    long = "vanban/" + "Ke_hoach_trien_khai_thuc_hien_chuong_trinh_muc_tieu_quoc_gia" * 3 + ".pdf"
    extra = frame("errors", [{"path": long, "stage": "ingest", "error_type": "PdfError",
                              "message": "no text layer and no OCR: " + "x" * 150}])
    frames = replace(frames, errors=pd.concat([frames.errors, extra], ignore_index=True))
    first = anchor(frames.documents.doc_id.iloc[0])
    pages = ["", "#all", "#review", f"#{first}"]
    layout = layout_at(PHONE_WIDTH, render_report(frames), written.parent, pages)
    assert list(layout) == pages
    for page, seen in layout.items():
        where = page or "summary"
        assert seen["innerWidth"] == PHONE_WIDTH and seen["clientWidth"] == PHONE_WIDTH, seen
        assert seen["scrollWidth"] <= seen["clientWidth"], f"{where}: {seen['wide']}"
        assert not seen["wide"], where
        for chart in seen["charts"]:
            assert chart["right"] <= PHONE_WIDTH, (where, chart)
            if chart["id"].startswith("chart-"):
                assert chart["id"].endswith("-narrow") and chart["scale"] >= 0.9, (where, chart)
        scrolling = {t["id"] for t in seen["tables"] if t["scrolls"]}
        assert not {t for t in scrolling if ".stack" in t}, (where, scrolling)
    charts = {c["id"] for c in layout[""]["charts"]}
    assert charts == {"chart-documents-narrow", "chart-provinces-narrow"}
    assert any("svg.docbar" in c["id"] for c in layout[f"#{first}"]["charts"])
    stacked = {t["id"] for t in layout["#all"]["tables"] if ".stack" in t["id"]}
    assert {"table#failed.stack", "table.contents.stack", "table.acts.stack"} <= stacked


def test_a_wide_screen_shows_the_wide_charts(written: Path, html: str) -> None:
    """The other side of the phone test: at 1280 px the wide charts are drawn at their own
    size (the screenshot test counts their pixels), the narrow ones not at all."""
    layout = layout_at(1280, html, written.parent, [""])
    charts = {c["id"]: c["scale"] for c in layout[""]["charts"]}
    assert charts == {"chart-documents": 1.0, "chart-provinces": 1.0}
    assert layout[""]["scrollWidth"] <= 1280 and not layout[""]["wide"]


def test_a_document_page_shows_that_document_alone(written: Path, frames: Frames,
                                                   soup: BeautifulSoup) -> None:
    """On report.html#doc-X the summary's charts are hidden: a pillar X lacks paints nothing,
    while X's own bar paints its pillars."""
    keys = pillar_key(frames.activities.pillar)
    corpus = set(keys) - {NONE}
    own: dict[str, set[str]] = {}
    for doc, code in zip(frames.activities.doc_id, keys, strict=True):
        own.setdefault(doc, set()).add(code)
    lacking = {doc: codes for doc, codes in own.items() if NONE not in codes and codes < corpus}
    if not lacking:
        pytest.skip("every document has every pillar: no colour tells the summary from a page")
    doc_id = frames.activities.doc_id.value_counts()[list(lacking)].idxmax()
    url = f"{written.as_uri()}#{anchor(doc_id)}"
    image = screenshot(url, written.with_name("report-document.png"), written.parent)
    colours = config.report().pillars
    for code in corpus:
        painted = pixels(image, colours[code].fill)
        if code in lacking[doc_id]:
            area = bar_area(soup.select(f"section.doc[data-doc='{doc_id}'] svg.docbar rect.pillar-{code}"))
            assert area > 0 and painted >= 0.75 * area, f"{doc_id}: its pillar {code} is not painted"
        else:
            assert painted <= 10, f"{doc_id}: pillar {code} is painted, so the summary shows"


def test_cli_report_writes_the_file(runner, seed_outputs: Path, frames: Frames, tmp_path: Path) -> None:
    from plan_extract.cli import app

    target = tmp_path / "site" / "report.html"
    result = runner.invoke(app, ["report", str(seed_outputs), "-o", str(target), "--title", "Kiểm tra"])
    assert result.exit_code == 0, result.output
    page = BeautifulSoup(target.read_text("utf-8"), "html.parser")
    assert page.title.get_text() == "Kiểm tra"
    assert len(page.select("[data-activity]")) == len(frames.activities)


def test_cli_report_refuses_a_missing_folder(runner, tmp_path: Path) -> None:
    from plan_extract.cli import app

    result = runner.invoke(app, ["report", str(tmp_path / "nope"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert not (tmp_path / "r.html").exists()


def test_low_confidence_activities_are_listed_for_review(frames: Frames, soup: BeautifulSoup) -> None:
    """One page lists every low-confidence activity of the corpus, least sure first, each
    linked to its document's page."""
    rows = soup.select("section#review tr[data-review]")
    low = frames.activities[frames.activities.low_confidence.fillna(False).to_numpy(dtype=bool)]
    assert low.shape[0] > 0, "the corpus has low-confidence activities"
    assert sorted(r["data-review"] for r in rows) == sorted(
        f"{d}:{i}" for d, i in zip(low.doc_id, low.activity_id, strict=True))
    shown = [float(r.select_one("td.conf").get_text()) for r in rows]
    assert shown == sorted(shown)
    pages = {s["id"] for s in soup.select("section.doc")}
    assert all(r.select_one("a")["href"][1:] in pages for r in rows)
    assert soup.select_one(".cards a[href='#review']")
