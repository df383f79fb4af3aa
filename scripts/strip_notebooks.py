"""Keep notebooks diff-friendly: drop every output except the cells nbval checks.

Usage (after editing a notebook):
    .venv/bin/jupyter nbconvert --to notebook --execute --inplace notebooks/NN_name.ipynb
    .venv/bin/python scripts/strip_notebooks.py notebooks/*.ipynb
Then read the kept outputs and check each figure by hand against tests/data/demo_truth.json
before committing: nbval compares future runs with them.
"""

from __future__ import annotations

import sys

import nbformat

CHECK_MARK = "# NBVAL_CHECK_OUTPUT"


def strip(path: str) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        if CHECK_MARK in cell.source:
            # nbval treats a cell without an execution count as never run: keep it here.
            cell.outputs = [output for output in cell.outputs if output.get("name") != "stderr"]
        else:
            cell.execution_count = None
            cell.outputs = []
    notebook.metadata.pop("papermill", None)
    notebook.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python"
    }
    nbformat.write(notebook, path)


if __name__ == "__main__":
    for notebook_path in sys.argv[1:]:
        strip(notebook_path)
