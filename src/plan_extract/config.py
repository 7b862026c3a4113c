"""Data files shipped in `plan_extract/data/<layer>/`, each read once per process."""

from __future__ import annotations

import json
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")
"""Package data, one folder per layer: readers/, stages/, lexicon/, analysis/, taxonomies/."""


@cache
def load_toml(name: str) -> dict[str, Any]:
    return tomllib.loads((DATA_DIR / name).read_text("utf-8"))


@cache
def load_json(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text("utf-8"))
