"""pytest's fixtures shared by the tests. Helpers are in tests/helpers.py (`from helpers import ...`).

The names imported from helpers below are the helpers' old home, kept so that tests still written
`from conftest import ...` run (test_estimate, test_claims, test_the_trends_today, test_sweep, test_faults,
test_runner, test_engines): move those imports to `from helpers import ...`, which also works under pytest's
importlib mode, then delete this import.
"""

import pytest
from helpers import FIXTURES, MLFOOTPRINT, TINY_BODY, TinyParameters, default_ledgers, mlfootprint, tiny_notebook  # noqa: F401


@pytest.fixture
def tiny(tmp_path):
    return tiny_notebook(tmp_path)
