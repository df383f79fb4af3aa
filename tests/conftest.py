from __future__ import annotations

import json

import pytest

from tests.helpers import DEMO_TRUTH


@pytest.fixture(scope="session")
def demo_truth() -> dict:
    """Figures written by scripts/make_demo.py from its own numbers, not by the pipeline."""
    return json.loads(DEMO_TRUTH.read_text(encoding="utf-8"))
