"""Scoring against gold files, thresholds, and leave-one-document-out evaluation."""
