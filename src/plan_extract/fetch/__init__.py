"""Polite, cached, resumable fetching of source pages (see `client`)."""

from .client import FetchConfig, FetchRecord, fetch_all

__all__ = ["FetchConfig", "FetchRecord", "fetch_all"]
