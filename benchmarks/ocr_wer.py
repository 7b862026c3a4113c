"""OCR word error rate against hand transcriptions (tests/fixtures/ocr/<stem>_p<N>.txt), for
each rendering DPI and tesseract page segmentation mode tried, measured side by side in one
run; with seconds per page.

    .venv/bin/python benchmarks/ocr_wer.py [--dpi 300 400] [--psm 3 4 6] [--engine E ...] [--json out.json]

Engines: the reader the pipeline uses ("combined": tesseract, its line runs re-read by asterocr
where the `ocr` extra is installed; $PLAN_EXTRACT_OCR_ENGINE by default) or "tesseract" alone.

WER is the word-level edit distance over the reference's word count, after NFC and with
punctuation kept (a word is a whitespace-separated token), in reading order; "bag" is the
order-free share of reference words missing or wrong (a two-column header read row by row
instead of column by column costs WER but not bag). "layout" is the WER of the lines as the
PDF reader lays them out from the word boxes (columns put in order), the text the pipeline
reads. Pages are looked up in corpus/raw,
corpus/incoming/raw and ../shared/corpus-extra/plans-2026-12.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRUTH = ROOT / "tests" / "fixtures" / "ocr"
SOURCES = [ROOT / "corpus" / "raw", ROOT / "corpus" / "incoming" / "raw",
           ROOT.parent / "shared" / "corpus-extra" / "plans-2026-12"]


def words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def edit_distance(a: list[str], b: list[str]) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def bag_error(ref: list[str], hyp: list[str]) -> float:
    missing = Counter(ref) - Counter(hyp)
    return sum(missing.values()) / max(1, len(ref))


def pages() -> list[tuple[Path, int, list[str]]]:
    out = []
    for truth in sorted(TRUTH.glob("*_p*.txt")):
        m = re.fullmatch(r"(?P<stem>.+)_p(?P<n>\d+)", truth.stem)
        pdf = next((d / f"{m['stem']}.pdf" for d in SOURCES if (d / f"{m['stem']}.pdf").exists()), None)
        if pdf is None:
            print(f"skipped {truth.name}: {m['stem']}.pdf not found", file=sys.stderr)
            continue
        out.append((pdf, int(m["n"]), words(truth.read_text("utf-8"))))
    return out


def main() -> None:
    import pypdfium2

    from plan_extract.readers.pdf import ocr
    from plan_extract.readers.pdf.layout import LayoutStats, ocr_page_lines

    parser = argparse.ArgumentParser()
    parser.add_argument("--dpi", type=int, nargs="+", default=[300, 400])
    parser.add_argument("--psm", type=int, nargs="+", default=[3, 4, 6])
    parser.add_argument("--engine", nargs="+", choices=ocr.ENGINES, default=[None],
                        help="OCR engine(s) (default: $PLAN_EXTRACT_OCR_ENGINE, else combined)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if (reason := ocr.available()) is not None:
        sys.exit(f"OCR not available: {reason}")
    todo = pages()
    results = []
    for engine, dpi, psm in ((e, d, p) for e in args.engine for d in args.dpi for p in args.psm):
        label = engine or ocr.engine_choice()
        errors = ref_words = laid_out = 0
        bag = []
        seconds = 0.0
        per_page = {}
        for pdf, n, ref in todo:
            t0 = time.perf_counter()
            [page] = ocr.ocr_pdf(pdf.read_bytes(), pages=[n - 1], dpi=dpi, psm=psm, engine=engine)
            label = page.engine
            seconds += time.perf_counter() - t0
            hyp = words("\n".join(ocr.fix_header_words(line) for line in page.text.splitlines()))
            dist = edit_distance(ref, hyp)
            errors += dist
            width = float(pypdfium2.PdfDocument(pdf.read_bytes())[n - 1].get_width())
            lines = ocr_page_lines(page.boxes, n - 1, width, LayoutStats())
            text = "\n".join(ocr.fix_header_words(ln.text) for ln in lines)
            laid_out += edit_distance(ref, words(text))
            ref_words += len(ref)
            bag.append(bag_error(ref, hyp))
            per_page[f"{pdf.stem} p{n}"] = round(dist / len(ref), 4)
        row = {"engine": label, "dpi": dpi, "psm": psm, "wer": round(errors / ref_words, 4),
               "layout_wer": round(laid_out / ref_words, 4),
               "bag": round(sum(bag) / len(bag), 4), "seconds_per_page": round(seconds / len(todo), 2),
               "pages": per_page}
        results.append(row)
        print(f"{label} dpi {dpi} psm {psm}: WER {row['wer']:.3f}, laid out {row['layout_wer']:.3f}, "
              f"bag {row['bag']:.3f}, "
              f"{row['seconds_per_page']:.1f} s/page over {len(todo)} pages ({ref_words} words)",
              flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), "utf-8")


if __name__ == "__main__":
    main()
