"""Executing the notebooks for a campaign and rendering them into one briefing without code."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Sequence
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from analysis.export import atomic_path
from analysis.formatting import LANGS

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
# The briefing's order: headline figures, then charts, then the data-quality section (who has
# not reported and what to follow up, then the row accounting behind it).
REPORT_ORDER = ("02_participation", "03_briefing_charts", "05_data_quality",
                "01_load_and_check")


class NotebookParameterError(ValueError):
    """A parameter the notebook does not declare: a typo would otherwise be silently ignored."""


def check_parameters(namespace: dict, declared: Sequence[str]) -> None:
    """In a notebook, after its parameters: a name set beside them that is a slip for one of
    them ("raw_dri" for "raw_dir", injected by `papermill -p raw_dri …`) is an error, not
    ignored (QA round 95 #2: papermill only warned, and the notebook analysed its default
    campaign, the demo's, without a word). Then says which folder each parameter names."""
    slips = sorted(name for name in namespace if not name.startswith("_")
                   and name not in declared and isinstance(namespace[name], str | Path)
                   and difflib.get_close_matches(name, declared, n=1, cutoff=0.6))
    if slips:
        meant = ", ".join(difflib.get_close_matches(slips[0], declared, n=1, cutoff=0.6))
        raise NotebookParameterError(
            f"tham số '{slips[0]}' không có trong notebook (có phải '{meant}'?): hãy chạy lại "
            f"với -p {meant} … (no parameter '{slips[0]}' here; did you mean '{meant}'?)")
    for name in declared:
        if name in namespace:
            print(f"{name}: {Path(str(namespace[name])).resolve()}")


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
        # The kernel's own log is noise to an analyst: its transport warning, and "ERROR |
        # KeyboardInterrupt caught in kernel." when jupyter_client interrupts it at shutdown
        # (always, before asking it to stop) while it is still in a handler (QA round 72 #4:
        # printed during runs that succeeded). A cell's error still fails the run (papermill).
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )
    return output


# Cells a notebook keeps for its reader or for nbval but the briefing leaves out.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "report-hide"})
# The notebooks speak to analysts in both languages; the briefing in the campaign's only.
# A markdown cell tagged "lang-vi" or "lang-en" is in that language alone; a heading
# "Vietnamese — English" is cut to its side; the order prefix "02 · " of a notebook's title
# is left out (the briefing puts the results first, not in file order).
LANGUAGE_TAG = "lang-{}"
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
ORDER_PREFIX = re.compile(r"^\d+\s*·\s*")
BOTH_LANGUAGES = " — "


def heading_level(cell) -> int:
    """1 to 6 for a markdown cell that opens with a heading, else 0."""
    if cell.cell_type != "markdown":
        return 0
    match = HEADING.match(cell.source.lstrip().split("\n", 1)[0])
    return len(match.group(1)) if match else 0


def in_report_language(markdown: str, lang: str) -> str:
    """A markdown cell's text for the briefing: each heading without its order prefix and on
    the campaign's side of "Vietnamese — English"; the rest as written."""
    lines = []
    for line in markdown.split("\n"):
        match = HEADING.match(line)
        if match:
            text = ORDER_PREFIX.sub("", match.group(2).strip())
            if BOTH_LANGUAGES in text:
                vietnamese, english = text.split(BOTH_LANGUAGES, 1)
                text = vietnamese if lang == "vi" else english
            line = f"{match.group(1)} {text.strip()}"
        lines.append(line)
    return "\n".join(lines)


def _shown(cell, lang: str) -> bool:
    tags = set(cell.metadata.get("tags", []))
    if HIDDEN_TAGS & tags:
        return False
    other = {LANGUAGE_TAG.format(code) for code in LANGS} - {LANGUAGE_TAG.format(lang)}
    return not other & tags


def _has_output(cell) -> bool:
    return cell.cell_type == "code" and bool(cell.outputs)


def without_empty_sections(cells: list) -> list:
    """Leave out a section whose code shows nothing (no class charts, no heatmap above 60
    units): its heading and its text, down to the next heading of its level or above. A
    section of text alone (no code) stays, and so does a section holding a section that
    shows something."""
    dropped: set[int] = set()
    opening = None  # the position of the heading the cell is under
    for position, cell in enumerate(cells):
        level = heading_level(cell)
        if level:
            opening = position
            end = next((later for later in range(position + 1, len(cells))
                        if 0 < heading_level(cells[later]) <= level), len(cells))
            code = [other for other in cells[position + 1:end] if other.cell_type == "code"]
            if code and not any(_has_output(other) for other in code):
                dropped.add(position)
        elif cell.cell_type == "markdown" and opening in dropped:
            dropped.add(position)  # text under a heading left out goes with it
    return [cell for position, cell in enumerate(cells) if position not in dropped]


# What nbconvert's HTML exporter writes for an image with no alternative text.
NBCONVERT_ALT = 'alt="No description has been provided for this image"'


def _with_alt_text(body: str, notebook, lang: str) -> str:
    """Each chart's alternative text its title (`figures.show` keeps it in the output's
    metadata), in the report's images' order; "Biểu đồ" ("Chart") where none was kept. The
    lab template leaves the metadata unread, and nbconvert fills every image with the
    same English sentence."""
    alts = [output.get("metadata", {}).get("image/png", {}).get("alt")
            for cell in notebook.cells if cell.cell_type == "code"
            for output in cell.get("outputs", []) if "image/png" in output.get("data", {})]
    pieces = body.split(NBCONVERT_ALT)
    default = "Biểu đồ" if lang == "vi" else "Chart"
    texts = [alts[position] if position < len(alts) and alts[position] else default
             for position in range(len(pieces) - 1)]
    return pieces[0] + "".join(f'alt="{html.escape(text, quote=True)}"' + piece
                               for text, piece in zip(texts, pieces[1:], strict=True))


def render_report(executed: list[Path], path: Path, title: str, subtitle: str = "",
                  lang: str = "vi") -> Path:
    """One self-contained HTML page (images inline) with every code cell and prompt hidden,
    in the campaign's language `lang` ("vi" or "en")."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
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
        cells = []
        for position, cell in enumerate(notebook.cells):
            cell.id = f"{notebook_path.stem}-{position}"
            if not _shown(cell, lang):
                continue
            if cell.cell_type == "code":
                cell.outputs = [output for output in cell.outputs
                                if output.get("name") != "stderr"]
            elif cell.cell_type == "markdown":
                cell.source = in_report_language(cell.source, lang)
            cells.append(cell)
        combined.cells += without_empty_sections(cells)
    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(combined)
    body = _with_alt_text(body, combined, lang)
    with atomic_path(path) as temporary:
        temporary.write_text(body, encoding="utf-8")
    return path
