"""The header stage's data: `data/stages/header.toml` (see that file for the patterns)."""

from __future__ import annotations

import re
from functools import cache

from ... import config
from ...lexicon.textnorm import pattern

Organ = config.Organ
"""An issuing organ as the data file lists it (printed form, proper name, level)."""


def _cfg() -> config.HeaderData:
    return config.header()


@cache
def _re(key: str, section: str = "national", flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return pattern(getattr(getattr(_cfg(), section), key), flags)
