"""Pooling a class's runs (issue #23 item 5): the sweep's summary carries each run's verdicts and the factors it used,
and `mlfootprint pool` merges run folders, sweep folders and summaries from many machines into one table and one
figure, refusing foreign or tampered inputs in one line with nothing written."""

import csv
import json
import shutil

import pandas as pd
import pytest
from helpers import mlfootprint, one_line

from mlfootprint.catalogue import find
from mlfootprint.checks import ParameterError
from mlfootprint.loaders import load_scenarios
from mlfootprint.tools import folders, pool, sweep

COMPARISONS = find("05")
FIVE_CARS = "fig5-nas-five-cars"


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    """A sweep of notebook 05 over two scenarios, as a student's machine writes it (two real runs)."""
    out = tmp_path_factory.mktemp("machine") / "sweep"
    results = sweep.run_sweep(COMPARISONS, sweep.scenario_runs("strubell-2019,france-2023", COMPARISONS), out, jobs=2)
    assert all(r.ok for r in results), [r.error for r in results]
    return out


@pytest.fixture
def machine(swept, tmp_path):
    """A copy of the sweep (another machine's), which a test may spoil."""
    return shutil.copytree(swept, tmp_path / "alice" / "sweep")


def test_the_summary_carries_verdicts_factors_and_a_check_per_row(swept):
    summary = pd.read_csv(swept / "summary.csv").set_index("run")
    france = load_scenarios().loc["france-2023"]
    assert summary.loc["scenario=france-2023", "factor:grid_g_per_kwh"] == pytest.approx(france["g_per_kwh"])
    assert summary.loc["scenario=france-2023", "factor:pue"] == pytest.approx(france["pue"])
    ledger = pd.read_csv(swept / "scenario=france-2023" / "ledger.csv").set_index("claim_id")
    for claim_id, row in ledger.iterrows():
        assert summary.loc["scenario=france-2023", f"verdict:{claim_id}"] == row["verdict"]
    assert summary.loc["scenario=strubell-2019", f"verdict:{FIVE_CARS}"] == "reproduced"
    assert summary.loc["scenario=france-2023", f"verdict:{FIVE_CARS}"] == "differs"
    with open(swept / "summary.csv", newline="") as handle:
        assert all(row["check"] == sweep.row_check(row) for row in csv.DictReader(handle))
    record = json.loads((swept / "scenario=france-2023" / "run.json").read_text())
    assert record["factors"] == pytest.approx({"pue": france["pue"], "grid_g_per_kwh": france["g_per_kwh"]})


def test_pool_merges_folders_and_summaries_from_several_machines(swept, machine, tmp_path):
    alone = tmp_path / "bob-summary.csv"  # a summary sent alone, without its runs
    shutil.copy(swept / "summary.csv", alone)
    carol = shutil.copytree(swept / FRANCE, tmp_path / "carol" / "05")  # one run folder
    done = pool.pool([machine, alone, carol], tmp_path / "class")
    assert done.runs == 5 and done.notebook == COMPARISONS.stem and done.left_out == 0
    pooled = pd.read_csv(tmp_path / "class" / "pooled.csv")
    assert len(pooled) == 5 and set(pooled["notebook"]) == {COMPARISONS.stem}
    assert pooled["source"].tolist() == [f"{machine}/{FRANCE}", f"{machine}/scenario=strubell-2019", str(alone),
                                         str(alone), str(carol)]
    grids = load_scenarios()["g_per_kwh"]
    assert pooled["factor:grid_g_per_kwh"].tolist() == pytest.approx(
        [grids[name] for name in ("france-2023", "strubell-2019", "strubell-2019", "france-2023", "france-2023")])
    cars = pooled.groupby("run")[f"recomputed:{FIVE_CARS}"].agg(["min", "max"])
    assert (cars["min"] == cars["max"]).all(), "the same run read from a folder and from a summary agrees"
    assert cars.loc["scenario=strubell-2019", "min"] == pytest.approx(5, rel=0.01)
    counts = pd.read_csv(tmp_path / "class" / "verdict-counts.csv").set_index("claim_id")
    assert counts.loc[FIVE_CARS].to_dict() == {"reproduced": 2, "differs": 3, "not checkable": 0, "runs": 5}
    assert (tmp_path / "class" / "pooled-runs.png").stat().st_size > 10_000
    assert folders.kind_of(tmp_path / "class") == "pool"


FRANCE = "scenario=france-2023"


def _spoil_ledger(run):
    text = (run / "ledger.csv").read_text()
    (run / "ledger.csv").write_text(text.replace(",differs,", ",reproduced,", 1))


def _spoil_record(run):
    record = json.loads((run / "run.json").read_text())
    record["parameters"]["pue"] = 1.1
    (run / "run.json").write_text(json.dumps(record))


def _spoil_summary(sweep_folder):
    lines = (sweep_folder / "summary.csv").read_text().splitlines()
    lines[2] = lines[2].replace(",differs,", ",reproduced,", 1)
    (sweep_folder / "summary.csv").write_text("\n".join(lines) + "\n")


def _old_run(run):
    record = json.loads((run / "run.json").read_text())
    del record["ledger_sha256"]
    (run / "run.json").write_text(json.dumps(record))


def _failed(run):
    record = json.loads((run / "run.json").read_text())
    (run / "run.json").write_text(json.dumps({**record, "error": "ParameterError: pue must be >= 1"}))


@pytest.mark.parametrize("spoil, given, message", [
    (lambda m: (m / FRANCE / ".mlfootprint").unlink(), FRANCE, r"not made by mlfootprint \(it has no .mlfootprint"),
    (lambda m: folders.write_marker(m / FRANCE, "site"), FRANCE, r"holds the outputs of `mlfootprint site`"),
    (lambda m: _spoil_ledger(m / FRANCE), FRANCE, r"tampered: its ledger.csv is not the one the run wrote"),
    (lambda m: _spoil_record(m / FRANCE), FRANCE, r"tampered: its run.json was edited after the run"),
    (lambda m: _old_run(m / FRANCE), FRANCE, r"made before runs recorded their ledger's sha256 \(version 0.2\)"),
    (lambda m: _failed(m / FRANCE), FRANCE, r"a failed run \(ParameterError: pue must be >= 1\)"),
    (_spoil_summary, "summary.csv", r"summary.csv, line 3 \(run '.*'\): tampered: its cells were edited"),
    (lambda m: (m / "summary.csv").write_text("a,b\n1,2\n"), "summary.csv", r"not a summary written by"),
    (lambda m: shutil.rmtree(m / FRANCE), FRANCE, rf"{FRANCE}: not found; give a run folder, a sweep folder or a "),
    (lambda m: None, "", r"holds the outputs of `mlfootprint build`.*give one notebook's folder in it"),
])
def test_foreign_or_tampered_inputs_are_refused_with_nothing_written(machine, tmp_path, spoil, given, message):
    spoil(machine)
    if not given:
        folders.write_marker(machine, "build")
    with pytest.raises(ParameterError, match=message):
        pool.pool([machine / given] if given else [machine], tmp_path / "class")
    assert not (tmp_path / "class").exists() and not list(tmp_path.glob("class*"))


def test_a_tampered_sweep_folder_is_refused_by_its_run(machine, tmp_path):
    _spoil_ledger(machine / FRANCE)
    with pytest.raises(ParameterError, match=rf"sweep/{FRANCE}: tampered: its ledger.csv"):
        pool.pool([machine], tmp_path / "class")


def test_runs_of_two_notebooks_and_inputs_given_twice_are_refused(machine, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(machine / FRANCE, other)
    record = json.loads((other / "run.json").read_text())
    record["notebook"] = "04-strubell-energy-table"
    (other / "run.json").write_text(json.dumps({**record, "check": pool.seal(record)}))
    with pytest.raises(ParameterError, match=r"merges the runs of one notebook: .* holds runs of 04-.*, .* of 05-"):
        pool.pool([machine, other], tmp_path / "class")
    with pytest.raises(ParameterError, match=r"summary.csv: given twice \(also as .*sweep, or inside it\)"):
        pool.pool([machine, machine / "summary.csv"], tmp_path / "class")
    assert not (tmp_path / "class").exists()


def test_the_command_pools_and_refuses_in_one_line(machine, tmp_path):
    done = mlfootprint("pool", machine, "--out", tmp_path / "class")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"pooled 2 runs of {COMPARISONS.stem}: pooled.csv")
    _spoil_ledger(machine / FRANCE)
    done = mlfootprint("pool", machine, "--out", tmp_path / "class2")
    one_line(done, "mlfootprint pool: ParameterError:", "tampered")
    assert not (tmp_path / "class2").exists()


def test_the_pooled_figure_can_be_read_and_says_what_it_drew(swept):
    import matplotlib.pyplot as plt

    from mlfootprint.plotting import checks
    from mlfootprint.tools import pool_figure

    table = pd.read_csv(swept / "summary.csv")
    drawn = pool_figure.drawn_claims(table, COMPARISONS)
    fig = pool_figure.draw_pooled(drawn, COMPARISONS, len(table), len(drawn) + 3)
    assert {check: items for check, items in checks.problems(fig).items() if items} == {}
    texts = " ".join(text.get_text() for text in checks.drawn_texts(fig)).replace("\n", " ")
    assert "2 runs of 05-co2e-comparisons" in fig._suptitle.get_text() and "3 more claims in pooled.csv" in texts
    assert drawn[0]["varies"] and FIVE_CARS in [d["id"] for d in drawn]
    plt.close(fig)
