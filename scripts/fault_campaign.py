"""A seeded fault campaign: adversarial inputs through `plan-extract extract` in batches.

    python scripts/fault_campaign.py --count 1500 --seed 14 --work /tmp/campaign --timeout 60

Generates `--count` inputs from the families below (random bytes under every suffix, damaged
copies of the bundled corpus, huge lines, repeated lines and repeated runs of lines, thousands
of citations, deeply nested and wide HTML tables, DOCX with millions of tags or very deep XML,
50,000 Markdown headings, pipe tables with thousands of columns, NUL runs, mixed encodings),
writes them under WORK/inputs/batch-NNN/, runs the installed `plan-extract extract` once per
batch with a low `--timeout`, and reports:

- crashes: a batch that exits 2 or prints a traceback on stderr;
- hangs: `Timeout` error records, and a batch killed by the outer guard;
- lost: inputs of a batch missing from its manifest.jsonl;
- tracebacks: on stderr, or inside an error record's message;
- errors of stage "unknown" (every error must name its stage);
- peak RSS: the largest single process and the largest process tree, sampled with psutil.

The report is printed and written to WORK/report.json (exit 1 when anything is found). The
same seed gives the same inputs. Issue 14.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("plan-extract")
SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
REAL_DIRS = (ROOT / "corpus" / "raw", ROOT / "corpus" / "incoming" / "raw")

_VI_WORDS = ("Ủy ban nhân dân tỉnh thực hiện kế hoạch triển khai các nhiệm vụ giải pháp nâng cao "  # noqa: SIM905
             "chất lượng cộng đồng văn hóa xã hội ASEAN giai đoạn đến năm 2025 Sở Nội vụ chủ trì "
             "phối hợp với các sở ban ngành địa phương tổ chức tuyên truyền đẩy mạnh hợp tác").split()
_DOC_TYPES = ("Quyết định", "Nghị định", "Thông tư", "Kế hoạch", "Chỉ thị", "Nghị quyết", "Công văn")
_SUFFIX_OF = {"Quyết định": "QĐ-UBND", "Nghị định": "NĐ-CP", "Thông tư": "TT-BNV", "Kế hoạch": "KH-UBND",
              "Chỉ thị": "CT-TTg", "Nghị quyết": "NQ-HĐND", "Công văn": "UBND-VX"}
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

Case = tuple[str, bytes]  # (suffix, bytes)


# --- small builders -----------------------------------------------------------------------------


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_VI_WORDS) for _ in range(n))


def _docx(body_xml: str | bytes, extra: dict[str, bytes] | None = None) -> bytes:
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
    tail = "</w:body></w:document>"
    body = body_xml.encode() if isinstance(body_xml, str) else body_xml
    buf = io.BytesIO()
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": head.encode() + body + tail.encode(),
             **(extra or {})}
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():  # a fixed date: the same seed gives the same bytes
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data,
                        compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _para(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _citation(rng: random.Random, i: int) -> str:
    t = rng.choice(_DOC_TYPES)
    return (f"Căn cứ {t} số {i + 1}/{rng.randint(2000, 2025)}/{_SUFFIX_OF[t]} ngày {rng.randint(1, 28)} "
            f"tháng {rng.randint(1, 12)} năm {rng.randint(2000, 2025)} của Ủy ban nhân dân tỉnh "
            f"về việc {_words(rng, 6)};")


def _real_files() -> list[Path]:
    return sorted(p for d in REAL_DIRS if d.is_dir() for p in d.iterdir()
                  if p.is_file() and p.suffix in SUFFIXES)


# --- the families -------------------------------------------------------------------------------


def random_bytes(rng: random.Random) -> Case:
    suffix = rng.choice(SUFFIXES)
    n = rng.choice((0, 1, 7, 100, 4096, 65_536, 300_000))
    data = rng.randbytes(n)
    prefix = rng.choice((b"", b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf",
                         b"\xff\xfe", b"# "))
    return suffix, prefix + data


def corrupted_real(rng: random.Random) -> Case:
    path = rng.choice(_real_files())
    data = bytearray(path.read_bytes())
    how = rng.choice(("truncate", "flip", "splice", "zero", "rename"))
    if how == "truncate" and data:
        data = data[:rng.randrange(len(data))]
    elif how == "flip":
        for _ in range(rng.choice((1, 10, 100, 1000))):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
    elif how == "splice" and data:
        at = rng.randrange(len(data))
        data[at:at] = rng.randbytes(rng.choice((16, 1024, 65_536)))
    elif how == "zero" and data:
        at = rng.randrange(len(data))
        data[at:at + rng.choice((64, 4096, 100_000))] = bytes(min(4096, len(data) - at))
    suffix = rng.choice(SUFFIXES) if how == "rename" else path.suffix
    return suffix, bytes(data)


def huge_line(rng: random.Random) -> Case:
    suffix = rng.choice((".txt", ".md", ".html"))
    n = rng.choice((1_000_000, 4_000_000, 10_000_000))
    unit = rng.choice(("a", "Sở Nội vụ chủ trì ", "| ", "1.", "(", "Căn cứ ", "- ", "x" * 50 + " "))
    line = (unit * (n // len(unit) + 1))[:n]
    if suffix == ".html":
        return suffix, f"<html><body><p>{line}</p></body></html>".encode()
    return suffix, f"KẾ HOẠCH\n{line}\n".encode()


def repeated_lines(rng: random.Random) -> Case:
    line = rng.choice(("- Tổ chức thực hiện", "a", "", "I. NHIỆM VỤ", "Sở Nội vụ chủ trì.", "|", "1."))
    n = rng.choice((20_000, 60_000, 100_000))
    return rng.choice((".txt", ".md")), ("\n".join([line] * n) + "\n").encode()


def repeated_runs(rng: random.Random) -> Case:
    size = rng.choice((2, 3, 3, 5, 8))
    block = [rng.choice(("- ", "a) ", "", "1. ")) + _words(rng, rng.choice((1, 3, 12, 40)))
             for _ in range(size)]
    n = rng.choice((5_000, 20_000)) if size <= 3 else rng.choice((2_000, 8_000))
    lines = ["KẾ HOẠCH", "Triển khai thực hiện"]
    for i in range(n):
        lines.extend(block)
        if rng.random() < 0.05:  # an occasional variation breaks the run
            lines.append(f"{i}. {_words(rng, 5)}")
    return rng.choice((".txt", ".md")), "\n".join(lines).encode()


def many_citations(rng: random.Random) -> Case:
    n = rng.choice((2_000, 5_000, 10_000))
    lines = ["ỦY BAN NHÂN DÂN TỈNH", "Số: 12/KH-UBND", "KẾ HOẠCH"]
    lines += [_citation(rng, i) for i in range(n)]
    if rng.random() < 0.5:  # the same documents cited again in the body
        lines += [f"- Thực hiện theo {c[7:]}" for c in (_citation(rng, i) for i in range(n))]
    return rng.choice((".txt", ".md")), "\n".join(lines).encode()


def nested_html_tables(rng: random.Random) -> Case:
    depth = rng.choice((200, 300, 1_000, 5_000, 20_000))
    inner = rng.choice(("<table><tr><td>", "<div>", "<table><tbody><tr><td>", "<ul><li>"))
    close = "".join(f"</{t}>" for t in reversed(inner.strip("<>").split("><")))
    page = "<html><body>" + inner * depth + _words(rng, 8) + close * depth + "</body></html>"
    return rng.choice((".html", ".htm")), page.encode()


def wide_html_table(rng: random.Random) -> Case:
    cols = rng.choice((1_000, 5_000, 20_000))
    rows = rng.choice((1, 3, 20))
    cell = rng.choice(("<td></td>", "<td>x</td>", "<td>Sở Nội vụ</td>", "<td> | </td>"))
    body = "".join("<tr>" + cell * cols + "</tr>" for _ in range(rows))
    return ".html", f"<html><body><table>{body}</table></body></html>".encode()


def docx_many_tags(rng: random.Random) -> Case:
    n = rng.choice((1_000_000, 2_000_000, 4_000_000))
    tag = rng.choice((b"<w:r/>", b"<w:p/>", b"<w:bookmarkEnd/>", b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"))
    return ".docx", _docx(tag * (n // (tag.count(b"<") or 1)))


def docx_deep_xml(rng: random.Random) -> Case:
    depth = rng.choice((200, 255, 300, 1_000, 100_000))
    kind = rng.choice(("sdt", "tbl", "el", "run"))
    if kind == "sdt":
        body = "<w:sdt><w:sdtContent>" * depth + _para("x") + "</w:sdtContent></w:sdt>" * depth
    elif kind == "tbl":
        body = "<w:tbl><w:tr><w:tc>" * depth + _para("x") + "</w:tc></w:tr></w:tbl>" * depth
    elif kind == "el":
        body = "<w:p>" + "<w:ins>" * depth + "<w:r><w:t>x</w:t></w:r>" + "</w:ins>" * depth + "</w:p>"
    else:
        body = ("<w:p><w:r>" + "<w:smartTag>" * depth + "<w:t>x</w:t>" + "</w:smartTag>" * depth
                + "</w:r></w:p>")
    return ".docx", _docx(body)


def md_headings(rng: random.Random) -> Case:
    n = rng.choice((10_000, 50_000))
    lines = []
    for i in range(n):
        marker = rng.choice(("", "I. ", f"{i}. ", "Điều 1. "))
        lines.append("#" * rng.randint(1, 6) + " " + marker + _words(rng, 3))
        if rng.random() < 0.3:
            lines.append(_words(rng, 10))
    return ".md", "\n".join(lines).encode()


def md_wide_table(rng: random.Random) -> Case:
    cols = rng.choice((1_000, 5_000, 20_000))
    rows = rng.choice((2, 10, 100))
    head = "| " + " | ".join(f"c{i}" for i in range(cols)) + " |"
    rule = "|" + "---|" * cols
    body = ["| " + " | ".join(rng.choice(("", "x", "Sở Nội vụ", "1")) for _ in range(cols)) + " |"
            for _ in range(rows)]
    return ".md", "\n".join(["# KẾ HOẠCH", head, rule, *body]).encode()


def nul_runs(rng: random.Random) -> Case:
    suffix = rng.choice((".txt", ".md", ".html"))
    parts = []
    for _ in range(rng.randint(1, 50)):
        parts.append(_words(rng, rng.randint(1, 30)).encode())
        parts.append(b"\x00" * rng.choice((1, 100, 10_000, 1_000_000)))
    data = b"\n".join(parts)
    if suffix == ".html":
        data = b"<html><body><p>" + data + b"</p></body></html>"
    return suffix, data


def mixed_encodings(rng: random.Random) -> Case:
    text = "\n".join(_words(rng, 12) for _ in range(rng.randint(5, 200)))
    pieces = []
    for chunk in text.split("\n"):
        enc = rng.choice(("utf-8", "cp1258", "utf-16", "latin-1", "cp1252", "utf-16-be", "utf-8-sig"))
        pieces.append(chunk.encode(enc, errors="replace"))
    return rng.choice((".txt", ".md", ".html", ".htm")), b"\n".join(pieces)


def wide_text_rows(rng: random.Random) -> Case:
    """Rows of ' | ' cells (a task table copied as text) with thousands of cells."""
    cols = rng.choice((500, 3_000))
    rows = [" | ".join(rng.choice(("", "x", "Sở Nội vụ", "2025")) for _ in range(cols)) for _ in range(50)]
    return ".txt", "\n".join(["KẾ HOẠCH", *rows]).encode()


# family -> (weight, generator); the heavy families (each input a few seconds even when
# linear) weigh little so that a campaign of 1,500 inputs takes minutes, not hours
FAMILIES: dict[str, tuple[float, Callable[[random.Random], Case]]] = {
    "random-bytes": (60, random_bytes),
    "corrupted-real": (40, corrupted_real),
    "mixed-encodings": (8, mixed_encodings),
    "nul-runs": (5, nul_runs),
    "huge-line": (0.8, huge_line),
    "repeated-lines": (0.8, repeated_lines),
    "repeated-runs": (0.8, repeated_runs),
    "many-citations": (0.8, many_citations),
    "nested-html": (0.8, nested_html_tables),
    "wide-html-table": (0.8, wide_html_table),
    "docx-many-tags": (0.5, docx_many_tags),
    "docx-deep-xml": (0.8, docx_deep_xml),
    "md-headings": (0.5, md_headings),
    "md-wide-table": (0.6, md_wide_table),
    "wide-text-rows": (0.5, wide_text_rows),
}


def generate(count: int, seed: int, inputs: Path, batch_size: int) -> dict[str, str]:
    """Write `count` inputs under inputs/batch-NNN/; file name -> family. Every family
    appears at least once (the first ones), the rest are drawn by weight."""
    rng = random.Random(seed)
    names = list(FAMILIES)
    weights = [FAMILIES[n][0] for n in names]
    order = names + rng.choices(names, weights, k=max(0, count - len(names)))
    rng.shuffle(order)
    families: dict[str, str] = {}
    for i, family in enumerate(order[:count]):
        suffix, data = FAMILIES[family][1](random.Random(f"{seed}-{i}"))
        folder = inputs / f"batch-{i // batch_size:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"case-{i:05d}-{family}{suffix}"
        (folder / name).write_bytes(data)
        families[name] = family
    return families


# --- running ------------------------------------------------------------------------------------


def _run_batch(folder: Path, out: Path, timeout: float, workers: int, guard: float, ocr: bool) -> dict:
    """One `extract` run over a batch folder, its RSS sampled every 0.1 s."""
    out.mkdir(parents=True, exist_ok=True)
    cmd = [str(CLI), "extract", str(folder), "-o", str(out), "--quiet", "--timeout", str(timeout),
           "--workers", str(workers)]
    t0 = time.monotonic()
    with open(out.parent / f"{out.name}.stderr", "wb") as err:
        env = dict(os.environ, **({} if ocr else {"PLAN_EXTRACT_NO_OCR": "1"}))
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True, env=env)
        peak_one = peak_tree = 0
        killed = False
        parent = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                procs = [parent, *parent.children(recursive=True)]
                rss = []
                for p in procs:
                    with contextlib.suppress(psutil.Error):
                        rss.append(p.memory_info().rss)
                peak_one = max(peak_one, max(rss, default=0))
                peak_tree = max(peak_tree, sum(rss))
            except psutil.Error:
                pass
            if time.monotonic() - t0 > guard:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
                proc.wait()
                break
            time.sleep(0.1)
    stderr = (out.parent / f"{out.name}.stderr").read_text("utf-8", errors="replace")
    return {"rc": proc.returncode, "seconds": round(time.monotonic() - t0, 1), "killed": killed,
            "peak_rss": peak_one, "peak_tree_rss": peak_tree, "stderr": stderr}


def _records(out: Path) -> tuple[dict[str, dict], list[dict]]:
    """File name -> manifest event (document or error), and the error records."""
    seen: dict[str, dict] = {}
    manifest = out / "manifest.jsonl"
    if manifest.exists():
        for line in manifest.read_text("utf-8", errors="replace").splitlines():
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            if event.get("event") in ("document", "error"):
                seen[Path(event["path"]).name] = event
    errors = []
    path = out / "errors.jsonl"
    if path.exists():
        for line in path.read_text("utf-8", errors="replace").splitlines():
            with contextlib.suppress(json.JSONDecodeError):
                errors.append(json.loads(line))
    return seen, errors


def campaign(args: argparse.Namespace) -> dict:
    work: Path = args.work
    if work.exists():
        shutil.rmtree(work)
    inputs, outs = work / "inputs", work / "out"
    t0 = time.monotonic()
    families = generate(args.count, args.seed, inputs, args.batch_size)
    print(f"generated {len(families)} inputs in {time.monotonic() - t0:.0f} s", file=sys.stderr)
    found: dict[str, list] = {"crashes": [], "hangs": [], "lost": [], "tracebacks": [], "unknown_stage": []}
    error_types: Counter[str] = Counter()
    stages: Counter[str] = Counter()
    peak = {"rss": 0, "tree_rss": 0, "batch": None}
    documents = 0
    slowest: list[tuple[float, str, str]] = []
    batches = sorted(p for p in inputs.iterdir() if p.is_dir())
    for folder in batches:
        names = sorted(p.name for p in folder.iterdir())
        guard = args.timeout * (len(names) / args.workers + 2) + 120
        run = _run_batch(folder, outs / folder.name, args.timeout, args.workers, guard, args.ocr)
        seen, errors = _records(outs / folder.name)
        if run["rc"] not in (0, 1) or "Traceback (most recent call last)" in run["stderr"]:
            found["crashes"].append({"batch": folder.name, "rc": run["rc"], "stderr": run["stderr"][-2000:]})
        if "Traceback (most recent call last)" in run["stderr"]:
            found["tracebacks"].append({"batch": folder.name, "stderr": run["stderr"][-2000:]})
        if run["killed"]:
            found["hangs"].append({"batch": folder.name, "why": f"batch killed after {guard:.0f} s"})
        for name in names:
            if name not in seen:
                found["lost"].append({"input": name, "family": families[name], "batch": folder.name})
            elif seen[name]["event"] == "document":
                documents += 1
                slowest.append((seen[name].get("seconds", 0.0), name, families[name]))
        for e in errors:
            name = Path(e["path"]).name
            family = families.get(name, "?")
            error_types[e["error_type"]] += 1
            stages[e["stage"]] += 1
            brief = {"input": name, "family": family, "stage": e["stage"], "error_type": e["error_type"],
                     "message": e["message"][:300]}
            if e["error_type"] == "Timeout":
                found["hangs"].append(brief)
            if e["stage"] == "unknown":
                found["unknown_stage"].append(brief)
            if "Traceback" in e["message"]:
                found["tracebacks"].append(brief)
        if run["peak_rss"] > peak["rss"]:
            peak.update(rss=run["peak_rss"], batch=folder.name,
                        families=sorted(Counter(families[n] for n in names).items()))
        peak["tree_rss"] = max(peak["tree_rss"], run["peak_tree_rss"])
        print(f"{folder.name}: {len(names)} inputs, rc {run['rc']}, {run['seconds']} s, "
              f"peak {run['peak_rss'] / 2**20:.0f} MiB, {len(seen)} in manifest, {len(errors)} errors",
              file=sys.stderr)
    slowest.sort(reverse=True)
    report = {
        "seed": args.seed, "inputs": len(families), "batches": len(batches), "timeout": args.timeout,
        "workers": args.workers, "seconds": round(time.monotonic() - t0),
        "families": dict(sorted(Counter(families.values()).items())),
        "documents": documents, "errors": sum(error_types.values()),
        "error_types": dict(error_types.most_common()), "error_stages": dict(stages.most_common()),
        "counts": {k: len(v) for k, v in found.items()},
        "peak_rss_mib": round(peak["rss"] / 2**20), "peak_tree_rss_mib": round(peak["tree_rss"] / 2**20),
        "peak_batch": peak["batch"], "peak_batch_families": peak.get("families"),
        "slowest_documents": [{"seconds": s, "input": n, "family": f} for s, n, f in slowest[:10]],
        **found,
    }
    (work / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1500, help="inputs to generate")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--work", type=Path, default=Path("/tmp/plan-extract-campaign"),
                        help="folder for inputs, outputs and report.json (replaced)")
    parser.add_argument("--timeout", type=float, default=60.0, help="extract --timeout")
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ocr", action="store_true",
                        help="OCR scanned PDFs (off by default: PLAN_EXTRACT_NO_OCR=1, so damaged copies "
                             "of the corpus scans fail fast instead of spending minutes each in OCR)")
    parser.add_argument("--only", nargs="*", choices=sorted(FAMILIES),
                        help="generate only these families (with their weights)")
    args = parser.parse_args()
    if args.only:
        for name in list(FAMILIES):
            if name not in args.only:
                del FAMILIES[name]
    report = campaign(args)
    counts = report["counts"]
    print(json.dumps({k: report[k] for k in ("inputs", "documents", "errors", "counts", "error_types",
                                             "error_stages", "peak_rss_mib", "peak_tree_rss_mib",
                                             "peak_batch_families", "seconds")},
                     ensure_ascii=False, indent=1))
    for kind in ("crashes", "hangs", "lost", "tracebacks", "unknown_stage"):
        for item in report[kind][:20]:
            print(f"{kind}: {json.dumps(item, ensure_ascii=False)[:400]}")
    return 1 if any(counts.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
