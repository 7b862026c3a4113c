"""The structure users and contributors rely on: a reader or a taxonomy is added in one place,
stages keep their contract, data files fail at load, layers import only downward."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path
from typing import get_args

import pytest
from helpers import REPO, SEEDS, raw_document

import plan_extract
from plan_extract import config
from plan_extract.cli import app
from plan_extract.codes import FORMATS, NOTICE_CODES
from plan_extract.document import Document, Warning
from plan_extract.errors import ConfigError, PlanExtractError, StageError
from plan_extract.fetch.client import extensions
from plan_extract.pipeline import STAGES, stages
from plan_extract.readers import READERS, Reading, find_inputs, reader, suffixes
from plan_extract.stages.registry import READER_FIELDS, REGISTRY

PACKAGE = REPO / "src" / "plan_extract"

CSV_PLAN = (
    "KẾ HOẠCH\n"
    "II. NHIỆM VỤ\n"
    "1. Tuyên truyền về Cộng đồng ASEAN\n"
    "- Tổ chức hội nghị phổ biến thông tin cho cán bộ, công chức.\n"
    "- Đăng tin bài trên cổng thông tin điện tử của tỉnh.\n"
)


@pytest.fixture
def csv_reader():
    """A toy reader registered as a plugin would: a CSV file whose first column is the text."""

    @reader("csv", suffixes=(".csv",), media_types=("text/csv",))
    def read_csv(data: bytes) -> Reading:
        rows = [line.split(";")[0] for line in data.decode("utf-8").splitlines()]
        return Reading("\n".join(rows))

    yield read_csv
    del READERS["csv"]


def test_a_registered_reader_is_all_a_new_format_needs(csv_reader, tmp_path, runner):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plan.csv").write_text("\n".join(f"{line};x" for line in CSV_PLAN.splitlines()), "utf-8")
    assert suffixes()[".csv"] == "csv" and extensions()["text/csv"] == ".csv"
    assert find_inputs([folder])[0] == [folder / "plan.csv"]

    result = runner.invoke(app, ["extract", str(folder), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output
    out = json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))
    assert out["source"]["format"] == "csv"
    assert [a["text"] for a in out["activities"]] == [
        "Tổ chức hội nghị phổ biến thông tin cho cán bộ, công chức.",
        "Đăng tin bài trên cổng thông tin điện tử của tỉnh."]
    assert all(a["section_path"] == "II.1" for a in out["activities"])

    doc = plan_extract.extract(folder / "plan.csv")
    assert doc.model_dump(mode="json", exclude={"source"}) == {
        k: v for k, v in out.items() if k != "source"}


def test_built_in_formats_suffixes_and_content_types_come_from_the_readers():
    assert set(READERS) == set(get_args(FORMATS))
    schema = Document.model_json_schema()
    assert schema["$defs"]["Source"]["properties"]["format"]["enum"] == list(get_args(FORMATS))
    assert suffixes() == {".txt": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf",
                          ".docx": "docx", ".md": "md", ".markdown": "md"}
    for media, suffix in extensions().items():
        assert suffixes()[suffix] in READERS, media


def test_each_stage_requires_only_what_the_reader_or_an_earlier_stage_assigns():
    available = set(READER_FIELDS)
    assert set(REGISTRY) == set(STAGES), "every registered stage runs, and only those"
    for name in STAGES:
        spec = REGISTRY[name]
        assert spec.requires <= available, (name, spec.requires - available)
        assert spec.assigns <= set(Document.model_fields), (name, spec.assigns)
        available |= spec.assigns


def test_a_stage_changes_only_what_it_assigns_and_adds_notices():
    doc = raw_document(SEEDS[4].read_text("utf-8"))  # a decision with a plan: every stage works
    working = {"lines", "title", "issuance_span", "outline"}
    for name, func in stages("ascc_2025"):
        before = doc.model_dump()
        after = func(doc)
        assert isinstance(after, Document), name
        dumped = after.model_dump()
        changed = {k for k in Document.model_fields if k not in working and dumped[k] != before[k]}
        changed |= {k for k in working if getattr(after, k) is not getattr(doc, k)
                    and getattr(after, k) != getattr(doc, k)}
        assert changed <= REGISTRY[name].assigns | {"warnings"}, (name, changed)
        assert after.warnings[:len(doc.warnings)] == doc.warnings, name
        doc = after
    assert doc.activities and doc.sections and doc.references and doc.metadata.doc_number
    assert any(w.stage == "normalize" for w in doc.warnings)


def test_no_run_without_its_taxonomy_stage_when_none_is_asked():
    assert [n for n, _ in stages(None)] == [n for n in STAGES if n != "pillars"]
    doc = plan_extract.extract(SEEDS[0], taxonomy=None)
    assert doc.taxonomy is None and all(a.pillar is None for a in doc.activities)


def test_notice_codes_are_declared_once():
    assert "running-lines-removed" in NOTICE_CODES
    with pytest.raises(ValueError, match="unknown notice code"):
        Warning(stage="normalize", code="no-such-code", message="x")


# --- data files ---------------------------------------------------------------------------

@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the package data that a test may break; the loader reads it instead."""
    folder = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, folder)
    monkeypatch.setattr(config, "DATA_DIR", folder)
    config.load.cache_clear()
    yield folder
    config.load.cache_clear()


def test_every_data_file_validates():
    config.check_all()
    assert {p.relative_to(config.DATA_DIR).as_posix() for p in config.DATA_DIR.rglob("*")
            if p.suffix in (".toml", ".json") and "taxonomies" not in p.parts} == set(config.FILES)


def test_a_misspelt_key_fails_at_load_naming_file_and_key(data_copy):
    path = data_copy / "stages" / "references.toml"
    path.write_text(path.read_text("utf-8").replace("law_title_max_words", "law_title_max_word"), "utf-8")
    with pytest.raises(ConfigError) as err:
        config.check_all()
    message = str(err.value)
    assert message.startswith("data/stages/references.toml: ")
    assert "law_title_max_words: Field required" in message
    assert "law_title_max_word: Extra inputs are not permitted" in message


def test_a_broken_regex_or_value_fails_at_load(data_copy):
    path = data_copy / "stages" / "activities.toml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("deadline = '", "deadline = '(", 1), "utf-8")
    with pytest.raises(ConfigError, match=r"data/stages/activities.toml: deadline: Value error, "
                                          r"not a valid regular expression"):
        config.activities()
    config.load.cache_clear()
    path.write_text(text, "utf-8")
    pdf = data_copy / "readers" / "pdf_layout.toml"
    pdf.write_text(pdf.read_text("utf-8").replace("segment_gap = 1.5", 'segment_gap = "wide"'), "utf-8")
    with pytest.raises(ConfigError, match="data/readers/pdf_layout.toml: segment_gap: Input should be"):
        config.pdf_layout()


def test_a_broken_data_file_stops_extract_with_one_line(data_copy, tmp_path, runner):
    path = data_copy / "lexicon" / "agencies.toml"
    path.write_text(path.read_text("utf-8") + "\nheading_max_words = 3\n", "utf-8")  # twice: bad TOML
    result = runner.invoke(app, ["extract", str(SEEDS[0]), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "broken data file" in result.output and "agencies.toml" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


# --- public API ---------------------------------------------------------------------------

def test_extract_reads_a_path_or_bytes_and_names_a_failing_stage(tmp_path):
    from_path = plan_extract.extract(SEEDS[0])
    from_bytes = plan_extract.extract(SEEDS[0].read_bytes(), format="txt", name=str(SEEDS[0]))
    assert from_bytes.model_dump() == from_path.model_dump()
    with pytest.raises(ValueError, match="format"):
        plan_extract.extract(b"text")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"   ")
    with pytest.raises(StageError) as err:
        plan_extract.extract(empty)
    assert err.value.stage == "ingest" and isinstance(err.value, PlanExtractError)


def test_extract_many_accounts_for_every_input(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    outcomes = list(plan_extract.extract_many([SEEDS[0], bad]))
    assert [o.path for o in outcomes] == [SEEDS[0], bad]
    assert outcomes[0].document is not None and outcomes[0].error is None
    assert outcomes[1].document is None and outcomes[1].error.stage == "ingest"


# --- layers -------------------------------------------------------------------------------

LAYERS = {"codes": 0, "errors": 0, "document": 1, "config": 1, "lexicon": 2, "outputs": 2, "shards": 2,
          "taxonomy": 3, "readers": 4, "stages": 4, "pipeline": 5, "evaluation": 6,
          "analysis": 6, "fetch": 6, "executors": 6, "cli": 7, "__init__": 7, "__main__": 8}
"""A module may import from lower layers only (DESIGN.md); peers do not import each other."""


def _imports(path: Path) -> list[tuple[str, ...]]:
    """Package-relative module paths a module imports (absolute and relative imports)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1] if node.level > 1 else package
                target = (*base, *(node.module.split(".") if node.module else ()))
                names = [target] if node.module else [(*base, a.name) for a in node.names]
                found.extend(names)
            elif node.module and node.module.startswith("plan_extract"):
                found.append(tuple(node.module.split(".")[1:]))
    return found


def test_layers_import_only_downward():
    bad = []
    for path in PACKAGE.rglob("*.py"):
        mine = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for target in _imports(path):
            if not target or target[0] == mine:
                continue
            if LAYERS[target[0]] >= LAYERS[mine]:
                bad.append(f"{path.relative_to(PACKAGE)} imports {'.'.join(target)}")
    assert not bad, bad


def test_a_stage_never_imports_another_stage():
    for path in (PACKAGE / "stages").rglob("*.py"):
        here = path.relative_to(PACKAGE / "stages").parts[0].removesuffix(".py")
        for target in _imports(path):
            if target[:1] == ("stages",) and len(target) > 1:
                assert target[1] in (here, "registry"), f"{path.name} imports {'.'.join(target)}"
