"""`extract --executor dask` (issue 16): the same output as the local executor, on a
LocalCluster of 2 worker processes; failures, time limits and dead workers as error records;
one clear line without the extra. Skipped where dask is not installed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import CORPUS, SEEDS
from test_batch import PLAN, PLUGIN

from plan_extract.cli import app
from plan_extract.readers import READERS

distributed = pytest.importorskip("distributed")

DOCUMENTS = [*SEEDS[:3], *[p for p in CORPUS if p.suffix in (".pdf", ".docx")][:2]]


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A LocalCluster of 2 worker processes on 127.0.0.1, no dashboard; the test readers of
    test_batch registered in each worker (a child forked from it inherits them)."""
    folder = tmp_path_factory.mktemp("plugin")
    (folder / "test_readers_plugin.py").write_text(PLUGIN, "utf-8")
    sys.path.insert(0, str(folder))
    sys.modules.pop("test_readers_plugin", None)
    import test_readers_plugin  # noqa: F401

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40,
                                  scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        client.run(exec, f"import sys; sys.path.insert(0, {str(folder)!r}); import test_readers_plugin")
        yield cluster.scheduler_address
    sys.path.remove(str(folder))
    for fmt in ("slow", "hang", "scan", "crash"):
        READERS.pop(fmt, None)
    sys.modules.pop("test_readers_plugin", None)


def _extract(runner, *args):
    return runner.invoke(app, ["extract", *map(str, args)])


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _untimed(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in ("seconds", "pid", "started", "workers")}


def test_dask_output_is_the_local_executors(scheduler, runner, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    inputs = [*DOCUMENTS, bad, tmp_path / "missing.txt"]
    local, dask = tmp_path / "local", tmp_path / "dask"
    assert _extract(runner, *inputs, "-o", local, "-q", "--workers", 2).exit_code == 1
    result = _extract(runner, *inputs, "-o", dask, "-q", "--executor", "dask", "--scheduler", scheduler)
    assert result.exit_code == 1, result.output

    names = sorted(p.name for p in local.glob("*.json"))
    assert names == sorted(p.name for p in dask.glob("*.json"))
    assert len(names) == len(DOCUMENTS) + 1  # and manifest.json
    for name in names:
        if name != "manifest.json":  # no per-run field in a document: byte for byte
            assert (dask / name).read_bytes() == (local / name).read_bytes(), name

    def key(r):
        return r["path"]

    assert sorted(map(_untimed, _lines(dask / "errors.jsonl")), key=key) == sorted(
        map(_untimed, _lines(local / "errors.jsonl")), key=key)
    errors = {r["path"]: r for r in _lines(dask / "errors.jsonl")}
    assert errors[str(bad)]["stage"] == "ingest"
    assert errors[str(tmp_path / "missing.txt")]["error_type"] == "FileNotFoundError"

    journal = _lines(dask / "manifest.jsonl")
    assert journal[0]["event"] == "start" and journal[0]["workers"] == 2
    assert journal[-1] == {**journal[-1], "event": "end", "status": "complete",
                           "results": len(DOCUMENTS), "errors": 2}
    manifest = json.loads((dask / "manifest.json").read_text("utf-8"))
    reference = json.loads((local / "manifest.json").read_text("utf-8"))
    assert manifest["inputs"] == manifest["results"] + manifest["errors"] == len(inputs)
    assert sorted(map(_untimed, manifest["documents"]), key=key) == sorted(
        map(_untimed, reference["documents"]), key=key)
    assert {r["path"] for r in manifest["documents"]} == {str(p) for p in DOCUMENTS}

    again = _extract(runner, *inputs, "-o", dask, "-q", "--resume", "--executor", "dask",
                     "--scheduler", scheduler)
    assert again.exit_code == 1
    assert json.loads((dask / "manifest.json").read_text("utf-8"))["resumed"] == len(DOCUMENTS)


def test_a_hang_and_a_crash_on_dask_are_error_records_naming_the_stage(scheduler, runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.hang").write_bytes(b"x")
    (folder / "b.crash").write_bytes(b"x")
    (folder / "c.txt").write_text(PLAN, "utf-8")
    out = tmp_path / "out"
    result = _extract(runner, folder, "-o", out, "-q", "--timeout", 2, "--executor", "dask",
                      "--scheduler", scheduler)
    assert result.exit_code == 1, result.output
    errors = {Path(r["path"]).name: r for r in _lines(out / "errors.jsonl")}
    assert errors["a.hang"]["error_type"] == "Timeout" and errors["a.hang"]["stage"] == "ingest"
    assert "--timeout 2 s" in errors["a.hang"]["message"]
    assert errors["b.crash"]["error_type"] == "WorkerDied" and errors["b.crash"]["stage"] == "ingest"
    assert json.loads((out / "c.json").read_text("utf-8"))["metadata"]["doc_number"] == "52/KH-UBND"


def test_stdin_runs_on_dask_too(scheduler, runner, tmp_path):
    result = runner.invoke(app, ["extract", "-", "-o", str(tmp_path / "out"), "-q", "--executor", "dask",
                                 "--scheduler", scheduler], input=PLAN)
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "out" / "stdin.json").read_text("utf-8"))
    assert doc["source"]["path"] == "-" and doc["metadata"]["doc_number"] == "52/KH-UBND"


def test_executor_dask_alone_starts_a_local_cluster(runner, tmp_path):
    out = tmp_path / "out"
    result = _extract(runner, SEEDS[0], "-o", out, "-q", "--executor", "dask", "--workers", 2)
    assert result.exit_code == 0, result.output
    assert (out / f"{SEEDS[0].stem}.json").exists()
    assert json.loads((out / "manifest.json").read_text("utf-8"))["workers"] == 2


def test_a_task_whose_dask_worker_died_is_a_worker_died_record():
    from plan_extract.executors.dask_cluster import DaskExecutor

    class Lost:
        def result(self):
            raise distributed.KilledWorker("task-1", SimpleNamespace(address="tcp://127.0.0.1:1"), 3)

    outcomes = DaskExecutor._outcomes(Lost(), SEEDS[:2], 0.0)
    assert [o.path for o in outcomes] == SEEDS[:2]
    assert all(o.error.error_type == "WorkerDied" and o.error.stage == "unknown" for o in outcomes)


def test_no_scheduler_there_is_one_line_and_exit_2(runner, tmp_path, monkeypatch):
    from plan_extract.executors import dask_cluster

    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT", 1.0)
    result = _extract(runner, SEEDS[0], "-o", tmp_path / "out", "--executor", "dask",
                      "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 2
    assert "cannot connect to the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_relative_inputs_on_workers_elsewhere_refuse(scheduler, runner, tmp_path, monkeypatch):
    monkeypatch.chdir(SEEDS[0].parent)
    result = _extract(runner, SEEDS[0].name, "-o", tmp_path / "out", "--executor", "dask",
                      "--scheduler", scheduler)
    assert result.exit_code == 2
    assert "give the inputs as absolute paths" in result.output


def test_without_the_extra_executor_dask_is_one_line_exit_2(runner, tmp_path, monkeypatch):
    for name in [m for m in sys.modules if m.startswith("plan_extract.executors.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed: ImportError
    result = _extract(runner, SEEDS[0], "-o", tmp_path / "out", "--executor", "dask")
    assert result.exit_code == 2
    assert "pip install 'plan-extract[dask]'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_a_plain_run_never_imports_dask(tmp_path):
    import subprocess

    code = ("import sys; from plan_extract.cli import app\n"
            f"try: app(['extract', {str(SEEDS[0])!r}, '-o', {str(tmp_path / 'out')!r}, '-q'])\n"
            "except SystemExit: pass\n"
            "assert not [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_limits_reach_the_dask_workers(scheduler, runner, tmp_path):
    """--max-bytes set on the command line is in force in the Dask workers' processes."""
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text(PLAN, "utf-8")
    large.write_text(PLAN + "- Tổ chức hội nghị.\n" * 200, "utf-8")
    out = tmp_path / "out"
    result = _extract(runner, small, large, "-o", out, "-q", "--max-bytes", "2k",
                      "--executor", "dask", "--scheduler", scheduler)
    assert result.exit_code == 1, result.output
    [error] = _lines(out / "errors.jsonl")
    assert error["path"].endswith("large.txt") and "extract --max-bytes" in error["message"]
    assert (out / "small.json").exists()
