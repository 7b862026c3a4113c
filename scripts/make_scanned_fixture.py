"""Build tests/fixtures/scanned/nb_qd_963_scan.pdf, an image-only copy of a real decision's page 1.

Many provincial portals publish decisions as scans with no text layer; this fixture stands in for
them in the OCR tests. Page 1 of the e-signed Ninh Bình decision 963/QĐ-UBND is rendered at
200 dpi in grayscale and saved as a JPEG-compressed image PDF, so pdfplumber sees no chars and
the file stays small enough to commit. Run from the repository root:

    .venv/bin/python scripts/make_scanned_fixture.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pdfplumber
import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests/fixtures/corpus-extra/pdf/nb_qd_963.pdf"
TARGET = ROOT / "tests/fixtures/scanned/nb_qd_963_scan.pdf"
DPI = 200
JPEG_QUALITY = 60
"""Keeps the file near 300 KB; tesseract reads it with as many slips (about 10 words) as the original."""


def main(source: Path = SOURCE, target: Path = TARGET) -> None:
    pdf = pypdfium2.PdfDocument(source)
    try:
        # The number and date (963, 01/11/2024) are stamped by the e-signature widget, not the
        # text layer; forms must be initialised for pdfium to draw them, as a printout would.
        pdf.init_forms()
        image = pdf[0].render(scale=DPI / 72, grayscale=True, may_draw_forms=True).to_pil().convert("L")
    finally:
        pdf.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target, "PDF", resolution=DPI, quality=JPEG_QUALITY)
    with pdfplumber.open(target) as check:
        if any(page.chars for page in check.pages):
            sys.exit(f"{target} still has a text layer")
    print(f"{target.relative_to(ROOT)}: {image.size[0]}x{image.size[1]} px, {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
