"""Data files shipped in `plan_extract/data`, each loaded once per process."""

from __future__ import annotations

import json
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")
"""Package data: lexicons, patterns, taxonomies and trained models."""


@cache
def load_toml(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("plan_extract.data").joinpath(name).read_text("utf-8"))


@cache
def load_json(name: str) -> Any:
    return json.loads(resources.files("plan_extract.data").joinpath(name).read_text("utf-8"))
