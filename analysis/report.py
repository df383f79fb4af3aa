"""Executing the notebooks for a campaign and rendering them into one briefing without code."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from analysis.export import atomic_path

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
# The briefing's order: headline figures, then charts, then the data-quality section (who has
# not reported and what to follow up, then the row accounting behind it).
REPORT_ORDER = ("02_participation", "03_briefing_charts", "05_data_quality",
                "01_load_and_check")


class NotebookParameterError(ValueError):
    """A parameter the notebook does not declare: a typo would otherwise be silently ignored."""


# Notebooks about several campaigns (parameter processed_dir, not raw_dir): not part of a
# campaign's run and report.
CROSS_CAMPAIGN = ("04_trends",)


def notebooks(notebook_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """The notebooks of one campaign's run, in file order."""
    return sorted(path for path in notebook_dir.glob("[0-9][0-9]_*.ipynb")
                  if path.stem not in CROSS_CAMPAIGN)


def execute_notebook(notebook: Path, output: Path, parameters: dict) -> Path:
    declared = papermill.inspect_notebook(str(notebook))
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise NotebookParameterError(
            f"{notebook.name} has no parameter {', '.join(unknown)}; "
            f"it declares {', '.join(sorted(declared)) or 'none'}."
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(notebook.parent),
        progress_bar=False,
        report_mode=True,
        # The kernel's transport warning is noise to an analyst; real errors still show.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    return output


# Cells a notebook keeps for its reader or for nbval but the briefing leaves out.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "report-hide"})


def render_report(executed: list[Path], path: Path, title: str, subtitle: str = "") -> Path:
    """One self-contained HTML page (images inline) with every code cell and prompt hidden."""
    by_stem = {notebook.stem: notebook for notebook in executed}
    ordered = [by_stem[stem] for stem in REPORT_ORDER if stem in by_stem]
    ordered += [notebook for notebook in executed if notebook.stem not in REPORT_ORDER]
    combined = nbformat.v4.new_notebook()
    combined.metadata["title"] = title
    heading = nbformat.v4.new_markdown_cell(f"# {title}\n\n{subtitle}".strip())
    heading.id = "report-title"
    combined.cells.append(heading)
    for notebook_path in ordered:
        notebook = nbformat.read(notebook_path, as_version=4)
        for position, cell in enumerate(notebook.cells):
            cell.id = f"{notebook_path.stem}-{position}"
            if HIDDEN_TAGS & set(cell.metadata.get("tags", [])):
                continue
            if cell.cell_type == "code":
                cell.outputs = [output for output in cell.outputs
                                if output.get("name") != "stderr"]
            combined.cells.append(cell)
    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(combined)
    with atomic_path(path) as temporary:
        temporary.write_text(body, encoding="utf-8")
    return path
