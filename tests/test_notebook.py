"""The analyst notebook runs end to end against extracted output: every cell executes, the charts
come out inline and as PNG files, and its pillar counts are those of the frames it loads.

Executed with the same runner `make notebook` uses (scripts/run_notebook.py), on a copy of the
session's seed outputs so the figures/ folder the notebook writes never lands in a shared fixture.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from helpers import REPO

pytest.importorskip("nbclient", reason="notebook extra not installed (pip install -e '.[notebook]')")
pytest.importorskip("ipykernel", reason="notebook extra not installed: no python3 kernel")
pytest.importorskip("matplotlib", reason="notebook extra not installed: no matplotlib")
pytest.importorskip("networkx", reason="notebook extra not installed: no networkx")

import plan_extract  # noqa: E402

NOTEBOOK = REPO / "notebooks" / "explore.ipynb"
FIGURES = ("pillars_by_document", "pillars_by_province", "top_agencies", "citation_graph")


def _runner() -> ModuleType:
    """scripts/ is not a package: load run_notebook.py by path, so the test runs what make runs."""
    spec = importlib.util.spec_from_file_location("run_notebook", REPO / "scripts" / "run_notebook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def executed(seed_outputs: Path, tmp_path_factory) -> tuple[Any, Path]:
    """(executed notebook, output folder it read): one kernel run shared by the checks below."""
    out = tmp_path_factory.mktemp("notebook-out")
    for path in seed_outputs.glob("*.json"):
        shutil.copy(path, out / path.name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLAN_EXTRACT_OUT", str(out))
        nb = _runner().run_notebook(NOTEBOOK, out / "explore.ipynb")  # CellExecutionError fails the test
    return nb, out


def _outputs(nb) -> list[Any]:
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]


def _stdout(nb) -> str:
    return "".join(o.text for o in _outputs(nb) if o.output_type == "stream" and o.name == "stdout")


def test_stored_without_outputs() -> None:
    """Outputs would make every re-run a diff; the executed copy goes to the output folder instead."""
    nb = json.loads(NOTEBOOK.read_text("utf-8"))
    assert nb["nbformat"] == 4
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)


def test_runs_and_draws_the_charts(executed: tuple[Any, Path]) -> None:
    nb, out = executed
    assert not [o for o in _outputs(nb) if o.output_type == "error"]
    images = [o for o in _outputs(nb) if o.output_type == "display_data" and "image/png" in o.data]
    assert len(images) >= len(FIGURES)
    for name in FIGURES:
        png = out / "figures" / f"{name}.png"
        assert png.is_file(), f"{png.name} not written"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "explore.ipynb").is_file()


def test_pillar_counts_agree_with_the_frames(executed: tuple[Any, Path]) -> None:
    nb, out = executed
    frames = plan_extract.load(out)
    text = _stdout(nb)
    total = re.search(r"crosstab total: (\d+) of (\d+) activities", text)
    assert total, text
    assert int(total[1]) == int(total[2]) == len(frames.activities) > 0
    per_pillar = json.loads(re.search(r"pillar totals: (\{.*\})", text)[1])
    pillars = frames.activities["pillar"]
    expected = {str(code): int(n) for code, n in pillars.value_counts().items()}  # every category, 0 too
    if pillars.isna().any():
        expected["none"] = int(pillars.isna().sum())  # the notebook's column for unassigned activities
    assert per_pillar == expected
    assert f"{len(frames.documents)} documents, {len(frames.activities)} activities" in text


def test_runs_on_a_large_output_with_readable_charts(seed_outputs: Path, tmp_path: Path) -> None:
    """Hundreds of documents (past networkx's 500-node switch to scipy layouts, which is not a
    dependency): the charts keep to the largest rows instead of growing without bound."""
    sources = sorted(seed_outputs.glob("*.json"))
    copies = 70
    for i in range(copies):
        for path in sources:
            shutil.copy(path, tmp_path / f"{i:03d}_{path.name}")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLAN_EXTRACT_OUT", str(tmp_path))
        nb = _runner().run_notebook(NOTEBOOK)
    text = _stdout(nb)
    assert f"{copies * len(sources)} documents" in text
    from PIL import Image

    with Image.open(tmp_path / "figures" / "pillars_by_document.png") as png:
        assert png.height < 4000  # 40 bars, not 630
