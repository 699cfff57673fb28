"""House rules for the stored notebooks: each is in the catalogue with its analysis module; one tagged parameters
cell whose text is made from the declaration; executed top to bottom, no errors, no machine paths. (nbval compares
their outputs; see pyproject.toml.)"""

import json
import re

import nbformat
import pytest

from mlfootprint.catalogue import NOTEBOOKS, find
from mlfootprint.parameters import cell_source
from mlfootprint.paths import NOTEBOOKS_DIR, ROOT


def test_the_catalogue_lists_every_notebook_and_nothing_else():
    on_disk = sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    assert on_disk == [n.stem for n in NOTEBOOKS]
    assert [n.number for n in NOTEBOOKS] == [f"{i:02d}" for i in range(1, len(NOTEBOOKS) + 1)]
    for notebook in NOTEBOOKS:
        assert notebook.stem.startswith(notebook.number + "-")
        assert notebook.module().Steps.NOTEBOOK is notebook, f"{notebook.analysis} does not serve {notebook.stem}"
        assert notebook.module().Parameters is notebook.parameters


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda n: n.stem)
def test_parameters_cell_is_the_declaration(notebook):
    nb = nbformat.read(notebook.path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell must be tagged 'parameters'"
    assert code[tagged[0]].source == cell_source(notebook.parameters), (
        "the parameters cell differs from the declaration in mlfootprint.notebook_parameters: `make notebooks` "
        "rewrites it")
    after = code[tagged[0] + 1].source
    assert after == notebook.validation_cell(), "the next cell validates them: `make notebooks` rewrites it"
    assert all(f"{name}={name}," in after for name in notebook.parameters.specs()), "every parameter is validated"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda n: n.stem)
def test_stored_executed_clean_and_portable(notebook):
    nb = nbformat.read(notebook.path, as_version=4)
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


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda n: n.stem)
def test_the_notebook_saves_every_figure_step_in_order(notebook):
    source = "".join(c.source for c in nbformat.read(notebook.path, as_version=4).cells if c.cell_type == "code")
    saved = re.findall(r"savefig\(run\.(\w+), out\)", source)
    assert saved == [step.name for step in notebook.module().Steps.figure_steps()]


@pytest.mark.parametrize("name", ["02", "02-alexnet-worked-example", "02-alexnet-worked-example.ipynb",
                                  "notebooks/02-alexnet-worked-example.ipynb"])
def test_a_notebook_is_found_by_number_stem_or_path(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert find(name).stem == "02-alexnet-worked-example"


def test_an_unknown_notebook_lists_the_known_ones():
    with pytest.raises(Exception, match=r"notebook '99' not found; expected a number, stem or path of one of: "
                                         r"01 \(01-ai-and-compute\), 02 \(02-alexnet-worked-example\)"):
        find("99")


def test_an_edited_parameters_cell_is_found_line_by_line(tmp_path):
    import shutil
    from dataclasses import replace

    from mlfootprint.tools.notebookfiles import edited_parameters

    notebook = find("05")
    copy = replace(notebook, folder=tmp_path)
    shutil.copy(notebook.path, copy.path)
    assert edited_parameters(copy) == []
    text = copy.path.read_text().replace("scenario = 'strubell-2019'", "scenario = 'france-2023'")
    copy.path.write_text(text)
    edited = edited_parameters(copy)
    assert edited[0].startswith("scenario = 'france-2023'  #") and edited[1].startswith("(missing) scenario = 'strubell")
