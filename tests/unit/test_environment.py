"""environment.yml (for conda users) must ask for what pyproject.toml asks for."""

from __future__ import annotations

import re
import tomllib

from tests.helpers import ROOT

# conda-forge names that differ from PyPI's.
CONDA_NAMES: dict[str, str] = {}


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    assert match, requirement
    return match.group(1).lower(), match.group(2).replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    return dict(_split(requirement) for requirement in requirements)


def _environment_requirements() -> dict[str, str]:
    lines = (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines()
    start = lines.index("dependencies:")
    found = {}
    for line in lines[start + 1:]:
        item = re.match(r"^  - ([^:]+)$", line)  # top-level conda entries only, not pip's
        if item:
            name, spec = _split(item.group(1))
            if name not in ("python", "pip"):
                found[name] = spec
    return found


def test_environment_yml_mirrors_pyproject():
    wanted = {CONDA_NAMES.get(name, name): spec for name, spec in
              _pyproject_requirements().items()}
    assert _environment_requirements() == wanted


def test_environment_installs_the_package_itself():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+- -e \.$", text, re.MULTILINE)
    assert "conda-forge" in text
