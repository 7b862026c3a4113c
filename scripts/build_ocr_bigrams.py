"""Build src/plan_extract/data/readers/ocr_bigrams.json: how often each pair of neighbouring
words stands in the digital (never OCRed) texts of the corpus, for the OCR tone restorer
(`plan_extract.readers.pdf.tones`).

    .venv/bin/python scripts/build_ocr_bigrams.py [--min-count 2]

Sources: the text and Markdown files of corpus/raw and corpus/incoming/raw, and of
../shared/corpus-extra/congbao and plans-2026-12 where that folder is there. PDFs are left
out: their text may itself be OCR.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from plan_extract.lexicon.textnorm import clean_chars
from plan_extract.readers.pdf.tones import neighbours

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "plan_extract" / "data" / "readers" / "ocr_bigrams.json"
SOURCES = [ROOT / "corpus" / "raw", ROOT / "corpus" / "incoming" / "raw",
           ROOT.parent / "shared" / "corpus-extra" / "congbao",
           ROOT.parent / "shared" / "corpus-extra" / "plans-2026-12"]


OCR_TEXTS = {"tw_ctr_31_kl75.txt"}
"""Texts in those folders that are themselves OCR output: their misreadings are no evidence."""


def main(min_count: int) -> None:
    counts: Counter[str] = Counter()
    used = []
    for folder in SOURCES:
        files = sorted(p for p in folder.glob("*") if p.suffix in {".txt", ".md"}
                       and p.name not in OCR_TEXTS) if folder.is_dir() else []
        for path in files:
            for line in clean_chars(path.read_text("utf-8", errors="replace")).splitlines():
                counts.update(f"{a} {b}" for a, b in neighbours(line))
        if files:
            used.append(f"{folder.relative_to(ROOT.parent)} ({len(files)} files)")
    bigrams = {k: n for k, n in sorted(counts.items()) if n >= min_count}
    data = {"source": "scripts/build_ocr_bigrams.py over " + ", ".join(used),
            "min_count": min_count, "bigrams": bigrams}
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(bigrams)} pairs from {sum(counts.values())} neighbours")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-count", type=int, default=2)
    main(parser.parse_args().min_count)
