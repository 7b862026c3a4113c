"""Record the JSON of every document in corpus/raw and ../shared/corpus-extra, or compare the
current pipeline's output with a recording: the check that a restructuring changed no output.

    python scripts/snapshot_outputs.py record build/snapshots/before
    python scripts/snapshot_outputs.py compare build/snapshots/before

It runs the installed `plan-extract extract` (so it does not depend on internal module paths),
one run per input folder, and stores each output with `pipeline_version` removed, plus the
error records without their timings. `compare` exits 1 and lists every file that differs,
is missing or is new. Set PLAN_EXTRACT_NO_OCR=1 for a quick run that leaves scans unread.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = {"corpus": ROOT / "corpus" / "raw", "extra": ROOT.parent / "shared" / "corpus-extra"}
CLI = Path(sys.executable).with_name("plan-extract")


def _canonical(out: Path) -> dict[str, str]:
    """Output file name -> canonical JSON text (pipeline_version and timings dropped)."""
    found: dict[str, str] = {}
    for path in sorted(out.glob("*.json")):
        if path.name == "manifest.json":
            continue
        data = json.loads(path.read_text("utf-8"))
        data.pop("pipeline_version", None)
        found[path.name] = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    errors = []
    for line in (out / "errors.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        record.pop("seconds", None)
        errors.append(record)
    found["errors.jsonl"] = json.dumps(sorted(errors, key=lambda e: e["path"]), ensure_ascii=False,
                                       indent=1)
    return found


def run_all(workers: int = 2) -> dict[str, dict[str, str]]:
    outputs: dict[str, dict[str, str]] = {}
    for label, folder in INPUTS.items():
        if not folder.is_dir():
            print(f"skipped {label}: {folder} not found", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([str(CLI), "extract", str(folder), "-o", tmp, "--quiet",
                            "--workers", str(workers)], check=False, cwd=ROOT)
            outputs[label] = _canonical(Path(tmp))
    return outputs


def record(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    for label, files in run_all().items():
        folder = target / label
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text, "utf-8")
        print(f"recorded {len(files)} files of {label} in {folder}")


def compare(target: Path) -> int:
    differ = 0
    for label, files in run_all().items():
        folder = target / label
        before = {p.name: p.read_text("utf-8") for p in folder.iterdir()} if folder.is_dir() else {}
        for name in sorted(set(before) | set(files)):
            if name not in files:
                print(f"missing now: {label}/{name}")
            elif name not in before:
                print(f"new: {label}/{name}")
            elif before[name] != files[name]:
                print(f"differs: {label}/{name}")
            else:
                continue
            differ += 1
        print(f"{label}: {len(files)} files compared, {differ} differences so far")
    print("identical" if not differ else f"{differ} file(s) differ")
    return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("record", "compare"):
        sys.exit(__doc__)
    if sys.argv[1] == "record":
        record(Path(sys.argv[2]))
    else:
        sys.exit(compare(Path(sys.argv[2])))
