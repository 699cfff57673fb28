"""Helpers shared by the tests: the command as a user calls it, the fixtures folder, and tiny notebooks made on the
fly for the runner's tests (a catalogue entry of their own, so they run through exactly the same machinery)."""

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from mlfootprint.catalogue import Notebook
from mlfootprint.parameters import Parameters, cell_source, param
from mlfootprint.paths import ROOT

MLFOOTPRINT = Path(sys.executable).with_name("mlfootprint")
FIXTURES = ROOT / "tests" / "fixtures"


def mlfootprint(*args, cwd=ROOT, timeout=600, **kwargs):
    """Run the `mlfootprint` command; returns the CompletedProcess (text output)."""
    return subprocess.run([str(MLFOOTPRINT), *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, **kwargs)


@dataclass(frozen=True)
class TinyParameters(Parameters):
    pue: float = param(1.58, "float", "data-centre PUE", "ratio", low=0, high=5)
    seconds: float = param(0.0, "float", "seconds to sleep", "s", low=0, high=600)


TINY_BODY = (
    "import time\n"
    "from mlfootprint import energy\n"
    "from mlfootprint.outputs import output_dir\n"
    "time.sleep(seconds)\n"
    "kwh = energy.energy_kwh(10, 1000, pue)  # fails below PUE 1\n"
    "out = output_dir(NOTEBOOK)\n"
    "(out / 'claims.csv').write_text(f'claim_id,recomputed\\nkwh,{kwh}\\n')\n"
    "print(f'kwh = {kwh:g}')"
)


def tiny_notebook(folder: Path, stem: str = "90-tiny", body: str = TINY_BODY) -> Notebook:
    """A catalogue entry for a notebook written into `folder`: parameters `pue` (Eq. 1 fails below 1) and `seconds`
    (a sleep), writing a one-claim ledger; it runs in about a second."""
    notebook = Notebook(stem[:2], stem, "test", "a tiny notebook", "none", (), (), TinyParameters, 1.0, folder)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(cell_source(TinyParameters), metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(f"from mlfootprint.catalogue import Notebook\nNOTEBOOK = type('N', (), "
                                  f"{{'stem': {stem!r}}})\n" + body),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebook.path)
    return notebook


@pytest.fixture
def tiny(tmp_path):
    return tiny_notebook(tmp_path)


def default_ledgers() -> dict:
    """Every notebook's ledger with the default parameters, computed by the same calls as the notebooks' "Does it
    reproduce?" cells (no kernel; notebook 06's measured run is not needed for its ledger)."""
    from mlfootprint import claims
    from mlfootprint.analyses import (ai_and_compute, alexnet_worked_example, co2e_comparisons,
                                      estimate_a_training_run, model_size_growth, sparse_vs_deep_learning,
                                      strubell_energy_table, the_trends_today, what_if_today)

    ledgers = {}
    m = ai_and_compute
    params = m.Parameters()
    systems = m.systems(params)
    ledgers["01"] = claims.ledger(m.NOTEBOOK, m.recomputed(params, systems, m.eras(params, systems)))
    m = alexnet_worked_example
    params = m.Parameters()
    ledgers["02"] = claims.ledger(m.NOTEBOOK, m.recomputed(params, m.estimates(params)))
    m = model_size_growth
    params = m.Parameters()
    models = m.models(params)
    ledgers["03"] = claims.ledger(m.NOTEBOOK, m.recomputed(params, models, m.domain_trends(params, models)))
    m = strubell_energy_table
    params = m.Parameters()
    t3, t4 = m.recomputed_table3(params), m.table4(params)
    ledgers["04"] = claims.ledger(m.NOTEBOOK, m.recomputed(params, t3, t4),
                                  table_rows=m.table3_rows(t3, params) + m.table4_rows(t4))
    m = co2e_comparisons
    factors = m.factors(m.Parameters())
    ledgers["05"] = claims.ledger(m.NOTEBOOK, m.recomputed(factors, m.comparisons(factors)),
                                  table_rows=m.comparison_rows(factors))
    m = sparse_vs_deep_learning
    ledgers["06"] = claims.ledger(m.NOTEBOOK, m.recomputed(m.Parameters()))
    m = what_if_today
    params = m.Parameters()
    recosted = m.recost(params)
    ledgers["07"] = claims.ledger(m.NOTEBOOK, m.recomputed(recosted, m.cars(recosted)))
    m = estimate_a_training_run
    ledgers["08"] = claims.ledger(m.NOTEBOOK, m.recomputed(m.strubell_nas(m.Parameters()), m.patterson_nas()))
    m = the_trends_today
    params = m.Parameters()
    table = m.models(params)
    sized = m.size_models(params, table)
    ledgers["09"] = claims.ledger(m.NOTEBOOK, m.recomputed(params, m.doubling_table(params, table, m.eras(params, table)),
                                                           m.parameter_trends(params, sized), m.runs(params, table)))
    return ledgers
