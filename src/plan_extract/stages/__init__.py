"""The extraction stages, each `Document -> Document` (see `registry`); `pipeline` knows
their order."""
