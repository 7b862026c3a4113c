"""Errors shared by the readers, kept apart so reader modules need not import `ingest`."""


class IngestError(Exception):
    """The file cannot be read as a document (bad encoding, scanned PDF, broken archive)."""
