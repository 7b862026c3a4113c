"""Throughput of `plan-extract extract`, next to one underthesea `word_tokenize` pass (`make bench`).

Why: the question for a batch is whether extraction is cheap next to the first NLP step
anyone runs on the same text. So this builds a corpus of >= 1,000 documents by replicating
the real ones (corpus/raw seeds and tests/fixtures/corpus-extra), each copy made unique,
times `extract_many` over it exactly as the batch CLI runs it (workers=1, and 2), then times
one `word_tokenize` pass over the normalized text the pipeline produced for the same
documents, and prints docs/s, MB/s and the ratio of the two times.

What is measured, and how:
- MB/s is over input bytes (the files on disk) for both extract and word_tokenize, so the
  ratio of the MB/s figures equals the ratio of times; MB/s over normalized-text bytes
  (UTF-8) is printed next to it.
- word_tokenize runs once over each document's normalized text (`ExtractedDocument.text`
  from the workers=1 run), line by line (a normalized line is a paragraph); empty lines are
  skipped. Documents that failed to extract have no text and are left out of that pass.
- Everything is imported and warmed before any timing: every base document is extracted
  once (loads the lexicons, bs4/lxml, pdfplumber) and the word_tokenize CRF model is loaded
  and run over the seeds, which also gives the tokenizer's per-MB speed on a sample.
- Copies: .txt gets a final line "Bản sao số N."; .html gets <p>Bản sao số N.</p> (as
  ASCII character references, whatever the page's charset) before </body>. N is the copy's
  number in the corpus, so every file's bytes (and sha256) differ. Sections, references and
  metadata come out as for the original; the .txt line is one more closing paragraph (one
  more activity); the HTML paragraph sits outside the main-content container the reader
  keeps, so HTML copies differ in bytes only. PDF and DOCX cannot be altered cheaply without
  touching their structure, so each is included once, unreplicated.
- Mix: the gazette texts run to 260 KB, and word_tokenize is ~10x slower per MB than
  extract, so replicating every base document equally would make the tokenizer pass take
  several minutes. Copies are apportioned by weight min(1, cap / size): documents up to
  --cap-kb (default 32 KB) get equal shares, larger ones proportionally fewer, so each base
  document contributes at most about `cap` bytes per round. Documents are never truncated.
  The composition is deterministic (same files, same counts, same order: seeded shuffle) so
  runs on different commits compare.

Speed is measured only here, never in tests. Results go to OUT/bench.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import random
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import bs4  # noqa: F401  (imported by ingest on first HTML; import before timing)
import lxml.etree  # noqa: F401
import pdfplumber  # noqa: F401  (imported by ingest on first PDF)
import underthesea
from underthesea import word_tokenize

from plan_extract.document import PIPELINE_VERSION
from plan_extract.pipeline import extract_many
from plan_extract.readers import suffixes
from plan_extract.taxonomy import classifier
from plan_extract.taxonomy.classifier import DEFAULT_TAXONOMY

SUFFIXES = suffixes()

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "raw"
EXTRA = ROOT / "tests" / "fixtures" / "corpus-extra"
REPLICABLE = {"txt", "html"}
MB = 1_000_000


@dataclass
class Base:
    path: Path
    fmt: str
    size: int  # input bytes
    text_bytes: int = 0  # UTF-8 bytes of the normalized text (from the warm-up extraction)
    copies: int = 0


@dataclass
class Copy:
    path: Path
    base: Base
    size: int


@dataclass
class Run:
    name: str
    docs: int
    seconds: float
    input_bytes: int
    text_bytes: int
    results: int = 0
    errors: int = 0
    by_format: dict[str, float] = field(default_factory=dict)  # summed per-document seconds

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds

    @property
    def mb_per_s(self) -> float:
        return self.input_bytes / MB / self.seconds

    @property
    def text_mb_per_s(self) -> float:
        return self.text_bytes / MB / self.seconds


def base_documents() -> list[Base]:
    paths = sorted(SEEDS.glob("*.txt")) + sorted(
        p for p in EXTRA.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    return [Base(p, SUFFIXES[p.suffix.lower()], p.stat().st_size) for p in paths]


def apportion(bases: list[Base], docs: int, cap: int) -> None:
    """Set `copies`: PDF/DOCX once; the rest of `docs` shared by weight min(1, cap/size),
    at least one each, by largest remainder so the total is exactly `docs`."""
    once = [b for b in bases if b.fmt not in REPLICABLE]
    rep = [b for b in bases if b.fmt in REPLICABLE]
    for b in once:
        b.copies = 1
    slots = docs - len(once)
    if slots < len(rep):
        raise SystemExit(f"--docs must be at least {len(once) + len(rep)} (one of each base document)")
    weights = [min(1.0, cap / b.size) for b in rep]
    total = sum(weights)
    shares = [slots * w / total for w in weights]
    for b, s in zip(rep, shares, strict=True):
        b.copies = max(1, int(s))
    left = slots - sum(b.copies for b in rep)
    order = sorted(range(len(rep)), key=lambda i: (shares[i] - int(shares[i]), -i), reverse=True)
    i = 0
    while left != 0:
        b = rep[order[i % len(rep)]]
        if left > 0:
            b.copies += 1
            left -= 1
        elif b.copies > 1:
            b.copies -= 1
            left += 1
        i += 1


def _char_refs(text: str) -> bytes:
    return "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in text).encode("ascii")


def mark_copy(data: bytes, fmt: str, n: int) -> bytes:
    """Make a copy unique without changing its structure (one added line or paragraph)."""
    if fmt == "txt":
        line = f"Bản sao số {n}.\n".encode()
        return data + line if data.endswith(b"\n") else data + b"\n" + line
    marker = b"<p>" + _char_refs(f"Bản sao số {n}.") + b"</p>\n"
    at = data.lower().rfind(b"</body>")
    if at < 0:
        return data + marker
    return data[:at] + marker + data[at:]


def build_corpus(bases: list[Base], folder: Path) -> list[Copy]:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    plan = [b for b in bases for _ in range(b.copies)]
    random.Random(0).shuffle(plan)  # spread the big documents through the batch
    copies: list[Copy] = []
    for n, base in enumerate(plan, start=1):
        data = base.path.read_bytes()
        if base.fmt in REPLICABLE:
            data = mark_copy(data, base.fmt, n)
        target = folder / f"{n:05d}-{base.path.name}"
        target.write_bytes(data)
        copies.append(Copy(target, base, len(data)))
    return copies


def warm_up(bases: list[Base]) -> tuple[float, float]:
    """Extract every base document once (lexicons, parsers), load and run the tokenizer
    over the seeds. Returns the tokenizer's sample speed (text MB/s) and the sample size."""
    by_path = {b.path: b for b in bases}
    texts: list[str] = []
    for outcome in extract_many(list(by_path), workers=1):
        if outcome.document is None:
            raise SystemExit(f"base document fails to extract: {outcome.path}: {outcome.error}")
        base = by_path[outcome.path]
        base.text_bytes = len(outcome.document.text.encode())
        if base.path.parent == SEEDS:
            texts.append(outcome.document.text)
    word_tokenize("Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện")  # loads the CRF model
    t0 = time.perf_counter()
    for text in texts:
        tokenize_text(text)
    seconds = time.perf_counter() - t0
    sample_bytes = sum(len(t.encode()) for t in texts)
    return sample_bytes / MB / seconds, sample_bytes / MB


def tokenize_text(text: str) -> int:
    tokens = 0
    for line in text.split("\n"):
        if line.strip():
            tokens += len(word_tokenize(line))
    return tokens


def time_extract(copies: list[Copy], workers: int, keep_text: bool,
                 taxonomy: str | None = DEFAULT_TAXONOMY) -> tuple[Run, dict[Path, str]]:
    by_path = {c.path: c for c in copies}
    texts: dict[Path, str] = {}
    by_format: dict[str, float] = defaultdict(float)
    results = errors = 0
    t0 = time.perf_counter()
    for outcome in extract_many([c.path for c in copies], workers=workers, taxonomy=taxonomy):
        by_format[by_path[outcome.path].base.fmt] += outcome.seconds
        if outcome.document is not None:
            results += 1
            if keep_text:
                texts[outcome.path] = outcome.document.text
        else:
            errors += 1
            print(f"  error {outcome.path.name}: {outcome.error}", file=sys.stderr)
    seconds = time.perf_counter() - t0
    if results + errors != len(copies):
        raise SystemExit(f"extract_many returned {results + errors} outcomes for {len(copies)} inputs")
    name = f"extract (workers={workers})" if taxonomy else f"extract, no pillars (workers={workers})"
    run = Run(name, len(copies), seconds,
              sum(c.size for c in copies), 0, results, errors, dict(by_format))
    return run, texts


def time_tokenize(copies: list[Copy], texts: dict[Path, str]) -> tuple[Run, int]:
    done = [c for c in copies if c.path in texts]
    by_format: dict[str, float] = defaultdict(float)
    tokens = 0
    t0 = time.perf_counter()
    for c in done:
        t1 = time.perf_counter()
        tokens += tokenize_text(texts[c.path])
        by_format[c.base.fmt] += time.perf_counter() - t1
    seconds = time.perf_counter() - t0
    run = Run("underthesea word_tokenize", len(done), seconds, sum(c.size for c in done),
              sum(len(texts[c.path].encode()) for c in done), len(done), 0, dict(by_format))
    return run, tokens


def composition(bases: list[Base], copies: list[Copy]) -> list[dict]:
    rows = []
    for fmt in ("txt", "html", "pdf", "docx"):
        bs = [b for b in bases if b.fmt == fmt]
        cs = [c for c in copies if c.base.fmt == fmt]
        if not bs:
            continue
        rows.append({"format": fmt, "base_documents": len(bs), "documents": len(cs),
                     "input_mb": sum(c.size for c in cs) / MB,
                     "text_mb": sum(c.base.text_bytes for c in cs) / MB,
                     "replicated": fmt in REPLICABLE})
    return rows


def print_composition(rows: list[dict], bases: list[Base], copies: list[Copy], cap: int) -> None:
    print(f"corpus: {len(copies)} documents, {sum(c.size for c in copies) / MB:.2f} MB input, "
          f"{sum(c.base.text_bytes for c in copies) / MB:.2f} MB normalized text "
          f"(copies weighted by min(1, {cap // 1000} KB / size); PDF and DOCX once each)")
    print(f"  {'format':<6} {'bases':>5} {'docs':>6} {'input MB':>9} {'text MB':>8}")
    for r in rows:
        print(f"  {r['format']:<6} {r['base_documents']:>5} {r['documents']:>6} "
              f"{r['input_mb']:>9.2f} {r['text_mb']:>8.2f}")
    seeds = [b for b in bases if b.path.parent == SEEDS]
    congbao = [b for b in bases if b.path.parent.name == "congbao"]
    per_text = sorted(b.copies for b in congbao)
    print(f"  copies: seeds {sum(b.copies for b in seeds)} ({', '.join(str(b.copies) for b in seeds)}), "
          f"gazette txt {sum(b.copies for b in congbao)} over {len(congbao)} texts "
          f"({per_text[0]}-{per_text[-1]} copies per text, median {per_text[len(per_text) // 2]}), "
          + ", ".join(f"{b.path.name} {b.copies}" for b in bases if b.fmt == "html"))


def print_table(runs: list[Run], tokenize: Run) -> None:
    head = (f"{'':<28} {'docs':>5} {'errors':>6} {'seconds':>8} {'docs/s':>8} {'MB/s':>7} "
            f"{'text MB/s':>9} {'time / tokenize':>15}")
    print(head)
    print("-" * len(head))
    for r in [*runs, tokenize]:
        ratio = "" if r is tokenize else f"{r.seconds / tokenize.seconds:.3f}"
        print(f"{r.name:<28} {r.docs:>5} {r.errors:>6} {r.seconds:>8.2f} {r.docs_per_s:>8.1f} "
              f"{r.mb_per_s:>7.2f} {r.text_mb_per_s if r.text_bytes else float('nan'):>9.2f} "
              f"{ratio:>15}")
    print("MB/s: input bytes (files on disk) for every row; text MB/s: UTF-8 bytes of the "
          "normalized text")


def print_by_format(runs: list[Run], tokenize: Run, rows: list[dict]) -> None:
    first = runs[0]
    print("per format (summed per-document seconds; extract from the "
          f"{first.name} run):")
    print(f"  {'format':<6} {'extract s':>9} {'tokenize s':>10} {'extract / tokenize':>18}")
    for r in rows:
        fmt = r["format"]
        e, t = first.by_format.get(fmt, 0.0), tokenize.by_format.get(fmt, 0.0)
        print(f"  {fmt:<6} {e:>9.2f} {t:>10.2f} {e / t if t else float('nan'):>18.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="extract runs, one per worker count; the first run's text feeds "
                             "word_tokenize (default: 1 2)")
    parser.add_argument("--cap-kb", type=int, default=32,
                        help="documents above this size get proportionally fewer copies (default 32)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out",
                        help="corpus goes to OUT/corpus, results to OUT/bench.json (default bench-out)")
    args = parser.parse_args(argv)
    wall0 = time.perf_counter()
    cap = args.cap_kb * 1000

    bases = base_documents()
    print(f"plan-extract {PIPELINE_VERSION}, underthesea {underthesea.__version__}, "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print("warming up (extract every base document once, load word_tokenize) ...")
    sample_speed, sample_mb = warm_up(bases)
    apportion(bases, args.docs, cap)
    t0 = time.perf_counter()
    copies = build_corpus(bases, args.out / "corpus")
    build_seconds = time.perf_counter() - t0
    rows = composition(bases, copies)
    print_composition(rows, bases, copies, cap)
    text_mb = sum(c.base.text_bytes for c in copies) / MB
    print(f"  built in {build_seconds:.1f}s under {args.out / 'corpus'}; word_tokenize sample: "
          f"{sample_speed:.2f} text MB/s over {sample_mb:.3f} MB -> pass expected ~"
          f"{text_mb / sample_speed:.0f}s")
    print()

    runs: list[Run] = []
    texts: dict[Path, str] = {}
    for i, workers in enumerate(args.workers):
        run, got = time_extract(copies, workers, keep_text=(i == 0))
        runs.append(run)
        if i == 0:
            texts = got
        # text MB of the documents extracted (same for every run)
        run.text_bytes = sum(len(t.encode()) for t in texts.values())
        print(f"  {run.name}: {run.seconds:.2f}s", flush=True)
    # What pillar classification adds: single-process runs without and with that stage,
    # alternated twice, the faster of each pair kept (one run is noisy on a shared machine).
    # The same with the classifier before issue 15 (naive Bayes + keyword hits, the shipped
    # model's regression switched off), side by side in this run on the same inputs.
    bare_runs, full_runs, nb_runs = [], [], []
    for _ in range(2):
        bare_runs.append(time_extract(copies, 1, keep_text=False, taxonomy=None)[0])
        full_runs.append(time_extract(copies, 1, keep_text=False)[0])
        with naive_bayes_only():
            nb_runs.append(time_extract(copies, 1, keep_text=False)[0])
    if args.workers[0] == 1:
        full_runs.append(runs[0])  # the first run is the same configuration
    bare = min(bare_runs, key=lambda r: r.seconds)
    full = min(full_runs, key=lambda r: r.seconds)
    bare.text_bytes = runs[0].text_bytes
    full = Run(**{**asdict(full), "name": f"pillars, w=1, best of {len(full_runs)}",
                  "text_bytes": runs[0].text_bytes})
    bare.name = f"no pillars, w=1, best of {len(bare_runs)}"
    nb = min(nb_runs, key=lambda r: r.seconds)
    nb = Run(**{**asdict(nb), "name": f"naive-Bayes pillars, w=1, best of {len(nb_runs)}",
                "text_bytes": runs[0].text_bytes})
    runs += [full, nb, bare]
    print(f"  {full.name}: {full.seconds:.2f}s; {nb.name}: {nb.seconds:.2f}s; "
          f"{bare.name}: {bare.seconds:.2f}s", flush=True)
    tokenize, tokens = time_tokenize(copies, texts)
    print(f"  {tokenize.name}: {tokenize.seconds:.2f}s ({tokens} tokens)")
    print()
    print_table(runs, tokenize)
    print(f"ratio extract time / word_tokenize time ({runs[0].name}): "
          f"{runs[0].seconds / tokenize.seconds:.3f}")
    print()
    print(f"pillar classification adds {100 * (full.seconds / bare.seconds - 1):.1f}% "
          f"to extract time per document ({full.name} vs {bare.name}); the naive Bayes alone "
          f"{100 * (nb.seconds / bare.seconds - 1):.1f}%; extract with the shipped classifier "
          f"takes {100 * (full.seconds / nb.seconds - 1):+.1f}% against extract with the naive Bayes")
    print_by_format(runs, tokenize, rows)
    wall = time.perf_counter() - wall0

    report = {
        "pipeline_version": PIPELINE_VERSION,
        "underthesea": underthesea.__version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "settings": {"docs": args.docs, "workers": args.workers, "cap_kb": args.cap_kb,
                     "mb": "input bytes (files on disk), 1 MB = 10^6 bytes",
                     "tokenize_text": "normalized text from the first extract run, line by line"},
        "corpus": {"documents": len(copies), "input_mb": sum(c.size for c in copies) / MB,
                   "text_mb": text_mb, "by_format": rows,
                   "copies": {str(b.path.relative_to(ROOT)): b.copies for b in bases}},
        "tokenize_sample": {"text_mb": sample_mb, "text_mb_per_s": sample_speed},
        "runs": [{**asdict(r), "docs_per_s": r.docs_per_s, "mb_per_s": r.mb_per_s,
                  "text_mb_per_s": r.text_mb_per_s} for r in [*runs, tokenize]],
        "tokens": tokens,
        "ratio_extract_over_tokenize": {r.name: r.seconds / tokenize.seconds for r in runs},
        "pillar_overhead": full.seconds / bare.seconds - 1,
        "pillar_overhead_naive_bayes": nb.seconds / bare.seconds - 1,
        "extract_over_naive_bayes_extract": full.seconds / nb.seconds - 1,
        "wall_seconds": wall,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")
    print(f"\nwall time {wall:.1f}s; wrote {args.out / 'bench.json'}")
    return 1 if any(r.errors for r in runs) else 0


@contextmanager
def naive_bayes_only() -> Iterator[None]:
    """The pillar stage with the shipped model minus its logistic regression (in-process runs:
    `time_extract` with one worker)."""
    shipped = classifier.load_model(DEFAULT_TAXONOMY)
    naive = dataclasses.replace(shipped, linear=None)
    saved = classifier.load_model
    classifier.load_model = lambda name=DEFAULT_TAXONOMY: (
        naive if name == DEFAULT_TAXONOMY else saved(name))
    try:
        yield
    finally:
        classifier.load_model = saved


if __name__ == "__main__":
    sys.exit(main())
