"""Seconds per PDF page read from its text layer next to seconds per scanned page read by OCR,
measured side by side in one run (`make bench`).

The text-layer pages are the corpus's PDFs (nb_qd_808, nb_qd_963, hn_tb_453); the scanned
pages are the adopted scans in corpus/incoming/raw and the scan fixture. Each PDF is read
whole by the PDF reader (layout, tables, widgets, OCR where a page has no usable text), as
`extract` does; seconds are divided by its page count.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = [ROOT / "corpus" / "raw" / n for n in ("nb_qd_808.pdf", "nb_qd_963.pdf", "hn_tb_453.pdf")]
SCANS = sorted((ROOT / "corpus" / "incoming" / "raw").glob("*.pdf")) + [
    ROOT / "tests" / "fixtures" / "scanned" / "nb_qd_963_scan.pdf"]


def per_page(paths: list[Path]) -> tuple[float, int, int]:
    """(seconds per page, pages, pages read by OCR) over `paths`."""
    from plan_extract.readers.pdf import read_pdf

    seconds, pages, ocred = 0.0, 0, 0
    for path in paths:
        data = path.read_bytes()
        t0 = time.perf_counter()
        reading = read_pdf(data)
        seconds += time.perf_counter() - t0
        pages += len(reading.pages)
        ocred += sum(p.method != "text-layer" for p in reading.pages)
    return seconds / max(pages, 1), pages, ocred


def main() -> None:
    from plan_extract.readers.pdf import ocr

    if (reason := ocr.available()) is not None:
        sys.exit(f"OCR not available ({reason}): scanned pages cannot be timed")
    text = per_page(TEXT)
    scans = per_page(SCANS)
    print(f"text layer: {text[0]:.3f} s/page over {text[1]} pages")
    print(f"scanned (OCR): {scans[0]:.3f} s/page over {scans[1]} pages ({scans[2]} OCRed), "
          f"{scans[0] / text[0]:.0f}x a text-layer page")


if __name__ == "__main__":
    main()
