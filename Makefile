# The front door: `make demo` runs the whole suite on the bundled demo campaign,
# `make test` runs every check. Both create .venv and install the project when needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
CAMPAIGN ?= data/raw/demo-2015-long-bien
STAMP := $(VENV)/.installed

.PHONY: demo run trends test lint lab demo-data clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: make PYTHON=python3.11 ...")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The later synthetic campaigns (2020 on the same 14 wards, 2026 on the 2025 wards): with
# them, `python -m analysis trends` has several campaigns to compare.
LATER_DEMOS ?= data/raw/demo-2020-long-bien data/raw/demo-2026-long-bien

demo: $(STAMP)
	$(PY) -m analysis run $(CAMPAIGN)
	for campaign in $(LATER_DEMOS); do $(PY) -m analysis run $$campaign || exit 1; done
	$(PY) -m analysis trends

run: $(STAMP)
	$(PY) -m analysis run $(CAMPAIGN)

trends: $(STAMP)
	$(PY) -m analysis trends

lint: $(STAMP)
	$(PY) -m ruff check .

test: $(STAMP) lint
	$(PY) -m pytest

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

demo-data: $(STAMP)
	$(PY) scripts/make_demo.py
	$(PY) scripts/make_demo_midcampaign.py
	$(PY) scripts/make_demo_campaigns.py

clean:
	rm -rf data/processed .pytest_cache
