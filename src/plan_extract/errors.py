"""The exceptions plan-extract raises; callers catch `PlanExtractError` for all of them."""

from __future__ import annotations


class PlanExtractError(Exception):
    """Base of every error plan-extract raises on purpose."""


class IngestError(PlanExtractError):
    """The file cannot be read as a document (bad encoding, scanned PDF, broken archive).

    Error records name the class (`error_type`: "IngestError"), so the name stays. The
    message is one line (a library's multi-line message is joined), as a record holds it."""

    def __init__(self, message: object = "", *args: object):
        super().__init__(" ".join(str(message).split()) or "the file cannot be read", *args)


ReadError = IngestError
"""What the readers raise, by the name of their layer."""


class OcrError(IngestError):
    """OCR could not run on a page: tesseract missing or failing, timeout, unreadable PDF."""


class ConfigError(PlanExtractError):
    """A data file is missing or does not match its model; the message names file and key."""


class StageError(PlanExtractError):
    """A stage failed on one document; `stage` names it, `cause` is what it raised."""

    def __init__(self, stage: str, cause: BaseException):
        super().__init__(f"{stage}: {type(cause).__name__}: {cause}")
        self.stage = stage
        self.cause = cause
