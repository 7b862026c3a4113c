"""OCR engines and variants side by side on the hand-transcribed pages of benchmarks/ocr_wer.py
(tests/fixtures/ocr/<stem>_p<N>.txt), in one run: WER in reading order, WER of the lines as
the PDF reader lays them out from the word boxes, bag-of-words error, seconds per page.

    .venv/bin/python benchmarks/ocr_engines.py [--only NAME ...] [--json out.json]

Engines (each skipped with a one-line message when its package or binary is missing):

- tesseract: the project's reader (plan_extract.readers.pdf.ocr.ocr_pdf, 300 dpi, psm 4), and
  variants on the same render: 400 dpi, Otsu binarisation (300 and 400 dpi), Sauvola-style
  adaptive binarisation, and `-c preserve_interword_spaces=1`.
- asterocr 1.0.2 (PyPI, MIT, ONNX line recogniser with its Vietnamese model inside the wheel; it has
  no text detector): tesseract finds the lines (its word boxes, grouped by line and split into
  runs at the layout's segment gap, as the layout code splits them) and asterocr reads each run
  cropped from the 300-dpi render. Its words keep tesseract's boxes when it reads as many words,
  else get boxes spread over the run by character count.
- combined: per run, asterocr's text when it is the more confident (see aster_pages; --mix 0.5
  was picked on these 7 pages, and picked again in each leave-one-page-out fold).
- combined (project): the same through plan_extract.readers.pdf.ocr.ocr_pdf(engine="combined"),
  the reader the pipeline ships, with the rule of data/readers/ocr_engine.toml.

The asterocr code (crop, input scaling, decoding, choice rule, word boxes) is the project's
(plan_extract.readers.pdf.ocr); this script only feeds it the pages. The OCR cache is off, so
the seconds are real reads.

The seconds of the asterocr and combined rows include the tesseract detection pass.
EasyOCR, PaddleOCR and VietOCR fetch their weights at run time, so they do not qualify.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ocr_wer import bag_error, edit_distance, pages, words  # noqa: E402

from plan_extract import config  # noqa: E402
from plan_extract.readers.pdf import ocr  # noqa: E402

Box = tuple[str, float, float, float, float]


@dataclass
class Result:
    text: str
    boxes: list[list[Box]] | None
    seconds: float


@dataclass
class Page:
    pdf: Path
    index: int
    ref: list[str]
    width: float = 0.0
    renders: dict[int, Image.Image] = field(default_factory=dict)
    #: tesseract 300 dpi psm 4 lines of (word, x0, top, x1, bottom, conf) in pixels, and seconds
    detected: tuple[list[list[ocr.Word]], float] | None = None
    aster: tuple[list, float] | None = None

    def render(self, dpi: int) -> Image.Image:
        if dpi not in self.renders:
            import pypdfium2

            pdf = pypdfium2.PdfDocument(self.pdf.read_bytes())
            pdf.init_forms()
            page = pdf[self.index]
            self.width = float(page.get_width())
            bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True)
            self.renders[dpi] = bitmap.to_pil().convert("L")
            page.close()
            pdf.close()
        return self.renders[dpi]


# --- tesseract --------------------------------------------------------------------------


def otsu(img: Image.Image) -> Image.Image:
    a = np.asarray(img, dtype=np.uint8)
    hist = np.bincount(a.ravel(), minlength=256).astype(np.float64)
    p = hist / hist.sum()
    omega, mu = np.cumsum(p), np.cumsum(p * np.arange(256))
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mu[-1] * omega - mu) ** 2 / (omega * (1 - omega))
    t = int(np.nanargmax(between))
    return Image.fromarray(np.where(a > t, 255, 0).astype(np.uint8))


def sauvola(img: Image.Image, window: int = 51, k: float = 0.2) -> Image.Image:
    a = np.asarray(img, dtype=np.float64)
    pad = window // 2
    p = np.pad(a, pad + 1, mode="edge")
    s1 = p.cumsum(0).cumsum(1)
    s2 = (p * p).cumsum(0).cumsum(1)
    h, w = a.shape

    def box(s: np.ndarray) -> np.ndarray:
        return (s[window:window + h, window:window + w] - s[:h, window:window + w]
                - s[window:window + h, :w] + s[:h, :w])

    n = window * window
    mean = box(s1) / n
    std = np.sqrt(np.maximum(box(s2) / n - mean * mean, 0))
    t = mean * (1 + k * (std / 128 - 1))
    return Image.fromarray(np.where(a > t, 255, 0).astype(np.uint8))


def tesseract_lines(img: Image.Image, dpi: int, psm: int = 4, extra: tuple[str, ...] = ()
                    ) -> list[list[ocr.Word]]:
    """tesseract's words (level 5 TSV rows, confidence >= 0) grouped by (block, par, line),
    boxes in pixels: the same rows plan_extract.readers.pdf.ocr keeps."""
    with tempfile.TemporaryDirectory(prefix="ocr-engines-") as tmp:
        png = Path(tmp) / "page.png"
        img.save(png, dpi=(dpi, dpi))
        cmd = ["tesseract", str(png), "stdout", "-l", "vie", "--psm", str(psm), *extra, "tsv"]
        done = subprocess.run(cmd, capture_output=True, timeout=300, check=True)
    return ocr.tsv_lines(done.stdout.decode("utf-8", "replace"))


def to_result(lines: list[list[tuple]], dpi: int, seconds: float) -> Result:
    s = 72 / dpi
    boxes = [[(w, x0 * s, t * s, x1 * s, b * s) for w, x0, t, x1, b, *_ in line] for line in lines]
    return Result("\n".join(" ".join(b[0] for b in line) for line in boxes), boxes, seconds)


def detected(page: Page) -> tuple[list[list[ocr.Word]], float]:
    if page.detected is None:
        img = page.render(300)
        t0 = time.perf_counter()
        page.detected = (tesseract_lines(img, 300), time.perf_counter() - t0)
    return page.detected


def tesseract_project(page: Page) -> Result:
    t0 = time.perf_counter()
    [got] = ocr.ocr_pdf(page.pdf.read_bytes(), pages=[page.index], dpi=300, psm=4, engine="tesseract")
    return Result(got.text, got.boxes, time.perf_counter() - t0)


def tesseract_variant(dpi: int, prep: Callable[[Image.Image], Image.Image] | None = None,
                      extra: tuple[str, ...] = ()) -> Callable[[Page], Result]:
    def run(page: Page) -> Result:
        img = page.render(dpi)
        t0 = time.perf_counter()
        if prep is not None:
            img = prep(img)
        lines = tesseract_lines(img, dpi, 4, extra)
        return to_result(lines, dpi, time.perf_counter() - t0)
    return run


# --- asterocr ---------------------------------------------------------------------------


def aster_reads(aster: ocr.AsterReader, page: Page) -> tuple[list[list[ocr.RunRead]], float]:
    """Per tesseract line, its runs with asterocr's text and confidence; cached on the page (the
    asterocr and combined rows share them) with the seconds taken, detection included."""
    if page.aster is None:
        lines, det_seconds = detected(page)
        img = page.render(300)
        t0 = time.perf_counter()
        page.aster = (aster.read_runs(img, lines), det_seconds + time.perf_counter() - t0)
    return page.aster


def aster_pages(aster: ocr.AsterReader, page: Page, mix: float | None) -> Result:
    """asterocr's reading of every run (mix None), or per run the engine more confident: asterocr
    when 100 x its mean frame probability > (1 - mix) x 100 + mix x tesseract's mean word
    confidence (tesseract's 0-100 squeezed into the upper part of asterocr's range)."""
    reads, seconds = aster_reads(aster, page)
    choice = None if mix is None else config.OcrChoice(intercept=(1 - mix) * 100, tesseract_weight=mix)
    return to_result(ocr.combine(reads, choice), 300, seconds)


def combined_project(page: Page) -> Result:
    t0 = time.perf_counter()
    [got] = ocr.ocr_pdf(page.pdf.read_bytes(), pages=[page.index], dpi=300, psm=4, engine="combined")
    return Result(got.text, got.boxes, time.perf_counter() - t0)


# --- scoring ----------------------------------------------------------------------------


def score(page: Page, got: Result) -> tuple[int, int | None, float]:
    from plan_extract.readers.pdf.layout import LayoutStats, ocr_page_lines

    hyp = words("\n".join(ocr.fix_header_words(line) for line in got.text.splitlines()))
    laid = None
    if got.boxes is not None:
        if not page.width:
            page.render(300)
        lines = ocr_page_lines(got.boxes, page.index, page.width, LayoutStats())
        laid = edit_distance(page.ref, words("\n".join(ocr.fix_header_words(ln.text) for ln in lines)))
    return edit_distance(page.ref, hyp), laid, bag_error(page.ref, hyp)


def engines(args: argparse.Namespace) -> list[tuple[str, Callable[[Page], Result] | str]]:
    """(name, runner) or (name, why it is skipped)."""
    out: list[tuple[str, Callable[[Page], Result] | str]] = []
    if shutil.which("tesseract") is None:
        return [("tesseract", "tesseract binary not installed"), ("asterocr", "needs tesseract lines")]
    out += [
        ("tesseract 300 (project)", tesseract_project),
        ("tesseract 400", tesseract_variant(400)),
        ("tesseract 300 otsu", tesseract_variant(300, otsu)),
        ("tesseract 400 otsu", tesseract_variant(400, otsu)),
        ("tesseract 300 sauvola", tesseract_variant(300, sauvola)),
        ("tesseract 300 interword", tesseract_variant(300, extra=("-c", "preserve_interword_spaces=1"))),
    ]
    aster = ocr._load_aster()
    if aster is None:
        reason = "package not installed: pip install asterocr (or the extra: pip install -e '.[ocr]')"
        return out + [("asterocr", reason), ("combined", reason)]
    out += [
        ("tess lines + asterocr", lambda p: aster_pages(aster, p, None)),
        (f"combined (mix {args.mix})", lambda p: aster_pages(aster, p, args.mix)),
        ("combined (project)", combined_project),
    ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="+", help="engine names (substrings) to run")
    parser.add_argument("--mix", type=float, default=config.ocr_engine().choice.tesseract_weight,
                        help="combined row: weight of tesseract's confidence (see aster_pages)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    os.environ[ocr.CACHE_ENV] = "off"  # time real reads, never a cached page
    todo = [Page(pdf, n - 1, ref) for pdf, n, ref in pages()]
    ref_words = sum(len(p.ref) for p in todo)
    results = []
    for name, run in engines(args):
        if args.only and not any(o in name for o in args.only):
            continue
        if isinstance(run, str):
            print(f"{name}: skipped, {run}", flush=True)
            continue
        errors, laid_out, bag, seconds, per_page = 0, 0, [], 0.0, {}
        has_layout = True
        for page in todo:
            got = run(page)
            dist, laid, b = score(page, got)
            errors += dist
            bag.append(b)
            seconds += got.seconds
            if laid is None:
                has_layout = False
            else:
                laid_out += laid
            per_page[f"{page.pdf.stem} p{page.index + 1}"] = round(dist / len(page.ref), 3)
        row = {"engine": name, "wer": round(errors / ref_words, 4),
               "layout_wer": round(laid_out / ref_words, 4) if has_layout else None,
               "bag": round(sum(bag) / len(bag), 4), "seconds_per_page": round(seconds / len(todo), 2),
               "pages": per_page}
        results.append(row)
        laid_txt = f"{row['layout_wer']:.3f}" if has_layout else "  -  "
        print(f"{name:26} WER {row['wer']:.3f}  laid out {laid_txt}  bag {row['bag']:.3f}  "
              f"{row['seconds_per_page']:5.1f} s/page", flush=True)
    if results:
        print(f"\nper-page WER ({len(todo)} pages, {ref_words} words)")
        names = list(results[0]["pages"])
        print(f"{'':26} " + " ".join(f"{n.split(' ')[0][-8:]:>8}" for n in names))
        for row in results:
            print(f"{row['engine']:26} " + " ".join(f"{row['pages'][n]:8.3f}" for n in names))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
