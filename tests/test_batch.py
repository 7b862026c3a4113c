"""Batches that neither die nor lie (issue 14): a time limit per document, workers that die
with their parent, a journal that accounts for a killed run, --resume, the lock, exit codes,
odd file names, output-side failures as one line, and a CLI a newcomer can trust."""

from __future__ import annotations

import errno
import inspect
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from helpers import GOLD_DIR, REPO, SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

import plan_extract
from plan_extract import outputs
from plan_extract.analysis.frames import output_files
from plan_extract.cli import PACKAGED_SCHEMA, SCHEMA_ID, app, schema_text
from plan_extract.codes import STAGE_NAMES
from plan_extract.document import ErrorRecord, ExtractedDocument
from plan_extract.pipeline import extract_many, extract_path
from plan_extract.readers import READERS, Reading, reader, suffixes
from plan_extract.taxonomy.classifier import model_path

PLAN = """ỦY BAN NHÂN DÂN
TỈNH TIỀN GIANG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 52/KH-UBND
Tiền Giang, ngày 08 tháng 3 năm 2021
KẾ HOẠCH
Thực hiện chương trình chuyển đổi số giai đoạn 2021-2025
I. NỘI DUNG
1. Nâng cấp mạng truyền số liệu chuyên dùng.
2. Xây dựng trung tâm dữ liệu của tỉnh.
"""

PLUGIN = textwrap.dedent('''
    """Test readers: `.slow` sleeps (seconds in the file) then reads text; `.hang` never ends;
    `.crash` kills its own process, as a crash in a C library would."""
    import os
    import signal
    import time

    from plan_extract.readers import Reading, reader


    @reader("slow", suffixes=(".slow",))
    def read_slow(data: bytes) -> Reading:
        head, _, text = data.decode("utf-8").partition("\\n")
        time.sleep(float(head))
        return Reading(text)


    @reader("hang", suffixes=(".hang",))
    def read_hang(data: bytes) -> Reading:
        while True:
            time.sleep(1)


    @reader("scan", suffixes=(".scan",))
    def read_scan(data: bytes) -> Reading:
        """A scan of N pages (first line), each OCR'd in S seconds (second line; -1: hangs)."""
        from plan_extract.readers.pdf import ocr

        pages, seconds, text = data.decode("utf-8").split("\\n", 2)
        for _ in range(int(pages)):
            if ocr.on_page is not None:
                ocr.on_page()
            time.sleep(float(seconds) if float(seconds) >= 0 else 3600)
        return Reading(text)


    @reader("crash", suffixes=(".crash",))
    def read_crash(data: bytes) -> Reading:
        os.kill(os.getpid(), signal.SIGKILL)
''')


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    """The test readers, registered here (forked workers inherit them) and importable by a
    subprocess from the returned folder."""
    folder = tmp_path / "plugin"
    folder.mkdir()
    (folder / "test_readers_plugin.py").write_text(PLUGIN, "utf-8")
    monkeypatch.syspath_prepend(str(folder))
    sys.modules.pop("test_readers_plugin", None)
    import test_readers_plugin  # noqa: F401

    yield folder
    for fmt in ("slow", "hang", "scan", "crash"):
        READERS.pop(fmt, None)
    sys.modules.pop("test_readers_plugin", None)


def _extract(runner, *args):
    return runner.invoke(app, ["extract", *map(str, args)])


def _journal(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]


# --- time limit, workers --------------------------------------------------------------------

def test_a_hanging_document_becomes_a_timeout_record_and_the_batch_goes_on(plugin, tmp_path):
    (tmp_path / "a.hang").write_bytes(b"x")
    (tmp_path / "b.txt").write_text(PLAN, "utf-8")
    t0 = time.monotonic()
    outcomes = list(extract_many([tmp_path / "a.hang", tmp_path / "b.txt"], timeout=1.5))
    assert time.monotonic() - t0 < 8
    assert outcomes[0].error.error_type == "Timeout" and outcomes[0].error.stage == "ingest"
    assert "1.5 s" in outcomes[0].error.message
    assert outcomes[1].document.metadata.doc_number == "52/KH-UBND"


def test_a_worker_that_dies_costs_only_its_document(plugin, tmp_path):
    paths = [tmp_path / "a.txt", tmp_path / "b.crash", tmp_path / "c.txt"]
    paths[0].write_text(PLAN, "utf-8")
    paths[1].write_bytes(b"x")
    paths[2].write_text(PLAN, "utf-8")
    outcomes = list(extract_many(paths, workers=2, timeout=30))
    assert [o.path for o in outcomes] == paths
    assert outcomes[1].error.error_type == "WorkerDied" and outcomes[1].error.stage == "ingest"
    assert outcomes[0].document is not None and outcomes[2].document is not None


def test_timeout_option_in_the_cli(plugin, runner, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.hang").write_bytes(b"x")
    (tmp_path / "in" / "b.txt").write_text(PLAN, "utf-8")
    result = _extract(runner, tmp_path / "in", "-o", tmp_path / "out", "--timeout", "1", "--quiet")
    assert result.exit_code == 1, result.output
    [error] = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text("utf-8").splitlines()]
    assert error["error_type"] == "Timeout" and error["stage"] == "ingest"
    assert (tmp_path / "out" / "b.json").exists()


def test_a_long_scan_gets_time_per_ocr_page_and_a_hung_page_is_stopped(plugin, tmp_path):
    """4 pages of 0.8 s are over a 1.5 s limit but within 1.5 s + 4 x 1 s; a page that hangs
    is stopped at the limit grown by the pages started so far."""
    (tmp_path / "long.scan").write_text("4\n0.8\n" + PLAN, "utf-8")
    (tmp_path / "hung.scan").write_text("2\n-1\n" + PLAN, "utf-8")
    paths = [tmp_path / "long.scan", tmp_path / "hung.scan"]
    t0 = time.monotonic()
    long, hung = extract_many(paths, timeout=1.5, timeout_per_ocr_page=1.0)
    assert long.document is not None and long.document.metadata.doc_number == "52/KH-UBND"
    assert hung.error.error_type == "Timeout" and "each of 1 OCR pages" in hung.error.message
    assert time.monotonic() - t0 < 20
    [cut] = extract_many(paths[:1], timeout=1.5, timeout_per_ocr_page=0)
    assert cut.error.error_type == "Timeout"


def test_stdin_honours_the_timeout(plugin, runner, tmp_path):
    result = runner.invoke(app, ["extract", "-", "--format", "hang", "--timeout", "1", "-o",
                                 str(tmp_path / "out"), "--quiet"], input=b"x")
    assert result.exit_code == 1, result.output
    [error] = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text("utf-8").splitlines()]
    assert error["error_type"] == "Timeout" and error["stage"] == "ingest" and error["path"] == "-"
    result = runner.invoke(app, ["extract", "-", "--stdout", "--timeout", "5"], input=PLAN.encode())
    assert result.exit_code == 0 and "52/KH-UBND" in result.stdout


def test_extract_path_takes_a_string():
    assert extract_path(str(SEEDS[0])).source.path == str(SEEDS[0])


# --- a killed run, --resume, the lock ---------------------------------------------------------

def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cli(plugin: Path, *args: str) -> list[str]:
    code = (f"import sys; sys.path.insert(0, {str(plugin)!r}); import test_readers_plugin; "
            "from plan_extract.cli import main; main()")
    return [sys.executable, "-c", code, *args]


def _env() -> dict[str, str]:
    path = os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path}


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_kill_9_leaves_an_account_and_resume_redoes_only_the_rest(plugin, tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    n = 12
    for i in range(n):
        (folder / f"doc-{i:02}.slow").write_text(f"0.15\n{PLAN}\nsố {i}", "utf-8")
    proc = subprocess.Popen(_cli(plugin, "extract", str(folder), "-o", str(out), "--jsonl",
                                 "--workers", "2", "--quiet"),
                            env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while time.monotonic() < deadline:
            workers = _children(proc.pid) or workers
            journal = out / "manifest.jsonl"
            lines = journal.read_text("utf-8").splitlines() if journal.exists() else []
            if sum('"document"' in x for x in lines) >= 3:
                break
            time.sleep(0.02)
        workers = _children(proc.pid) or workers
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert workers, "the run had worker processes"
    t0 = time.monotonic()
    while any(_alive(w) for w in workers) and time.monotonic() - t0 < 10:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers), "workers outlived their killed parent"

    records = _journal(out)  # every line whole
    done = [r for r in records if r["event"] == "document"]
    assert records[0]["event"] == "start" and 3 <= len(done) < n
    for r in done:
        assert ExtractedDocument.model_validate_json((out / r["output"]).read_text("utf-8"))
    assert not (out / "manifest.json").exists()
    for line in (out / "documents.jsonl").read_text("utf-8").splitlines():
        json.loads(line)
    assert output_files(out) == [out / r["output"] for r in done]  # what load() reads
    before = {r["output"]: (out / r["output"]).stat().st_mtime_ns for r in done}

    again = subprocess.run(_cli(plugin, "extract", str(folder), "-o", str(out), "--resume", "--jsonl",
                                "--quiet"), env=_env(), capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["resumed"] == len(done) and manifest["results"] == n and manifest["status"] == "complete"
    assert {name: (out / name).stat().st_mtime_ns for name in before} == before  # not redone
    assert len((out / "documents.jsonl").read_text("utf-8").splitlines()) == n


def test_resume_redoes_a_changed_input(runner, tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.txt").write_text(PLAN, "utf-8")
    (folder / "b.txt").write_text(PLAN, "utf-8")
    assert _extract(runner, folder, "-o", out, "--quiet").exit_code == 0
    (folder / "b.txt").write_text(PLAN.replace("52/KH", "53/KH"), "utf-8")
    assert _extract(runner, folder, "-o", out, "--quiet", "--resume").exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["resumed"] == 1
    assert json.loads((out / "b.json").read_text("utf-8"))["metadata"]["doc_number"] == "53/KH-UBND"


def test_a_second_run_into_a_locked_folder_refuses(runner, tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from plan_extract.outputs import BatchOutput; b = BatchOutput(Path(sys.argv[1]), []); "
         "print('locked', flush=True); sys.stdin.read()", str(out)],
        env=_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        (tmp_path / "a.txt").write_text(PLAN, "utf-8")
        result = _extract(runner, tmp_path / "a.txt", "-o", out)
        assert result.exit_code == 2
        assert "another plan-extract run" in result.output and f"pid {holder.pid}" in result.output
        assert "Traceback" not in result.output
    finally:
        holder.stdin.close()
        holder.wait(10)
    assert _extract(runner, tmp_path / "a.txt", "-o", out, "--quiet").exit_code == 0
    assert not (out / outputs.LOCK).exists()


def test_a_new_run_over_an_old_folder_describes_only_itself(runner, tmp_path):
    out = tmp_path / "out"
    assert _extract(runner, *SEEDS[:2], "-o", out, "--quiet").exit_code == 0
    (tmp_path / "c.txt").write_text(PLAN, "utf-8")
    assert _extract(runner, tmp_path / "c.txt", "-o", out, "--quiet").exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [d["output"] for d in manifest["documents"]] == ["c.json"]
    assert list(plan_extract.load(out).documents.doc_id) == ["c"]
    result = runner.invoke(app, ["validate", str(out), "--gold", str(GOLD_DIR)])
    assert result.exit_code == 1 and "nothing compared" in result.output  # the old JSON is not scored


def test_a_failed_write_leaves_no_torn_line(tmp_path, monkeypatch):
    log = outputs._Lines(tmp_path / "x.jsonl", truncate=True)
    log.write({"a": 1})
    real = os.write

    def half(fd, data):
        real(fd, bytes(data[:5]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half)
    with pytest.raises(OSError):
        log.write({"b": "x" * 100})
    monkeypatch.setattr(os, "write", real)
    log.close()
    assert (tmp_path / "x.jsonl").read_text("utf-8") == '{"a": 1}\n'


# --- exit codes, output-side failures, printing ------------------------------------------------

def test_a_full_disk_is_one_line_exit_2_and_the_done_documents_stay_listed(runner, tmp_path, monkeypatch):
    real, calls = outputs.write_atomic, []

    def full(path, data):
        if path.suffix == ".json" and path.name != "manifest.json":
            calls.append(path)
            if len(calls) > 1:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(outputs, "write_atomic", full)
    out = tmp_path / "out"
    result = _extract(runner, *SEEDS[:3], "-o", out, "--quiet")
    assert result.exit_code == 2
    assert "No space left on device" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["status"].startswith("failed") and manifest["results"] == 1


@pytest.mark.parametrize("where", ["file", "under-file"])
def test_an_output_path_that_cannot_be_a_folder_is_one_line_before_any_document(runner, tmp_path, where):
    (tmp_path / "f").write_text("x")
    out = tmp_path / "f" if where == "file" else tmp_path / "f" / "sub"
    result = _extract(runner, SEEDS[0], "-o", out)
    assert result.exit_code == 2
    assert result.output.startswith("plan-extract: ") and len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def _one_line(result, prefix: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"plan-extract: {prefix}") and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["schema", "report", "export-csv", "export-duckdb"])
def test_every_writing_command_checks_its_target_before_work(runner, tmp_path, command, seed_outputs):
    """schema, report and export: a target under a file, or in a folder not writable (root
    ignores chmod, so os.access is made to say no), is one line and exit 2."""
    (tmp_path / "f").write_text("x")
    bad = tmp_path / "f" / "x"
    args = {"schema": ["schema", "-o", bad], "report": ["report", seed_outputs, "-o", bad],
            "export-csv": ["export", seed_outputs, "--csv", bad],
            "export-duckdb": ["export", seed_outputs, "--duckdb", bad]}[command]
    name = command.split("-")[0]
    _one_line(runner.invoke(app, list(map(str, args))), f"{name}: cannot create")
    args[args.index(bad)] = tmp_path / "ro" / "x"
    (tmp_path / "ro").mkdir()
    real = os.access
    with pytest.MonkeyPatch.context() as m:
        m.setattr(os, "access", lambda p, mode, **k: Path(p).name != "ro" and real(p, mode, **k))
        _one_line(runner.invoke(app, list(map(str, args))), f"{name}: cannot write")


def test_a_full_disk_under_report_and_schema_is_one_line(runner, tmp_path, monkeypatch, seed_outputs):
    from plan_extract import cli

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cli, "write_atomic", full)
    for args in (["report", seed_outputs, "-o", tmp_path / "r.html"], ["schema", "-o", tmp_path]):
        result = runner.invoke(app, list(map(str, args)))
        _one_line(result, f"{args[0]}: cannot write")
        assert "No space left on device" in result.output


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("with_out", [False, True])
def test_stdout_on_a_full_disk_is_one_line_exit_2(tmp_path, with_out):
    (tmp_path / "a.txt").write_text(PLAN, "utf-8")
    more = ["-o", str(tmp_path / "out"), "--quiet"] if with_out else []
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-m", "plan_extract", "extract", str(tmp_path / "a.txt"),
                              "--stdout", *more], stdout=full, stderr=subprocess.PIPE, text=True,
                             timeout=120)
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("plan-extract: cannot write standard output: No space left")
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_interrupted_exits_130_with_the_done_documents_listed(runner, tmp_path, monkeypatch):
    real = outputs.BatchOutput.document

    def interrupt(self, path, doc, seconds):
        if self.results:
            raise KeyboardInterrupt
        return real(self, path, doc, seconds)

    monkeypatch.setattr(outputs.BatchOutput, "document", interrupt)
    out = tmp_path / "out"
    result = _extract(runner, *SEEDS[:3], "-o", out, "--quiet")
    assert result.exit_code == 130
    assert "--resume" in result.output
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["status"] == "interrupted" and manifest["results"] == 1


def test_an_empty_folder_says_so_and_exits_2(runner, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "photo.png").write_bytes(b"\x89PNG")
    result = _extract(runner, tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 2 and "no input files" in result.output
    assert not (tmp_path / "out").exists()


def test_a_folder_with_no_readable_file_says_so_and_exits_1(runner, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(b"\xff\xfe\x00garbage\x00")
    result = _extract(runner, tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1 and "none of the 1 input(s) could be read" in result.output


@pytest.fixture
def markup_reader():
    @reader("mk", suffixes=(".mk",))
    def read_mk(data: bytes) -> Reading:
        raise plan_extract.ReadError("bad cell [/b] in [bold]row[/bold] 3")

    yield read_mk
    READERS.pop("mk", None)


def test_markup_in_names_and_messages_is_printed_as_text(runner, tmp_path, markup_reader):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a[b]c [bold].txt").write_text(PLAN, "utf-8")
    (tmp_path / "in" / "x[red].mk").write_bytes(b"x")
    result = _extract(runner, tmp_path / "in", "-o", tmp_path / "out", "--timeout", "0")
    assert result.exit_code == 1, result.output
    text = result.output.replace("\n", "")
    assert "bad cell [/b] in [bold]row[/bold] 3" in text and "x[red].mk" in text
    assert "a[b]c [bold].txt" in text


# --- odd file names and inputs -----------------------------------------------------------------

def test_a_name_with_undecodable_bytes_is_extracted_and_recorded(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"ke-hoach-\xff\xfe.txt")).write_text(PLAN, "utf-8")
    (folder / os.fsdecode(b"hong-\xff.txt")).write_bytes(b"\xff broken \xfe")
    out = tmp_path / "out"
    result = _extract(runner, folder, "-o", out, "--jsonl", "--quiet")
    assert result.exit_code == 1, result.output
    manifest = json.loads((out / "manifest.json").read_bytes().decode("utf-8"))
    [doc] = manifest["documents"]
    assert doc["path"].endswith("ke-hoach-\\xff\\xfe.txt")
    assert ExtractedDocument.model_validate_json((out / doc["output"]).read_bytes())
    [error] = manifest["failed"]
    assert error["path"].endswith("hong-\\xff.txt")
    (out / "errors.jsonl").read_bytes().decode("utf-8")
    (out / "documents.jsonl").read_bytes().decode("utf-8")


def test_a_244_byte_name_is_extracted(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    long = "kế-hoạch-" * 30
    name = long.encode()[:240].decode("utf-8", "ignore")
    (folder / f"{name}.txt").write_text(PLAN, "utf-8")
    (folder / f"{name}.html").write_text(f"<p>{PLAN}</p>", "utf-8")  # a clash adds a suffix
    (folder / ("x" * 250 + ".txt")).write_text(PLAN, "utf-8")  # no room for a sidecar's name
    out = tmp_path / "out"
    result = _extract(runner, folder, "-o", out, "--quiet")
    assert result.exit_code == 0, result.output
    names = [d["output"] for d in json.loads((out / "manifest.json").read_text("utf-8"))["documents"]]
    assert len(names) == 3 and len(set(names)) == 3
    assert all(len(n.encode()) <= 255 for n in names)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_is_an_error_record_not_a_hang(runner, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "inner.txt")
    (tmp_path / "in" / "a.txt").write_text(PLAN, "utf-8")
    t0 = time.monotonic()
    result = _extract(runner, fifo, tmp_path / "in", "-o", tmp_path / "out", "--quiet")
    assert time.monotonic() - t0 < 20
    assert result.exit_code == 1
    errors = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text("utf-8").splitlines()]
    assert sorted(Path(e["path"]).name for e in errors) == ["inner.txt", "pipe.txt"]
    assert all("FIFO" in e["message"] and e["stage"] == "ingest" for e in errors)
    with pytest.raises(plan_extract.StageError, match="FIFO"):
        extract_path(fifo)


def test_looping_links_and_unlistable_folders_are_error_records(runner, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "locked").mkdir()
    (folder / "a.txt").write_text(PLAN, "utf-8")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    (folder / "sub" / "up").symlink_to(folder)
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "out"
    result = _extract(runner, folder, "-o", out, "--quiet")
    assert result.exit_code == 1
    errors = {Path(e["path"]).name: e for e in
              (json.loads(x) for x in (out / "errors.jsonl").read_text("utf-8").splitlines())}
    assert set(errors) == {"loop.txt", "gone.txt", "up", "locked"}
    assert "loops" in errors["loop.txt"]["message"]
    assert "Permission denied" in errors["locked"]["message"]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["inputs"] == manifest["results"] + manifest["errors"] == 5
    for e in errors.values():
        ErrorRecord.model_validate(e)


# --- the CLI a newcomer meets ----------------------------------------------------------------

def test_version_and_short_help(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"plan-extract {plan_extract.__version__}"
    assert runner.invoke(app, ["-h"]).exit_code == 0
    assert "--timeout" in runner.invoke(app, ["extract", "-h"]).output


def test_extract_reads_stdin_and_writes_stdout(runner, tmp_path):
    result = runner.invoke(app, ["extract", "-", "--stdout"], input=PLAN.encode())
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    doc = ExtractedDocument.model_validate_json(line)
    assert doc.metadata.doc_number == "52/KH-UBND" and doc.source.path == "-"
    html = f"<html><body><p>{PLAN}</p></body></html>".encode()
    result = runner.invoke(app, ["extract", "-", "-o", str(tmp_path / "out"), "--quiet"], input=html)
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "out" / "stdin.json").read_text("utf-8"))["source"]["format"] == "html"


def test_extract_needs_somewhere_to_write(runner, tmp_path):
    result = _extract(runner, SEEDS[0])
    assert result.exit_code == 2 and "-o FOLDER" in result.output


@pytest.mark.parametrize("gold", ["missing", "empty"])
def test_validate_with_no_gold_fails_with_one_line(runner, tmp_path, gold):
    folder = tmp_path / "gold"
    if gold == "empty":
        folder.mkdir()
    (tmp_path / "out").mkdir()
    result = runner.invoke(app, ["validate", str(tmp_path / "out"), "--gold", str(folder)])
    assert result.exit_code == 2 and result.output.startswith("plan-extract: validate: ")
    assert len(result.output.strip().splitlines()) == 1


def test_validate_that_matched_nothing_fails(runner, tmp_path):
    (tmp_path / "c.txt").write_text(PLAN, "utf-8")
    assert _extract(runner, tmp_path / "c.txt", "-o", tmp_path / "out", "--quiet").exit_code == 0
    result = runner.invoke(app, ["validate", str(tmp_path / "out"), "--gold", str(GOLD_DIR)])
    assert result.exit_code == 1 and "nothing compared" in result.output
    assert "all thresholds met" not in result.output


def test_train_never_overwrites_the_shipped_model_unless_asked(runner, tmp_path):
    shipped = model_path("ascc_2025").read_bytes()
    result = runner.invoke(app, ["train", str(tmp_path)])
    assert result.exit_code == 2 and "-o FILE" in result.output
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["train", str(tmp_path / "empty"), "-o", str(tmp_path / "m.json")])
    assert result.exit_code == 2 and "no readable document" in result.output
    assert not (tmp_path / "m.json").exists()
    assert model_path("ascc_2025").read_bytes() == shipped


def test_fetch_writes_into_a_folder_of_its_own_by_default():
    from plan_extract.cli import fetch

    assert inspect.signature(fetch).parameters["out"].default == Path("fetched")


def test_evaluate_on_a_missing_corpus_is_one_line(runner, tmp_path):
    result = runner.invoke(app, ["evaluate", str(tmp_path / "nope"), "--gold", str(GOLD_DIR)])
    assert result.exit_code == 2 and result.output.startswith("plan-extract: evaluate: ")
    assert len(result.output.strip().splitlines()) == 1


def test_the_schema_has_an_id_and_ships_in_the_package():
    schema = json.loads(schema_text())
    assert schema["$id"] == SCHEMA_ID and schema["$schema"].endswith("2020-12/schema")
    assert PACKAGED_SCHEMA.read_text("utf-8") == schema_text(), "run `make schema`"
    pyproject = (REPO / "pyproject.toml").read_text("utf-8")
    assert '"schema/*.json"' in pyproject
    assert "MIT License" in (REPO / "LICENSE").read_text("utf-8") and 'license = "MIT"' in pyproject



def test_partners_is_always_a_list_never_null(seed_outputs):
    """A consumer iterates `partners` without a None check: every activity of the corpus has a
    list, the schema says array, and an earlier output's null reads as an empty list."""
    acts = [a for p in sorted(seed_outputs.glob("*.json"))
            for a in json.loads(p.read_text("utf-8"))["activities"]]
    assert acts and all(isinstance(a["partners"], list) for a in acts)
    prop = json.loads(schema_text())["$defs"]["Activity"]["properties"]["partners"]
    assert prop["type"] == "array" and "anyOf" not in prop
    old = json.loads(next(iter(sorted(seed_outputs.glob("*.json")))).read_text("utf-8"))
    old["activities"][0]["partners"] = None
    assert ExtractedDocument.model_validate(old).activities[0].partners == []

# --- arbitrary bytes under every extension -----------------------------------------------------

@settings(max_examples=6)
@given(st.lists(st.tuples(st.sampled_from(sorted(suffixes())), st.binary(max_size=400)),
                min_size=1, max_size=len(suffixes())))
def test_arbitrary_bytes_under_any_extension_give_one_outcome_each_in_time(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    paths = []
    for i, (suffix, data) in enumerate(files):
        path = folder / f"f{i}{suffix}"
        path.write_bytes(data)
        paths.append(path)
    t0 = time.monotonic()
    outcomes = list(extract_many(paths, workers=2, timeout=20))
    assert time.monotonic() - t0 < 60
    assert [o.path for o in outcomes] == paths
    for o in outcomes:
        assert (o.document is None) != (o.error is None)
        if o.error is not None:
            assert o.error.stage in STAGE_NAMES | {"unknown"} and o.error.message
