# The front door: `make demo` runs the whole suite on the bundled demo campaign,
# `make test` runs every check. Both create .venv and install the project when needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
CAMPAIGN ?= data/raw/demo-2015-long-bien
STAMP := $(VENV)/.installed

.PHONY: demo run test lint lab demo-data clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: make PYTHON=python3.11 ...")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m analysis run $(CAMPAIGN)

run: demo

lint: $(STAMP)
	$(PY) -m ruff check .

test: $(STAMP) lint
	$(PY) -m pytest

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

demo-data: $(STAMP)
	$(PY) scripts/make_demo.py

clean:
	rm -rf data/processed .pytest_cache
