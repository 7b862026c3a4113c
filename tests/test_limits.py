"""Limits set for one run (issue 14, "Limits": "options with sane defaults"): `extract
--max-bytes / --max-docx-bytes / --max-docx-part-bytes / --max-pages` change the limits of
data/readers/formats.toml for that run, in every worker, and each refusal names its option."""

from __future__ import annotations

import json

import pytest
from helpers import docx_paragraph, make_docx, make_pdf
from hypothesis import given
from hypothesis import strategies as st

from plan_extract import config
from plan_extract.cli import app

PLAN = "KẾ HOẠCH\nTriển khai chuyển đổi số năm 2025\nI. NỘI DUNG\n1. Xây dựng trung tâm dữ liệu.\n"


@pytest.fixture(autouse=True)
def _file_limits():
    config.reset_limits()
    yield
    config.reset_limits()


def _errors(out) -> dict[str, dict]:
    path = out / "errors.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []
    return {r["path"].rsplit("/", 1)[-1]: r for r in rows}


def _extract(runner, tmp_path, *args):
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", *map(str, args), "-o", str(out), "--quiet"])
    return result, out


# --- sizes as a user writes them ----------------------------------------------------------

@pytest.mark.parametrize(("text", "size"), [
    ("1000", 1000), ("500k", 500 * 2**10), ("200M", 200 * 2**20), ("1.5G", 3 * 2**29),
    ("64MiB", 64 * 2**20), (" 2 mb ", 2 * 2**20)])
def test_sizes_parse_with_binary_units(text, size):
    assert config.parse_size(text) == size


@pytest.mark.parametrize("text", ["", "M", "12Q", "-5M", "0", "1e9", "five"])
def test_what_is_no_size_is_refused(text):
    with pytest.raises(ValueError):
        config.parse_size(text)


@given(st.integers(min_value=1, max_value=2**40))
def test_a_size_printed_reads_back_within_the_rounding(size):
    back = config.parse_size(config.size_text(size).replace(" ", ""))
    assert abs(back - size) <= 0.05 * size


def test_set_limits_checks_names_and_values_and_none_restores_the_file():
    file_value = config.formats().limits.max_input_bytes
    config.set_limits(max_input_bytes=10)
    assert config.limits().max_input_bytes == 10
    assert config.formats().limits.max_input_bytes == file_value  # the file's model is untouched
    config.set_limits(max_input_bytes=None)
    assert config.limits().max_input_bytes == file_value
    with pytest.raises(ValueError, match="no limit named"):
        config.set_limits(max_bytes=10)
    with pytest.raises(ValueError, match="positive"):
        config.set_limits(max_pdf_pages=0)


# --- each option, in this process and in workers --------------------------------------------

@pytest.mark.parametrize("workers", ["1", "2"])
def test_max_bytes_refuses_a_larger_input_and_reads_a_smaller_one(runner, tmp_path, workers):
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text(PLAN, "utf-8")
    large.write_text(PLAN + "- Tổ chức hội nghị.\n" * 200, "utf-8")
    result, out = _extract(runner, tmp_path, small, large, "--max-bytes", "2k", "--workers", workers)
    assert result.exit_code == 1, result.output
    errors = _errors(out)
    assert set(errors) == {"large.txt"}
    assert errors["large.txt"]["stage"] == "ingest"
    assert "over the 2 kiB limit (extract --max-bytes" in errors["large.txt"]["message"]
    assert (out / "small.json").exists()


def test_the_file_limits_are_back_after_a_run_with_options(runner, tmp_path):
    (tmp_path / "a.txt").write_text(PLAN, "utf-8")
    _extract(runner, tmp_path, tmp_path / "a.txt", "--max-bytes", "1M", "--max-pages", "3")
    assert config.limits() == config.formats().limits


@pytest.mark.parametrize("workers", ["1", "2"])
def test_max_pages_refuses_a_longer_pdf_before_reading_it(runner, tmp_path, workers):
    pdf = tmp_path / "three.pdf"
    pdf.write_bytes(make_pdf([["Ke hoach so 12/KH-UBND"], ["Trang hai"], ["Trang ba"]]))
    result, out = _extract(runner, tmp_path, pdf, "--max-pages", "2", "--workers", workers)
    assert result.exit_code == 1, result.output
    error = _errors(out)["three.pdf"]
    assert error["stage"] == "ingest"
    assert "PDF has 3 pages, over the limit of 2 (extract --max-pages" in error["message"]
    result, out = _extract(runner, tmp_path, pdf, "--max-pages", "3")
    assert result.exit_code == 0, result.output


def test_docx_limits_name_their_options(runner, tmp_path):
    docx = tmp_path / "plan.docx"
    docx.write_bytes(make_docx("".join(docx_paragraph(line) for line in PLAN.splitlines() * 40)))
    result, out = _extract(runner, tmp_path, docx, "--max-docx-part-bytes", "2k")
    assert result.exit_code == 1
    assert "extract --max-docx-part-bytes" in _errors(out)["plan.docx"]["message"]
    result, out = _extract(runner, tmp_path, docx, "--max-docx-bytes", "4k")
    assert result.exit_code == 1
    assert "extract --max-docx-bytes" in _errors(out)["plan.docx"]["message"]
    result, out = _extract(runner, tmp_path, docx)
    assert result.exit_code == 0, result.output


def test_a_size_that_is_no_size_is_a_usage_error(runner, tmp_path):
    (tmp_path / "a.txt").write_text(PLAN, "utf-8")
    result, _ = _extract(runner, tmp_path, tmp_path / "a.txt", "--max-bytes", "12Q")
    assert result.exit_code == 2
    assert "--max-bytes" in result.output and "not a size" in result.output
