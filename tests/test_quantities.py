"""Quantities as printed (issue #24): the unit's prefix is picked from the value on every decade from 1e-3 to 1e12 of
every unit the package prints, and every quantity that `mlfootprint estimate` prints (terminal, statement.md,
statement.tex) reads back as the value in estimate.csv."""

import re

import pandas as pd
import pytest
from helpers import mlfootprint

from mlfootprint import quantities, statement
from mlfootprint.analyses.estimate_a_training_run import estimate_run

IN_BASE_UNIT = {"Wh": 1e-3, "kWh": 1.0, "MWh": 1e3, "GWh": 1e6, "TWh": 1e9,  # SI prefixes
                "g CO2e": 1e-3, "kg CO2e": 1.0, "t CO2e": 1e3, "kt CO2e": 1e6, "Mt CO2e": 1e9, "USD": 1.0,
                "mL": 1e-3, "L": 1.0, "kL": 1e3, "ML": 1e6, "GL": 1e9}
QUANTITY_OF = {unit: q for q, units in (("energy", "Wh kWh MWh GWh TWh"), ("cost", "USD"),
                                        ("water", "mL L kL ML GL")) for unit in units.split()}
QUANTITY_OF.update({unit: "CO2e" for unit in IN_BASE_UNIT if "CO2e" in unit})
NUMBER = r"\d[\d,]*(?:\.\d+)?(?:e[-+]\d+)?"
PRINTED = re.compile(rf"(?<![\w.,-])({NUMBER})(?:-({NUMBER}))? ({'|'.join(sorted(IN_BASE_UNIT, key=len)[::-1])})"
                     rf"(?![\w/])")
DECADES = [10.0 ** exponent for exponent in range(-3, 13)]


ROUNDING = 0.0051
"""Largest relative error of a number printed to three significant figures (intervals; central values have four)."""


def read_back(text: str) -> list[tuple[str, float]]:
    """Every quantity printed in `text`: (quantity, value in its base unit)."""
    return [(QUANTITY_OF[match.group(3)], float(number.replace(",", "")) * IN_BASE_UNIT[match.group(3)])
            for match in PRINTED.finditer(text) for number in filter(None, match.group(1, 2))]


@pytest.mark.parametrize("quantity", ["energy", "CO2e", "cost", "water"])
@pytest.mark.parametrize("value", DECADES)
def test_every_decade_reads_back_with_a_fitting_prefix(quantity, value):
    [(read, amount)] = read_back(quantities.text(quantity, value))
    assert read == quantity and amount == pytest.approx(value, rel=1e-12)
    [(_, amount)] = read_back(quantities.text(quantity, value * 2.345678))
    assert amount == pytest.approx(value * 2.346, rel=1e-12)  # four significant figures
    number = float(quantities.text(quantity, value).split()[0].replace(",", ""))
    smallest, largest = min(IN_BASE_UNIT[u] for u in QUANTITY_OF if QUANTITY_OF[u] == quantity), max(
        IN_BASE_UNIT[u] for u in QUANTITY_OF if QUANTITY_OF[u] == quantity)
    if smallest <= value < largest * 1000:  # within the units' reach the number reads from 1 to 1,000
        assert 1 <= number < 1000 or quantity == "cost"


def test_the_issues_energies_print_in_the_right_unit():
    assert quantities.text("energy", 1.4e7) == "14.00 GWh"  # issue #24: printed as "14.00 MWh" before
    assert quantities.text("CO2e", 1.4e7) == "14.00 kt CO2e"
    assert quantities.text("energy", 22_934) == "22.93 MWh"
    assert quantities.interval("energy", 14_796.8, 30_138.9, like=22_934) == "14.8-30.1 MWh"
    assert quantities.text("energy", 0.5) == "500.0 Wh"


@pytest.mark.parametrize("value, printed", [(-0.0, "0"), (0.0, "0"), (1e-30, "1.000e-30"), (-2.5e-9, "-2.500e-09"),
                                            (123_456_789.0, "123,500,000"), (0.00012346, "0.0001235")])
def test_numbers_never_print_minus_zero_or_runs_of_zeros(value, printed):
    assert quantities.number(value) == printed


def _exact_run(kwh: float) -> dict:
    """Estimate options whose energy is `kwh` exactly: an H100 SXM (700 W) at fraction 1, overhead 1, PUE 1, with a
    grid of 1,000 g/kWh (so kg CO2e = kWh) and a price of 2 USD/kWh."""
    count = 1 if kwh / 0.7 <= 1e6 else 1_000_000
    return dict(hardware="H100 SXM", count=count, hours=kwh / 0.7 / count, power_fraction=1, server_overhead=1,
                pue=1, grid_g_per_kwh=1000, price_per_kwh=2, terms=None)


def _outputs(result, folder) -> dict:
    statement.write_outputs(result, folder)
    return {"terminal": statement.summary(result), "md": (folder / "statement.md").read_text(),
            "tex": (folder / "statement.tex").read_text()}


KIND = {"embodied CO2e": "CO2e", "total CO2e": "CO2e", "total cost": "cost"}
"""The kind of unit of the whole footprint's quantities whose name is not their kind."""


def _check_against_csv(texts: dict, folder, extra=()) -> None:
    """Every quantity printed in `texts` is a value of estimate.csv or terms.csv (the energy split into its terms)
    of the same kind, or one of `extra`."""
    tables = [pd.read_csv(folder / name) for name in ("estimate.csv", "terms.csv") if (folder / name).is_file()]
    values = pd.concat(tables).assign(kind=lambda t: t["quantity"].map(lambda q: KIND.get(q, q)))
    for where, text in texts.items():
        printed = read_back(text.split("Factors:")[0])  # the results; the factors below are inputs, with their units
        assert {"energy", "CO2e", "cost"} <= {q for q, _ in printed}, where
        for quantity, value in printed:
            allowed = [*values.loc[values["kind"] == quantity, ["central", "low", "high"]].to_numpy().ravel(), *extra]
            assert any(value == pytest.approx(v, rel=ROUNDING, abs=1e-9) for v in allowed), (where, quantity, value)


@pytest.mark.parametrize("kwh", DECADES)
def test_every_printed_quantity_reads_back_as_estimate_csv(tmp_path, kwh):
    result = estimate_run(**_exact_run(kwh))
    _check_against_csv(_outputs(result, tmp_path), tmp_path)


def test_a_sampled_estimate_prints_its_intervals_as_estimate_csv(tmp_path):
    result = estimate_run("H100 SXM", 64, 240, terms=None)  # the operational footprint: energy, CO2e and cost
    swings = result.tornado("CO2e")[["result_at_low", "result_at_high"]].to_numpy().ravel()
    _check_against_csv(_outputs(result, tmp_path), tmp_path, extra=swings)


def test_the_command_prints_a_gigawatt_hour_run_as_its_csv(tmp_path):
    """The issue's case: 10,000 H100 for 2,000 h at full power is 14 GWh and 14 kt CO2e (the CSV: 1.4e7 kWh)."""
    out = tmp_path / "big"
    done = mlfootprint("estimate", "--hardware", "H100 SXM", "--count", "10000", "--hours", "2000", "--power-fraction",
                       "1", "--server-overhead", "1", "--pue", "1", "--grid-g-per-kwh", "1000", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "  energy 14.00 GWh (exact)\n  CO2e   14.00 kt CO2e (exact)\n" in done.stdout
    texts = {"terminal": done.stdout, "md": (out / "statement.md").read_text(),
             "tex": (out / "statement.tex").read_text()}
    _check_against_csv(texts, out)
