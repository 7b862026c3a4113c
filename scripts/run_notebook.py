"""Execute an analyst notebook headless and keep the executed copy, for `make notebook`.

    PLAN_EXTRACT_OUT=out python scripts/run_notebook.py notebooks/explore.ipynb out/explore.ipynb

The kernel runs in the notebook's own folder (so its default `../out` finds `make run`'s output)
and inherits the environment. A relative PLAN_EXTRACT_OUT given here is taken from the current
folder, as on any command line, and handed to the kernel as an absolute path. The executed copy is
written even when a cell fails, so the traceback can be read in it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ENV = "PLAN_EXTRACT_OUT"


def run_notebook(src: Path, dst: Path | None = None, timeout: int = 600) -> nbformat.NotebookNode:
    """Execute `src` with the python3 kernel in `src`'s folder; write the result to `dst` if given.
    Raises CellExecutionError (with the cell's traceback) when a cell fails."""
    nb = nbformat.read(src, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=timeout,
                            resources={"metadata": {"path": str(Path(src).resolve().parent)}})
    try:
        client.execute()
    finally:
        if dst is not None:
            dst.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, dst)
    return nb


def figures_dir(src: Path) -> Path:
    """Where the notebook saves its PNGs: `<out>/figures`, out resolved as the kernel resolves it."""
    return (Path(src).resolve().parent / os.environ.get(ENV, "../out")).resolve() / "figures"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: [{ENV}=out] python scripts/run_notebook.py IN.ipynb OUT.ipynb", file=sys.stderr)
        return 2
    src, dst = Path(argv[0]), Path(argv[1])
    if ENV in os.environ:
        os.environ[ENV] = str(Path(os.environ[ENV]).resolve())
    try:
        run_notebook(src, dst)
    except CellExecutionError as exc:
        print(f"{src}: a cell failed; the partial run is in {dst}\n{exc}", file=sys.stderr)
        return 1
    figures = figures_dir(src)
    pngs = sorted(p.name for p in figures.glob("*.png"))
    print(f"executed {src} -> {dst}")
    print(f"figures ({len(pngs)} PNG) in {figures}: {', '.join(pngs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
