"""plan-extract: Vietnamese government plan texts to validated structured JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import PIPELINE_VERSION, ExtractedDocument
from .pipeline import extract_document, extract_many, extract_path

if TYPE_CHECKING:
    from pathlib import Path

    from .frames import Frames

__all__ = ["PIPELINE_VERSION", "ExtractedDocument", "extract_document", "extract_many", "extract_path",
           "load"]
__version__ = PIPELINE_VERSION


def load(out_dir: str | Path) -> Frames:
    """pandas frames of an output folder (see `plan_extract.frames`); pandas is imported only
    here, so batch extraction does not pay for it."""
    from .frames import load as load_frames

    return load_frames(out_dir)
