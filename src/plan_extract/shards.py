"""Splitting a corpus between runs: a list of inputs read from a file (`--files-from`) and
the share of them one run takes (`--shard K/N`), so any scheduler (SLURM array jobs, CI
matrices, several machines) can divide a corpus without a coordinator. A path belongs to one
shard by a stable hash of its text, so every run of the N computes the same split, whatever
order it lists the inputs in, and adding files to the corpus moves no file between shards."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from pathlib import Path

_SHARD = re.compile(r"(?P<k>\d+)/(?P<n>\d+)")


def parse_shard(text: str) -> tuple[int, int]:
    """ "2/8" -> (2, 8): the second of eight shards, numbered from 1; a ValueError saying
    what is wrong otherwise."""
    m = _SHARD.fullmatch(text.strip())
    if not m:
        raise ValueError(f"a shard is K/N, e.g. 1/4, not {text!r}")
    k, n = int(m["k"]), int(m["n"])
    if n < 1 or not 1 <= k <= n:
        raise ValueError(f"shard {text!r}: K must be between 1 and N")
    return k, n


def shard_of(path: Path, n: int) -> int:
    """The shard (1..n) `path` belongs to: a CRC-32 of its POSIX text, stable across runs,
    machines and Python versions (unlike hash())."""
    return zlib.crc32(path.as_posix().encode("utf-8", "surrogateescape")) % n + 1


def in_shard(paths: Iterable[Path], k: int, n: int) -> list[Path]:
    """The paths of shard k of n, in their order."""
    return [p for p in paths if shard_of(p, n) == k]


def read_file_list(list_file: Path) -> list[Path]:
    """The inputs a list file names, one path a line; blank lines and "#" comments are
    skipped; a relative path is taken from the current folder, as on the command line."""
    text = list_file.read_text(encoding="utf-8", errors="surrogateescape")
    return [Path(line.strip()) for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
