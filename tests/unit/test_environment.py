"""environment.yml (for conda users) must ask for what pyproject.toml asks for."""

from __future__ import annotations

import re
import tomllib

from tests.helpers import ROOT

# conda-forge names that differ from PyPI's.
CONDA_NAMES: dict[str, str] = {"duckdb": "python-duckdb"}


def _split(requirement: str) -> tuple[str, str]:
    requirement = requirement.split("#")[0]  # a trailing comment is not part of the range
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    assert match, requirement
    return match.group(1).lower(), match.group(2).replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    return dict(_split(requirement) for requirement in requirements)


# Packages conda-forge does not carry: environment.yml installs them with pip.
PIP_ONLY = {"viparse"}


def _environment_requirements() -> tuple[dict[str, str], dict[str, str]]:
    """(conda entries, pip entries) of environment.yml, name -> version range."""
    lines = (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines()
    start = lines.index("dependencies:")
    conda, pip = {}, {}
    for line in lines[start + 1:]:
        conda_item = re.match(r"^  - ([^:]+)$", line)
        pip_item = re.match(r"^      - ([A-Za-z].*)$", line)
        if conda_item:
            name, spec = _split(conda_item.group(1))
            if name not in ("python", "pip"):
                conda[name] = spec
        elif pip_item:
            name, spec = _split(pip_item.group(1))
            pip[name] = spec
    return conda, pip


def test_environment_yml_mirrors_pyproject():
    wanted = {CONDA_NAMES.get(name, name): spec for name, spec in
              _pyproject_requirements().items()}
    conda, pip = _environment_requirements()
    assert {**conda, **pip} == wanted
    assert set(pip) == PIP_ONLY  # everything else comes from conda-forge


def test_environment_installs_the_package_itself():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+- -e \.$", text, re.MULTILINE)
    assert "conda-forge" in text
