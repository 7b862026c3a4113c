"""Shared fixtures: hypothesis settings, the seeds extracted once per session, gold files, a CLI
runner. Paths and builders live in helpers.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CORPUS, GOLD_DIR
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from plan_extract.pipeline import extract_path

settings.register_profile("default", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")


@pytest.fixture(scope="session")
def seed_outputs(tmp_path_factory) -> Path:
    """The corpus extracted with the library, written the way `extract` names them."""
    out = tmp_path_factory.mktemp("seed-out")
    for path in CORPUS:
        doc = extract_path(path)
        (out / f"{path.stem}.json").write_text(doc.model_dump_json(), encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def gold_docs() -> dict[str, dict]:
    return {p.name.removesuffix(".gold.json"): json.loads(p.read_text("utf-8"))
            for p in sorted(GOLD_DIR.glob("*.gold.json"))}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
