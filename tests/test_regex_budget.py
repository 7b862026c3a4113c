"""No pattern backtracks catastrophically: every regex of the data files and every
module-level compiled pattern runs against adversarial strings (long runs of spaces, pipes,
dots, dashes, letters, digits, a row of empty table cells) within a generous time budget.

`(\\s*\\|\\s*)+$` took 6.8 s on a row of 22 empty cells and over 100 s on 26 (issue 14): one
such line hung a batch. The sre engine checks for signals while it backtracks, so an
interval timer stops a runaway pattern and names it instead of hanging the test."""

from __future__ import annotations

import importlib
import pkgutil
import re
import signal
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

import plan_extract
from plan_extract import config

BUDGET = 0.5
"""Seconds one pattern may take on one adversarial string (a linear one takes microseconds,
a quadratic one about 10 ms on these lengths; an exponential one never ends)."""

N = 600


def adversarial() -> list[str]:
    runs = [" ", "|", ".", "-", "a", "A", "Đ", "ố", "1", "\n", "\t", "_", "…", "/", "(", ":", "*"]
    out = [c * N for c in runs]
    out += [c * N + "x" for c in runs] + ["x" + c * N + "!" for c in runs]
    out += [" | " * 30 + "x", "a" + " | " * 30 + " x", "| " * 40 + "a", " |" * 40 + " .",
            "1. " * 400 + "x", "a " * 700 + "!", "A " * 700 + "1", "Đ " * 700 + "-",
            ". " * 700 + "x", "- " * 700 + "x", "1.1." * 300 + "x", "(" * 300 + "a" + ")" * 299,
            "Số " * 400, "ngày " * 300 + "x", "Điều " * 300 + "x", "- " * 300 + "\n" * 300,
            "aaaa-" * 300 + "!", "KẾ HOẠCH " * 150 + "x", "\u00a0" * N + "x"]
    return out


def _walk(value, found: set[str]) -> None:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _walk(getattr(value, name), found)
        extra = getattr(value, "root", None)
        if extra is not None and "root" not in type(value).model_fields:
            _walk(extra, found)
    elif isinstance(value, dict):
        for k, v in value.items():
            _walk(k, found)
            _walk(v, found)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            _walk(v, found)
    elif isinstance(value, str):
        found.add(value)


def data_patterns() -> dict[str, re.Pattern]:
    """Every string of every data file that compiles as a regex (plain words compile too and
    cost nothing), by file."""
    out: dict[str, re.Pattern] = {}
    for name in config.FILES:
        if name.endswith("admin_units.json"):
            continue  # place names, matched as words by the gazetteer, not as regexes
        strings: set[str] = set()
        _walk(config.load(name), strings)
        for s in strings:
            if not any(c in s for c in "\\*+?{}[]()|"):
                continue
            try:
                out[f"data/{name}: {s[:60]!r}"] = re.compile(s.replace("{UP}", config.UPPER_CLASS))
            except re.error:
                continue
    return out


def module_patterns() -> dict[str, re.Pattern]:
    """Compiled patterns held at module level (alone or in a list, tuple or dict)."""
    out: dict[str, re.Pattern] = {}
    for info in pkgutil.walk_packages(plan_extract.__path__, "plan_extract."):
        if info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:
            continue
        for attr, value in vars(module).items():
            values = value.values() if isinstance(value, dict) else (
                value if isinstance(value, list | tuple) else [value])
            for i, v in enumerate(values):
                if isinstance(v, re.Pattern) and isinstance(v.pattern, str):
                    out[f"{info.name}.{attr}[{i}]: {v.pattern[:60]!r}"] = v
    return out


class Runaway(Exception):
    pass


def _alarm(signum, frame):
    raise Runaway


def _slow_patterns(patterns: dict[str, re.Pattern], strings: list[str]) -> list[str]:
    slow = []
    old = signal.signal(signal.SIGALRM, _alarm)
    try:
        for name, pattern in patterns.items():
            for s in strings:
                t0 = time.perf_counter()
                signal.setitimer(signal.ITIMER_REAL, BUDGET)
                try:
                    pattern.search(s)
                    pattern.sub("", s)
                except Runaway:
                    slow.append(f"{name} on {s[:20]!r}…({len(s)} chars)")
                    break
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                if time.perf_counter() - t0 > BUDGET:
                    slow.append(f"{name} on {s[:20]!r}…({len(s)} chars)")
                    break
    finally:
        signal.signal(signal.SIGALRM, old)
    return slow


def test_the_audit_reaches_the_data_files_and_the_modules():
    data, modules = data_patterns(), module_patterns()
    assert len(data) > 50 and len(modules) > 20
    assert any("normalize" in name for name in modules)


def test_the_budget_catches_a_catastrophic_pattern():
    """The check can fail: the old trailing-pipe pattern is caught."""
    assert _slow_patterns({"old": re.compile(r"(\s*\|\s*)+$")}, [" | " * 30 + "x"])


@pytest.mark.parametrize("source", ["data", "modules"])
def test_no_pattern_backtracks_catastrophically(source):
    patterns = data_patterns() if source == "data" else module_patterns()
    assert not _slow_patterns(patterns, adversarial())


def test_a_row_of_empty_cells_reads_and_normalizes_quickly(tmp_path: Path):
    row = "<tr>" + "<td></td>" * 40 + "<td>x</td><td>y</td><td>z</td>" + "<td> </td>" * 40 + "</tr>"
    page = f"<html><body><p>KẾ HOẠCH</p><table>{row * 5}</table><p>{' | ' * 60}x</p></body></html>"
    t0 = time.perf_counter()
    doc = plan_extract.extract(page.encode(), format="html")
    assert time.perf_counter() - t0 < 5
    assert "x | y | z" in doc.text


_OLD_EDGES = re.compile(r"^(\s*\|\s*)+|(\s*\|\s*)+$")
_OLD_TRAILING = re.compile(r"(\s*\|\s*)+$")


@given(st.text(alphabet=st.sampled_from(" |\t\u00a0ax."), max_size=12))
def test_the_linear_pipe_strippers_do_what_the_patterns_did(line):
    from plan_extract.readers.markup import strip_cell_separators
    from plan_extract.stages.normalize import _strip_trailing_pipes

    assert strip_cell_separators(line) == _OLD_EDGES.sub("", line)
    assert _strip_trailing_pipes(line) == _OLD_TRAILING.sub("", line)
