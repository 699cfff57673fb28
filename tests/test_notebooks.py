"""House rules for the stored notebooks: one tagged parameters cell that matches the package's check, executed top
to bottom, no errors, no machine paths. (nbval compares their outputs; see pyproject.toml.)"""

import inspect
import json

import nbformat
import papermill
import pytest

from mlfootprint import aicompute, alexnet, modelsize, sparse, strubell, whatif
from mlfootprint.paths import ROOT
from mlfootprint.runner import notebooks

ANALYSES = {
    aicompute.NOTEBOOK: aicompute.check_parameters,
    modelsize.NOTEBOOK: modelsize.check_parameters,
    alexnet.NOTEBOOK: alexnet.check_parameters,
    strubell.TABLE3_NOTEBOOK: strubell.check_parameters,
    strubell.COMPARISONS_NOTEBOOK: strubell.check_comparison_parameters,
    sparse.NOTEBOOK: sparse.check_parameters,
    whatif.NOTEBOOK: whatif.check_parameters,
}
NOTEBOOKS = notebooks()


def test_every_notebook_has_its_analysis_module():
    assert NOTEBOOKS, "no notebooks found"
    assert sorted(p.stem for p in NOTEBOOKS) == sorted(ANALYSES)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_matches_the_check(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell must be tagged 'parameters'"
    names = set(papermill.inspect_notebook(str(path)))
    check = ANALYSES[path.stem]
    assert names == set(inspect.signature(check).parameters), "parameters cell and check_parameters differ"
    assert f"{check.__name__}(" in code[tagged[0] + 1].source, "the cell after the parameters must validate them"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_executed_clean_and_portable(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "re-run top to bottom (make notebooks)"
    assert any(c.outputs for c in code), "stored without outputs"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    text = json.dumps([c.outputs for c in code])
    assert str(ROOT) not in text and "/tmp/" not in text and "site-packages" not in text
    assert "papermill" not in nb.metadata, "papermill metadata (timings, absolute paths) must be stripped"
    assert "Does it reproduce?" in "".join(c.source for c in nb.cells if c.cell_type == "markdown")
