"""Time and peak memory of `extract` on one long plan of short lines (issue 14: 1 million
lines took 118 s and 4.9 GB). Generates "- Tổ chức hội nghị số {i};" lines with a numbered
heading every 50 lines, runs `plan-extract extract` on each size in a subprocess with no
--timeout (1M lines is 40 MB, under the input cap), and prints seconds and peak RSS next to
the 1 GB limit, and the largest size's time over the smallest's (linear: the line ratio).

    python benchmarks/bench_big_text.py [--lines 100000 1000000]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIMIT_BYTES = 1 << 30
"""Peak memory per document the issue asks to stay under."""


def write_text(path: Path, lines: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("ỦY BAN NHÂN DÂN\nTỈNH TIỀN GIANG\nKẾ HOẠCH\nTổ chức các hội nghị\n")
        for i in range(lines):
            if i % 50 == 0:
                fh.write(f"{i // 50 + 1}. Nhóm hội nghị {i // 50 + 1}\n")
            fh.write(f"- Tổ chức hội nghị số {i};\n")


def run(path: Path, out: Path) -> tuple[float, int, int]:
    """(seconds, peak RSS in bytes of the extracting process, exit code)."""
    exe = Path(sys.executable).with_name("plan-extract")
    cmd = [str(exe), "extract", str(path), "-o", str(out), "--quiet", "--timeout", "0"]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    # the largest child so far (Linux: kB): sizes run smallest first, so it is this run's
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    if done.returncode:
        print(done.stderr.strip().splitlines()[-1:] or "", file=sys.stderr)
    return seconds, peak, done.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, nargs="+", default=[100_000, 1_000_000])
    args = ap.parse_args()
    times = {}
    with tempfile.TemporaryDirectory(prefix="bench-big-") as tmp:
        for n in sorted(args.lines):
            path = Path(tmp) / f"big-{n}.txt"
            write_text(path, n)
            seconds, peak, code = run(path, Path(tmp) / f"out-{n}")
            times[n] = seconds
            verdict = "under" if peak < LIMIT_BYTES else "OVER"
            print(f"{n:>9,} lines ({path.stat().st_size / 1e6:.0f} MB): {seconds:7.1f} s, peak RSS "
                  f"{peak / 2**20:6.0f} MiB ({verdict} the {LIMIT_BYTES / 2**30:g} GiB limit), exit {code}")
    if len(times) > 1:
        small, large = min(times), max(times)
        print(f"time {large:,}/{small:,} lines: {times[large] / times[small]:.1f}x "
              f"(linear: {large / small:.0f}x)")


if __name__ == "__main__":
    main()
