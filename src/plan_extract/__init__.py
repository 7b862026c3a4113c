"""plan-extract: Vietnamese government plan texts to validated structured JSON."""

from .models import PIPELINE_VERSION, ExtractedDocument
from .pipeline import extract_document, extract_many, extract_path

__all__ = ["PIPELINE_VERSION", "ExtractedDocument", "extract_document", "extract_many", "extract_path"]
__version__ = PIPELINE_VERSION
