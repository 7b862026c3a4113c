"""What a batch writes, and how: one JSON per document under a unique name, errors.jsonl,
the manifest, documents.jsonl; every file written atomically (shared with the fetcher)."""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import IO, Any

from .document import PIPELINE_VERSION, Document, ErrorRecord

RESERVED = ("manifest", "errors", "documents")
"""Output names the batch itself writes (manifest.json, errors.jsonl, documents.jsonl)."""


def write_atomic(path: Path, data: str | bytes) -> None:
    """Temp file in the same folder, then rename: a reader (or a resumed run) never sees half
    a file. Permissions follow the umask (mkstemp alone makes 0600; outputs are for sharing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def output_names(inputs: list[Path]) -> dict[Path, str]:
    """`<stem>.json`, made unique when two inputs share a stem (a.txt and a.pdf)."""
    counts = Counter(p.stem for p in inputs)
    names: dict[Path, str] = {}
    used: set[str] = set(RESERVED)
    for p in inputs:
        clash = counts[p.stem] > 1 or p.stem in RESERVED
        name = f"{p.stem}.{p.suffix.lstrip('.').lower()}" if clash else p.stem
        base, n = name, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        names[p] = name
    return names


class BatchOutput:
    """The output folder of one `extract` run: documents as they come, then errors.jsonl and
    manifest.json, whose `inputs` equal `results` + `errors`."""

    def __init__(self, out: Path, inputs: list[Path], jsonl: bool = False) -> None:
        self.out = out
        self.names = output_names(inputs)
        self.inputs = len(inputs)
        self.results: list[dict[str, Any]] = []
        self.errors: list[dict[str, Any]] = []
        out.mkdir(parents=True, exist_ok=True)
        self._jsonl: IO[str] | None = (out / "documents.jsonl").open("w", encoding="utf-8") \
            if jsonl else None

    def missing(self, paths: list[Path]) -> None:
        """Inputs given that do not exist: an error record each."""
        self.inputs += len(paths)
        self.errors += [{"path": str(p), "stage": "ingest", "error_type": "FileNotFoundError",
                         "message": "no such file or folder"} for p in paths]

    def document(self, path: Path, doc: Document, seconds: float) -> None:
        target = self.out / f"{self.names[path]}.json"
        write_atomic(target, doc.model_dump_json(indent=1))
        if self._jsonl:
            self._jsonl.write(doc.model_dump_json() + "\n")
        self.results.append({"path": str(path), "output": target.name, "kind": doc.kind,
                             "doc_number": doc.metadata.doc_number,
                             "issue_date": doc.metadata.issue_date,
                             "activities": len(doc.activities), "references": len(doc.references),
                             "warnings": len(doc.warnings), "seconds": round(seconds, 4)})

    def error(self, record: ErrorRecord, seconds: float) -> None:
        self.errors.append({**record.model_dump(), "seconds": round(seconds, 4)})

    def close_stream(self) -> None:
        if self._jsonl:
            self._jsonl.close()
            self._jsonl = None

    def close(self, seconds: float, workers: int) -> dict[str, Any]:
        """Write errors.jsonl and the manifest; the manifest is returned."""
        self.close_stream()
        write_atomic(self.out / "errors.jsonl",
                     "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in self.errors))
        manifest = {"pipeline_version": PIPELINE_VERSION, "inputs": self.inputs,
                    "results": len(self.results), "errors": len(self.errors),
                    "seconds": round(seconds, 3), "workers": workers,
                    "documents": self.results, "failed": self.errors}
        write_atomic(self.out / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        return manifest
