"""Minimum scores a gold folder sets for itself (`thresholds.toml`)."""

from __future__ import annotations

import tomllib
from pathlib import Path


def load_thresholds(gold: Path, section: str = "min") -> dict[str, float]:
    """`[min]`: overall scores of `validate`; `[lodo]`: scores of `evaluate`."""
    path = gold / "thresholds.toml"
    if not path.exists():
        return {}
    return {k: float(v) for k, v in tomllib.loads(path.read_text("utf-8")).get(section, {}).items()}
