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
  cropped from the 300-dpi render. Its words get boxes spread over the run by character count.
- combined: per run, asterocr's text when it is the more confident (see aster_pages; --mix 0.5
  was picked on these 7 pages, and picked again in each leave-one-page-out fold).

The seconds of the asterocr and combined rows include the tesseract detection pass.
EasyOCR, PaddleOCR and VietOCR fetch their weights at run time, so they do not qualify.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ocr_wer import bag_error, edit_distance, pages, words  # noqa: E402

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
    detected: tuple[list[list[tuple[str, int, int, int, int, float]]], float] | None = None
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
                    ) -> list[list[tuple[str, int, int, int, int, float]]]:
    """tesseract's words (level 5 TSV rows, confidence >= 0) grouped by (block, par, line),
    boxes in pixels: the same rows plan_extract.readers.pdf.ocr keeps."""
    with tempfile.TemporaryDirectory(prefix="ocr-engines-") as tmp:
        png = Path(tmp) / "page.png"
        img.save(png, dpi=(dpi, dpi))
        cmd = ["tesseract", str(png), "stdout", "-l", "vie", "--psm", str(psm), *extra, "tsv"]
        done = subprocess.run(cmd, capture_output=True, timeout=300, check=True)
    lines: dict[tuple[str, ...], list[tuple[str, int, int, int, int, float]]] = {}
    for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = row.split("\t", 11)
        if len(cols) < 12 or cols[0] != "5":
            continue
        word, conf = unicodedata.normalize("NFC", cols[11].strip()), float(cols[10])
        if not word or conf < 0:
            continue
        left, top, width, height = (int(v) for v in cols[6:10])
        lines.setdefault(tuple(cols[2:5]), []).append((word, left, top, left + width, top + height, conf))
    return list(lines.values())


def to_result(lines: list[list[tuple]], dpi: int, seconds: float) -> Result:
    s = 72 / dpi
    boxes = [[(w, x0 * s, t * s, x1 * s, b * s) for w, x0, t, x1, b, *_ in line] for line in lines]
    return Result("\n".join(" ".join(b[0] for b in line) for line in boxes), boxes, seconds)


def detected(page: Page) -> tuple[list[list[tuple[str, int, int, int, int, float]]], float]:
    if page.detected is None:
        img = page.render(300)
        t0 = time.perf_counter()
        page.detected = (tesseract_lines(img, 300), time.perf_counter() - t0)
    return page.detected


def tesseract_project(page: Page) -> Result:
    from plan_extract.readers.pdf import ocr

    t0 = time.perf_counter()
    [got] = ocr.ocr_pdf(page.pdf.read_bytes(), pages=[page.index], dpi=300, psm=4)
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


class Aster:
    """asterocr's ONNX session, fed as its own torch predictor feeds the model: RGB 32 x W,
    values in [0, 1] (asterocr.pipeline.AsterOCR.preprocess_image also maps them to [-1, 1],
    which read worse on these pages), greedy CTC decoding with the package's vocabulary."""

    def __init__(self) -> None:
        from asterocr import AsterOCR

        self.engine = AsterOCR(enable_telemetry=False)

    def read(self, crop: Image.Image) -> tuple[str, float]:
        rgb = crop.convert("RGB")
        w, h = rgb.size
        tw = max(32, (int(w * 32 / h) + 3) // 4 * 4)
        arr = np.asarray(rgb.resize((tw, 32), Image.Resampling.BILINEAR), dtype=np.float32) / 255.0
        out = self.engine.session.run([self.engine.output_name],
                                      {self.engine.input_name: arr.transpose(2, 0, 1)[None]})[0]
        logp = out[:, 0, :] if out.shape[1] == 1 else out[0]
        best = logp.argmax(-1)
        probs = np.exp(logp.max(-1))
        keep = best != self.engine.vocab.blank_idx
        conf = float(probs[keep].mean()) if keep.any() else 0.0
        return unicodedata.normalize("NFC", " ".join(self.engine.decode_ctc(out).split())), conf


def runs(line: list[tuple[str, int, int, int, int, float]], gap: float) -> list[list[tuple]]:
    """A tesseract line's words left to right, split where the gap is wider than `gap` times the
    line's median word height (the layout code's segment_gap)."""
    line = sorted(line, key=lambda w: w[1])
    size = sorted(w[4] - w[2] for w in line)[len(line) // 2]
    out = [[line[0]]]
    for w in line[1:]:
        (out[-1].append(w) if w[1] - out[-1][-1][3] <= gap * size else out.append([w]))
    return out


def aster_reads(aster: Aster, page: Page) -> tuple[list[list[tuple[list[tuple], str, float]]], float]:
    """Per tesseract line, its runs with asterocr's text and confidence; cached on the page (the
    asterocr and combined rows share them) with the seconds taken, detection included."""
    if page.aster is None:
        from plan_extract import config

        gap = config.pdf_layout().segment_gap
        lines, det_seconds = detected(page)
        img = page.render(300)
        t0 = time.perf_counter()
        reads = []
        for line in lines:
            read = []
            for run in runs(line, gap):
                x0, top = min(w[1] for w in run), min(w[2] for w in run)
                x1, bottom = max(w[3] for w in run), max(w[4] for w in run)
                size = sorted(w[4] - w[2] for w in run)[len(run) // 2]
                # tesseract's word boxes already hold the diacritics; extra height read worse
                # (WER 0.109 with 0.15 x size above and below, 0.096 with none)
                pad_x = round(0.1 * size)
                crop = img.crop((max(0, x0 - pad_x), top, min(img.width, x1 + pad_x), bottom))
                read.append((run, *aster.read(crop)))
            reads.append(read)
        page.aster = (reads, det_seconds + time.perf_counter() - t0)
    return page.aster


def aster_pages(aster: Aster, page: Page, mix: float | None) -> Result:
    """asterocr's reading of every run (mix None), or per run the engine more confident: asterocr
    when 100 x its mean frame probability > (1 - mix) x 100 + mix x tesseract's mean word
    confidence (tesseract's 0-100 squeezed into the upper part of asterocr's range)."""
    reads, seconds = aster_reads(aster, page)
    out_lines = []
    for read in reads:
        out: list[tuple] = []
        for run, text, conf in read:
            t_conf = sum(w[5] for w in run) / len(run)
            if mix is not None and 100 * conf <= (1 - mix) * 100 + mix * t_conf:
                out.extend(run)
                continue
            # asterocr words, boxes spread over the run in proportion to their characters
            x0, x1 = min(w[1] for w in run), max(w[3] for w in run)
            top, bottom = min(w[2] for w in run), max(w[4] for w in run)
            toks = text.split()
            total = max(1, sum(len(t) + 1 for t in toks) - 1)
            pos = 0
            for t in toks:
                a = x0 + (x1 - x0) * pos / total
                pos += len(t)
                out.append((t, round(a), top, round(x0 + (x1 - x0) * pos / total), bottom, conf))
                pos += 1
        if out:
            out_lines.append(out)
    return to_result(out_lines, 300, seconds)


# --- scoring ----------------------------------------------------------------------------


def score(page: Page, got: Result) -> tuple[int, int | None, float]:
    from plan_extract.readers.pdf import ocr
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
    try:
        aster = Aster()
    except ImportError as exc:
        reason = f"package not installed ({exc.name}): pip install asterocr"
        return out + [("asterocr", reason), ("combined", reason)]
    out += [
        ("tess lines + asterocr", lambda p: aster_pages(aster, p, None)),
        (f"combined (mix {args.mix})", lambda p: aster_pages(aster, p, args.mix)),
    ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="+", help="engine names (substrings) to run")
    parser.add_argument("--mix", type=float, default=0.5,
                        help="combined row: weight of tesseract's confidence (see aster_pages)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
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
