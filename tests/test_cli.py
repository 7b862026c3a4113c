"""The command line: batch extraction with error records and a manifest, schema, validate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import CORPUS, GOLD_DIR, REPO, SEEDS

from plan_extract.cli import app, schema_text
from plan_extract.document import ErrorRecord, ExtractedDocument

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


@pytest.fixture
def inputs(tmp_path):
    """A folder with a good plan, a nested good plan, a file of broken UTF-8, and an .rtf
    outside the folder (given explicitly)."""
    folder = tmp_path / "in"
    (folder / "huyen").mkdir(parents=True)
    (folder / "ke-hoach-52.txt").write_text(PLAN, encoding="utf-8")
    (folder / "huyen" / "ke-hoach-huyen.txt").write_text(
        PLAN.replace("TỈNH TIỀN GIANG", "HUYỆN MÊ LINH"), encoding="utf-8")
    # Broken past repair: a UTF-8 text with one bad byte is read with a warning, this is not.
    (folder / "broken.txt").write_bytes("Kế hoạch thực hiện Đề án".encode() + b"\xff\xfe\x80" * 40
                                      + "của Ủy ban nhân dân".encode())
    (folder / "anh-chup.png").write_bytes(b"\x89PNG not a document")  # not searched
    rtf = tmp_path / "ke-hoach.rtf"
    rtf.write_text(PLAN, encoding="utf-8")
    return folder, rtf


def _extract(runner, args):
    return runner.invoke(app, ["extract", *map(str, args), "--quiet"])


def test_extract_writes_documents_errors_and_manifest(runner, inputs, tmp_path):
    folder, rtf = inputs
    out = tmp_path / "out"
    result = _extract(runner, [folder, rtf, "-o", out])
    assert result.exit_code == 1, result.output

    for stem in ("ke-hoach-52", "ke-hoach-huyen"):
        doc = ExtractedDocument.model_validate_json((out / f"{stem}.json").read_text("utf-8"))
        assert doc.kind == "plan" and doc.metadata.doc_number == "52/KH-UBND"
        assert len(doc.activities) == 2
    assert not (out / "broken.json").exists() and not (out / "ke-hoach.json").exists()

    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    by_path = {e["path"]: e for e in errors}
    assert set(by_path) == {str(folder / "broken.txt"), str(rtf)}
    for e in errors:
        ErrorRecord.model_validate(e)
        assert e["stage"] == "ingest" and e["error_type"] == "IngestError"
    assert "UTF-8" in by_path[str(folder / "broken.txt")]["message"]
    assert "RTF is not read: save it as .docx" in by_path[str(rtf)]["message"]

    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["inputs"] == 4
    assert manifest["inputs"] == manifest["results"] + manifest["errors"]
    assert manifest["results"] == 2 and manifest["errors"] == 2
    assert sorted(d["output"] for d in manifest["documents"]) == ["ke-hoach-52.json",
                                                                  "ke-hoach-huyen.json"]


def test_extract_leaves_no_temp_files(runner, inputs, tmp_path):
    folder, rtf = inputs
    out = tmp_path / "out"
    _extract(runner, [folder, rtf, "-o", out, "--jsonl"])
    assert sorted(p.name for p in out.iterdir()) == [
        "documents.jsonl", "errors.jsonl", "ke-hoach-52.json", "ke-hoach-huyen.json", "manifest.json",
        "manifest.jsonl"]


def test_extract_exit_code_is_zero_when_everything_worked(runner, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(PLAN, encoding="utf-8")
    out = tmp_path / "out"
    result = _extract(runner, [tmp_path / "in", "-o", out])
    assert result.exit_code == 0, result.output
    assert (out / "errors.jsonl").read_text("utf-8") == ""
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert (manifest["inputs"], manifest["results"], manifest["errors"]) == (1, 1, 0)


def test_missing_input_is_an_error_record(runner, tmp_path):
    out = tmp_path / "out"
    result = _extract(runner, [tmp_path / "khong-co.txt", "-o", out])
    assert result.exit_code == 1
    [error] = [json.loads(x) for x in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert error["path"] == str(tmp_path / "khong-co.txt") and error["stage"] == "ingest"
    assert json.loads((out / "manifest.json").read_text("utf-8"))["inputs"] == 1


def test_same_stem_in_two_formats_gives_two_outputs(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ke-hoach.txt").write_text(PLAN, encoding="utf-8")
    (folder / "ke-hoach.html").write_text(f"<html><body><p>{PLAN}</p></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    assert _extract(runner, [folder, "-o", out]).exit_code == 0
    assert {"ke-hoach.txt.json", "ke-hoach.html.json"} <= {p.name for p in out.iterdir()}


def test_workers_give_the_same_outputs_as_one_process(runner, inputs, tmp_path):
    folder, rtf = inputs
    one, two = tmp_path / "one", tmp_path / "two"
    r1 = _extract(runner, [folder, rtf, *SEEDS, "-o", one])
    r2 = _extract(runner, [folder, rtf, *SEEDS, "-o", two, "--workers", "2"])
    assert r1.exit_code == r2.exit_code == 1
    docs = sorted(p.name for p in one.glob("*.json") if p.name != "manifest.json")
    assert docs == sorted(p.name for p in two.glob("*.json") if p.name != "manifest.json")
    assert len(docs) == 2 + len(SEEDS)
    for name in docs:
        assert (one / name).read_text("utf-8") == (two / name).read_text("utf-8"), name

    def errors(folder):
        lines = (folder / "errors.jsonl").read_text("utf-8").splitlines()
        return [{k: v for k, v in json.loads(x).items() if k != "seconds"} for x in lines]

    assert errors(one) == errors(two)
    assert json.loads((two / "manifest.json").read_text("utf-8"))["workers"] == 2


def test_jsonl_has_one_document_per_line(runner, inputs, tmp_path):
    folder, rtf = inputs
    out = tmp_path / "out"
    _extract(runner, [folder, rtf, "-o", out, "--jsonl"])
    lines = (out / "documents.jsonl").read_text("utf-8").splitlines()
    docs = [ExtractedDocument.model_validate_json(line) for line in lines]
    assert sorted(d.source.path for d in docs) == sorted(
        [str(folder / "ke-hoach-52.txt"), str(folder / "huyen" / "ke-hoach-huyen.txt")])
    for d in docs:
        stem = Path(d.source.path).stem
        assert ExtractedDocument.model_validate_json((out / f"{stem}.json").read_text("utf-8")) == d


def test_committed_schema_matches_the_models():
    committed = (REPO / "schemas" / "plan-extract.schema.json").read_text("utf-8")
    assert committed == schema_text(), "models changed: run `make schema` and commit the result"


def test_schema_command_writes_the_schema(runner, tmp_path):
    result = runner.invoke(app, ["schema", "-o", str(tmp_path)])
    assert result.exit_code == 0
    written = (tmp_path / "plan-extract.schema.json").read_text("utf-8")
    assert written == schema_text()
    assert json.loads(written)["title"] == "plan-extract document"


@pytest.fixture
def seed_run(runner, tmp_path):
    out = tmp_path / "seeds-out"
    result = _extract(runner, [REPO / "corpus" / "raw", "-o", out])
    assert result.exit_code == 0, result.output
    return out


def test_validate_passes_on_the_seeds(runner, seed_run):
    result = runner.invoke(app, ["validate", str(seed_run), "--gold", str(GOLD_DIR)])
    assert result.exit_code == 0, result.output


def test_validate_fails_with_an_impossible_threshold(runner, seed_run):
    result = runner.invoke(app, ["validate", str(seed_run), "--gold", str(GOLD_DIR),
                                 "--min-activities-f1", "1.01"])
    assert result.exit_code == 1


def test_validate_fails_when_an_output_is_missing(runner, seed_run):
    next(seed_run.glob("00*.json")).unlink()
    result = runner.invoke(app, ["validate", str(seed_run), "--gold", str(GOLD_DIR)])
    assert result.exit_code == 1


def test_validate_json_report(runner, seed_run):
    result = runner.invoke(app, ["validate", str(seed_run), "--gold", str(GOLD_DIR), "--json",
                                 "--min-activities-f1", "1.01"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert set(report) == {"documents", "overall", "thresholds", "failures"}
    assert sorted(report["documents"]) == sorted(p.stem for p in CORPUS)
    assert report["thresholds"]["activities_f1"] == 1.01
    assert report["thresholds"]["metadata"] == 1.0  # from thresholds.toml
    assert [f.split()[0] for f in report["failures"]] == ["activities_f1"]


def test_validate_reads_the_gold_folder_thresholds(runner, seed_run, tmp_path):
    gold = tmp_path / "gold"
    shutil.copytree(GOLD_DIR, gold)
    (gold / "thresholds.toml").write_text("[min]\nagency = 1.5\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(seed_run), "--gold", str(gold), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["thresholds"] == {"agency": 1.5}


def test_a_text_file_is_read_without_the_docx_pdf_or_html_stacks(tmp_path):
    """Lazy imports: extracting a plain-text plan never imports python-docx, pdfplumber,
    pypdfium2 or BeautifulSoup, so a batch of texts does not pay for them in each worker."""
    import subprocess
    import sys

    src = tmp_path / "plan.txt"
    src.write_text(PLAN, encoding="utf-8")
    code = (
        "import sys, json\n"
        "from plan_extract.cli import app\n"
        "try:\n"
        f"    app(['extract', {str(src)!r}, '--stdout'], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('docx', 'pdfplumber', 'pdfminer', 'pypdfium2', 'bs4', 'pandas', 'numpy')\n"
        "print(json.dumps([m for m in heavy if m in sys.modules]), file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert "52/KH-UBND" in result.stdout
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []
