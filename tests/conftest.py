"""pytest's fixtures shared by the tests. Helpers are in tests/helpers.py (`from helpers import ...`, which works
under pytest's importlib mode too)."""

import pytest
from helpers import tiny_notebook


@pytest.fixture
def tiny(tmp_path):
    return tiny_notebook(tmp_path)
