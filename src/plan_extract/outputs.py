"""What a batch writes, and how: one JSON per document under a unique name, errors.jsonl,
the manifest, documents.jsonl; every file written atomically (shared with the fetcher).

A run is accounted for as it goes: `manifest.jsonl` (the run's journal) and `errors.jsonl`
get one line per input as soon as it is done, each line one `write` to a file opened for
appending, so a run killed at any point (kill -9, Ctrl-C, a full disk) leaves every finished
document listed and no torn line; `manifest.json`, the summary, is written when the run ends.
A lock file keeps a second run out of a folder a run is writing into.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .document import PIPELINE_VERSION, Document, ErrorRecord
from .errors import PlanExtractError

RESERVED = ("manifest", "errors", "documents")
"""Output names the batch itself writes (manifest.json, errors.jsonl, documents.jsonl)."""

JOURNAL = "manifest.jsonl"
LOCK = ".plan-extract.lock"
MAX_NAME_BYTES = 200
"""Longest output stem in UTF-8 bytes: a file name may have 255, and the output adds a suffix
(`.txt.json`, `-2`) and its temp file a prefix and a random part."""


class OutputError(PlanExtractError):
    """The output folder cannot be used: not a folder, not writable, full, or locked by a run."""


def safe_text(text: str) -> str:
    """`text` as valid Unicode: a file name's undecodable bytes (which Python keeps as lone
    surrogates) become `\\xff`, so the name can be written to JSON; anything else is kept."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def path_text(path: str | Path) -> str:
    """A path as the outputs record it (`safe_text`)."""
    return safe_text(str(path))


def _cut(name: str, limit: int) -> str:
    """`name` in at most `limit` UTF-8 bytes; a cut name ends with a hash of the whole one,
    so two long names that share a beginning stay apart."""
    raw = name.encode("utf-8")
    if len(raw) <= limit:
        return name
    digest = hashlib.sha256(raw).hexdigest()[:8]
    return raw[:limit - 9].decode("utf-8", "ignore") + "-" + digest


def write_atomic(path: Path, data: str | bytes | Pieces) -> None:
    """Temp file in the same folder, then rename: a reader (or a resumed run) never sees half
    a file. Permissions follow the umask (mkstemp alone makes 0600; outputs are for sharing).
    The temp name is short whatever the target's (a 244-byte name plus a prefix is too long).
    `data` may come in pieces (`Document.json_chunks`), written as they come."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{_cut(path.name, 100)}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, str | bytes):
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            else:
                for piece in data:
                    fh.write(piece)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


Pieces = Iterable[bytes | memoryview]
"""A file's bytes in pieces (`Document.json_chunks`)."""


def gathered(pieces: Pieces, size: int = 1 << 20) -> Iterator[bytes | memoryview]:
    """`pieces` with the small ones joined into blocks of about `size` bytes (one write
    each); a large one passes as it is, not copied."""
    block = bytearray()
    for piece in pieces:
        if len(piece) >= size:
            if block:
                yield bytes(block)
                block.clear()
            yield piece
            continue
        block += piece
        if len(block) >= size:
            yield bytes(block)
            block.clear()
    if block:
        yield bytes(block)


def check_target(path: Path, *, folder: bool) -> None:
    """`OutputError` now, before any work, when `path` cannot be written: a folder wanted where
    a file is, a file name that is a folder, a parent that is a file, a folder not writable
    (read-only disk, permissions). A full disk shows only when written: callers catch
    `OSError` there too."""
    what = "output folder" if folder else "output file"
    if folder and path.exists() and not path.is_dir():
        raise OutputError(f"{what} {path_text(path)} is a file; give a folder")
    if not folder and path.is_dir():
        raise OutputError(f"{what} {path_text(path)} is a folder; give a file name")
    near = path if folder else path.parent
    while not near.exists() and near != near.parent:
        near = near.parent
    if not near.is_dir():
        raise OutputError(f"cannot create {what} {path_text(path)}: {path_text(near)} is a file")
    if not os.access(near, os.W_OK):
        raise OutputError(f"cannot write {what} {path_text(path)}: {path_text(near)} is not writable")


def write_failure(target: Path | str, exc: OSError) -> OutputError:
    """One line for an `OSError` met writing `target` (disk full, read-only, gone)."""
    return OutputError(f"cannot write {path_text(target)}: {_why(exc)}")


def _stem(p: Path) -> str:
    """The output stem of an input: its stem as valid Unicode (undecodable bytes as `_`),
    cut to MAX_NAME_BYTES; "-" (standard input) is "stdin"."""
    if str(p) == "-":
        return "stdin"
    stem = p.stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace").replace("\ufffd", "_")
    return _cut(stem, MAX_NAME_BYTES)


def output_names(inputs: list[Path]) -> dict[Path, str]:
    """`<stem>.json`, made unique when two inputs share a stem (a.txt and a.pdf)."""
    stems = {p: _stem(p) for p in inputs}
    counts = Counter(stems.values())
    names: dict[Path, str] = {}
    used: set[str] = set(RESERVED)
    for p in inputs:
        stem = stems[p]
        clash = counts[stem] > 1 or stem in RESERVED
        suffix = safe_text(p.suffix.lstrip(".").lower())[:16]
        name = f"{stem}.{suffix}" if clash and suffix else stem
        base, n = name, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        names[p] = name
    return names


def sha256_file(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


class _Lines:
    """A JSONL file written one whole line per `write` call, appended: a killed run leaves
    whole lines; a failed write (disk full) is cut back so no torn line stays either."""

    def __init__(self, path: Path, truncate: bool) -> None:
        self.path = path
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if truncate else 0),
                          0o666)

    def write(self, record: Any) -> None:
        """One line: a JSON-able record, its JSON text, or that text's bytes in pieces."""
        if isinstance(record, Iterator):
            pieces: Pieces = itertools.chain(record, (b"\n",))
        else:
            text = record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)
            pieces = ((text + "\n").encode("utf-8"),)
        at = os.lseek(self.fd, 0, os.SEEK_END)
        try:
            for raw in gathered(pieces):
                view = memoryview(raw)
                while view:
                    view = view[os.write(self.fd, view):]
        except BaseException:  # a full disk, or the pieces failing half-way: no torn line
            with suppress(OSError):
                os.ftruncate(self.fd, at)
            raise

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def read_lines(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL file; a line that is not one (torn by a crash) is skipped."""
    out = []
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return out
    for line in text.splitlines():
        with suppress(ValueError):
            record = json.loads(line)
            if isinstance(record, dict):
                out.append(record)
    return out


def run_records(out_dir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
    """(documents, errors) of the last run into `out_dir`, from its journal (complete or not),
    else its manifest.json; None when neither is there (a folder made by hand)."""
    journal = out_dir / JOURNAL
    if journal.exists():
        records = read_lines(journal)
        return ([r for r in records if r.get("event") == "document"],
                [r for r in records if r.get("event") == "error"])
    manifest = out_dir / "manifest.json"
    if manifest.exists():
        try:
            data = json.loads(manifest.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return list(data.get("documents", [])), list(data.get("failed", []))
    return None


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


class _Lock:
    """An advisory lock on OUT/.plan-extract.lock, held while a run writes into OUT; the
    kernel drops it when the run ends, however it ends (kill -9 too)."""

    def __init__(self, out: Path) -> None:
        self.path = out / LOCK
        while True:
            try:
                self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as exc:
                raise OutputError(f"cannot write into output folder {path_text(out)}: {_why(exc)}") from None
            if self._take():
                break
            os.close(self.fd)
        os.ftruncate(self.fd, 0)
        os.write(self.fd, f"{os.getpid()}\n".encode())

    def _take(self) -> bool:
        try:
            import fcntl
        except ImportError:  # no POSIX locks (Windows): the file's presence is the lock
            return True
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # per open file: also within a process
        except OSError:
            try:
                pid = os.pread(self.fd, 32, 0).decode(errors="replace").strip()
            except OSError:
                pid = ""
            os.close(self.fd)
            self.fd = -1
            raise OutputError(f"another plan-extract run{f' (pid {pid})' if pid else ''} is writing "
                              f"into {path_text(self.path.parent)}; wait for it to end or give "
                              "another -o") from None
        try:  # the file may have been removed by the run that just ended: lock the one there
            same = os.stat(self.path).st_ino == os.fstat(self.fd).st_ino
        except OSError:
            same = False
        return same

    def release(self) -> None:
        if self.fd >= 0:
            with suppress(OSError):
                self.path.unlink()
            os.close(self.fd)
            self.fd = -1


def _result(path: str, output: str, doc: dict[str, Any], seconds: float) -> dict[str, Any]:
    meta = doc.get("metadata") or {}
    return {"path": path, "output": output, "sha256": (doc.get("source") or {}).get("sha256"),
            "kind": doc.get("kind"), "doc_number": meta.get("doc_number"),
            "issue_date": meta.get("issue_date"), "activities": len(doc.get("activities") or []),
            "references": len(doc.get("references") or []),
            "warnings": len(doc.get("warnings") or []), "seconds": round(seconds, 4)}


class BatchOutput:
    """The output folder of one `extract` run: documents as they come, each recorded at once
    in the journal (and a failure in errors.jsonl), then manifest.json, whose `inputs` equal
    `results` + `errors`.

    Opening it checks the folder (a file, not writable: `OutputError` before any document is
    read), takes the lock, and starts the run's journal; the previous run's manifest goes, so
    nothing describes documents of another run. With `resume`, an input whose output is
    there from the same bytes (sha256), pipeline version and taxonomy is not read again
    (`todo` lists the rest) and stays in the new run's records. `taxonomy_of` gives the
    taxonomy this run would give a stored document where each document's own citations
    choose it (the run's `taxonomy` is then "auto", never a document's)."""

    def __init__(self, out: Path, inputs: list[Path], jsonl: bool = False, *, resume: bool = False,
                 taxonomy: str | None = None, workers: int = 1,
                 taxonomy_of: Callable[[dict[str, Any]], str | None] | None = None) -> None:
        self.out = out
        self._taxonomy_of = taxonomy_of
        self.names = output_names(inputs)
        self.inputs = len(inputs)
        self.workers = workers
        self.results: list[dict[str, Any]] = []
        self.errors: list[dict[str, Any]] = []
        self.resumed = 0
        self._journal: _Lines | None = None
        self._errors: _Lines | None = None
        self._jsonl: _Lines | None = None
        if out.exists() and not out.is_dir():
            raise OutputError(f"output folder {path_text(out)} is a file; give a folder to -o")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create output folder {path_text(out)}: {_why(exc)}") from None
        self._lock = _Lock(out)
        try:
            reused = self._reusable(inputs, taxonomy) if resume else {}
            self.todo = [p for p in inputs if p not in reused]
            self._start(taxonomy, resume, jsonl, reused)
        except OSError as exc:
            self.release()
            raise OutputError(f"cannot write into output folder {path_text(out)}: {_why(exc)}") from None
        except BaseException:
            self.release()
            raise

    def _reusable(self, inputs: list[Path], taxonomy: str | None) -> dict[Path, dict[str, Any]]:
        """Inputs whose output is already there from these bytes, this version and taxonomy."""
        found = {}
        for p in inputs:
            if str(p) == "-":  # standard input is read again
                continue
            target = self.out / f"{self.names[p]}.json"
            try:
                doc = json.loads(target.read_bytes())
            except (OSError, ValueError):
                continue
            source = doc.get("source") or {} if isinstance(doc, dict) else {}
            if (source.get("path") == path_text(p) and doc.get("pipeline_version") == PIPELINE_VERSION
                    and source.get("sha256") == sha256_file(p)
                    and self._same_taxonomy(doc, taxonomy)):
                found[p] = doc
        return found

    def _same_taxonomy(self, doc: dict[str, Any], taxonomy: str | None) -> bool:
        """The stored document's pillars refer to the taxonomy this run would use."""
        if self._taxonomy_of is None:
            return doc.get("taxonomy") == taxonomy
        try:
            return doc.get("taxonomy") == self._taxonomy_of(doc)
        except Exception:  # an output that no longer reads as a Document is extracted again
            return False

    def _start(self, taxonomy: str | None, resume: bool, jsonl: bool,
               reused: dict[Path, dict[str, Any]]) -> None:
        (self.out / "manifest.json").unlink(missing_ok=True)
        if not jsonl:
            (self.out / "documents.jsonl").unlink(missing_ok=True)
        head = {"event": "start", "pipeline_version": PIPELINE_VERSION, "inputs": self.inputs,
                "taxonomy": taxonomy, "workers": self.workers, "resume": resume, "pid": os.getpid(),
                "started": datetime.now(UTC).isoformat(timespec="seconds")}
        lines = [json.dumps(head, ensure_ascii=False)]
        carried = []
        for p, doc in reused.items():
            record = _result(path_text(p), f"{self.names[p]}.json", doc, 0.0)
            record["resumed"] = True
            self.results.append(record)
            lines.append(json.dumps({"event": "document", **record}, ensure_ascii=False))
            carried.append(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
        self.resumed = len(reused)
        write_atomic(self.out / JOURNAL, "".join(line + "\n" for line in lines))
        self._journal = _Lines(self.out / JOURNAL, truncate=False)
        self._errors = _Lines(self.out / "errors.jsonl", truncate=True)
        if jsonl:
            write_atomic(self.out / "documents.jsonl", "".join(line + "\n" for line in carried))
            self._jsonl = _Lines(self.out / "documents.jsonl", truncate=False)

    def _record(self, what: str, record: dict[str, Any], log: _Lines | None = None) -> None:
        try:
            if log is not None:
                log.write(record)
            if self._journal is not None:
                self._journal.write({"event": what, **record})
        except OSError as exc:
            raise OutputError(f"cannot write into output folder {path_text(self.out)}: {_why(exc)}"
                              ) from None

    def missing(self, paths: list[Path]) -> None:
        """Inputs given that do not exist: an error record each."""
        self.inputs += len(paths)
        for p in paths:
            self.problem(p, "FileNotFoundError", "no such file or folder", counted=True)

    def problem(self, path: Path, error_type: str, message: str, counted: bool = False) -> None:
        """An input found but not to be read (a FIFO, a looping link, a folder that cannot be
        listed): an error record of stage "ingest"."""
        if not counted:
            self.inputs += 1
        self.error(ErrorRecord(path=path_text(path), stage="ingest", error_type=error_type,
                               message=safe_text(message)), 0.0)

    def document(self, path: Path, doc: Document, seconds: float) -> None:
        target = self.out / f"{self.names[path]}.json"
        try:
            write_atomic(target, doc.json_chunks(indent=1))
            if self._jsonl:
                self._jsonl.write(doc.json_chunks())
        except OSError as exc:
            raise OutputError(f"cannot write {path_text(target)}: {_why(exc)}") from None
        record = {"path": path_text(path), "output": target.name, "sha256": doc.source.sha256,
                  "kind": doc.kind, "doc_number": doc.metadata.doc_number,
                  "issue_date": doc.metadata.issue_date, "activities": len(doc.activities),
                  "references": len(doc.references), "warnings": len(doc.warnings),
                  "seconds": round(seconds, 4)}
        self._record("document", record)
        self.results.append(record)

    def error(self, record: ErrorRecord, seconds: float) -> None:
        entry = {k: safe_text(v) if isinstance(v, str) else v for k, v in record.model_dump().items()}
        entry["seconds"] = round(seconds, 4)
        self._record("error", entry, self._errors)
        self.errors.append(entry)

    def close_stream(self) -> None:
        for log in (self._jsonl, self._errors):
            if log is not None:
                log.close()
        self._jsonl = self._errors = None

    def close(self, seconds: float, workers: int | None = None, status: str = "complete"
              ) -> dict[str, Any]:
        """End the journal, write the manifest and let the folder go; the manifest is
        returned. `status`: "complete", "interrupted" or "failed: <why>"."""
        self.close_stream()
        manifest = {"pipeline_version": PIPELINE_VERSION, "inputs": self.inputs,
                    "results": len(self.results), "errors": len(self.errors),
                    "seconds": round(seconds, 3), "workers": workers or self.workers,
                    "status": status, "resumed": self.resumed,
                    "documents": self.results, "failed": self.errors}
        try:
            if self._journal is not None:
                self._journal.write({"event": "end", "status": status, "results": len(self.results),
                                     "errors": len(self.errors), "seconds": round(seconds, 3)})
                self._journal.close()
                self._journal = None
            write_atomic(self.out / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        except OSError as exc:
            raise OutputError(f"cannot write {path_text(self.out / 'manifest.json')}: {_why(exc)}"
                              ) from None
        finally:
            self.release()
        return manifest

    def release(self) -> None:
        """Close the files and drop the lock (also when the run failed)."""
        self.close_stream()
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        self._lock.release()
