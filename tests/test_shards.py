"""Splitting a corpus between runs: --files-from and --shard K/N."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from plan_extract.cli import app
from plan_extract.shards import in_shard, parse_shard, read_file_list, shard_of

PLAN = ("ỦY BAN NHÂN DÂN\nTỈNH TIỀN GIANG\nSố: {n}/KH-UBND\nTiền Giang, ngày 08 tháng 3 năm 2021\n"
        "KẾ HOẠCH\nChuyển đổi số\nI. NỘI DUNG\n1. Nâng cấp mạng truyền số liệu.\n")


@given(st.lists(st.text(alphabet="abcđxyz/._-0123456789", min_size=1, max_size=20), unique=True),
       st.integers(min_value=1, max_value=9))
def test_the_shards_of_a_corpus_partition_it(names, n):
    """Property: every input is in exactly one of the N shards, whatever their order."""
    paths = [Path(x) for x in names]
    shares = [in_shard(paths, k, n) for k in range(1, n + 1)]
    assert sorted(p for s in shares for p in s) == sorted(paths)
    assert in_shard(list(reversed(paths)), 1, n) == list(reversed(shares[0]))


def test_a_path_keeps_its_shard_when_the_corpus_grows():
    assert shard_of(Path("corpus/a.md"), 4) == shard_of(Path("corpus/a.md"), 4)
    assert set(in_shard([Path("corpus/a.md")], shard_of(Path("corpus/a.md"), 4), 4)) == {Path("corpus/a.md")}


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0", "a/b", "2"])
def test_a_bad_shard_is_refused(text):
    with pytest.raises(ValueError):
        parse_shard(text)


def test_a_list_file_skips_blanks_and_comments(tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text("# corpus\na.md\n\n  b.txt  \n", encoding="utf-8")
    assert read_file_list(listing) == [Path("a.md"), Path("b.txt")]


def test_the_runs_of_n_shards_extract_every_input_once(tmp_path):
    """Through the CLI: the N runs of --shard K/N over one --files-from list write every
    document once between them, and a missing input is reported by one shard only."""
    docs = []
    for i in range(12):
        path = tmp_path / f"plan{i}.txt"
        path.write_text(PLAN.format(n=i + 1), encoding="utf-8")
        docs.append(path)
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(str(p) for p in [*docs, tmp_path / "gone.txt"]), encoding="utf-8")
    runner = CliRunner()
    written, errors = [], []
    for k in (1, 2, 3):
        out = tmp_path / f"out{k}"
        result = runner.invoke(app, ["extract", "--files-from", str(listing), "--shard", f"{k}/3",
                                     "-o", str(out), "--quiet"])
        assert result.exit_code in (0, 1), result.output
        if "holds none of the" in result.output:
            continue  # an empty share of a small corpus: nothing to do
        written += [p.stem for p in out.glob("plan*.json")]
        errors += [json.loads(x)["path"] for x in (out / "errors.jsonl").read_text().splitlines()
                   if x.strip()] if (out / "errors.jsonl").exists() else []
    assert sorted(written) == sorted(p.stem for p in docs)
    assert len([e for e in errors if e.endswith("gone.txt")]) == 1


def test_no_inputs_at_all_is_one_line_and_exit_2(tmp_path):
    result = CliRunner().invoke(app, ["extract", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no inputs" in result.output


def test_an_empty_shard_is_nothing_to_do(tmp_path):
    """An array job whose share of a small corpus is empty exits 0 and says so."""
    path = tmp_path / "plan.txt"
    path.write_text(PLAN.format(n=1), encoding="utf-8")
    other = next(k for k in (1, 2) if shard_of(path, 2) != k)
    result = CliRunner().invoke(app, ["extract", str(path), "--shard", f"{other}/2",
                                      "-o", str(tmp_path / "o")])
    assert result.exit_code == 0
    assert "holds none of the 1 inputs" in result.output
