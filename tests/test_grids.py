"""The grid of each country, read from the data the installed CodeCarbon ships (its estimator tests are in
test_estimate.py)."""

import json
from importlib.util import find_spec
from pathlib import Path

import pytest

from mlfootprint import grids
from mlfootprint.checks import ParameterError

MIX = json.loads((Path(find_spec("codecarbon").submodule_search_locations[0]) / grids.MIX_FILE).read_text())


def test_a_countrys_grid_is_codecarbons_value_in_g_per_kwh_with_its_year():
    # Our World in Data's carbon_intensity_elec is in gCO2e/kWh: the value enters unchanged
    france = grids.country(" fra ")
    assert france.g_per_kwh == MIX["FRA"]["carbon_intensity"] and france.year == MIX["FRA"]["year"]
    assert france.label == "France (FRA)"
    assert grids.country("swe").total_twh == MIX["SWE"]["total_TWh"]


def test_the_world_weights_each_grid_by_its_generation():
    values, weights = grids.world()
    assert len(values) == len(weights) == len(MIX)
    assert sorted(values) == sorted(float(row["carbon_intensity"]) for row in MIX.values())
    low, high = grids.world_years()
    assert low <= MIX["FRA"]["year"] <= high


@pytest.mark.parametrize("code, closest", [("FRX", r"'FRA' \(France\)"), ("germany", r"'DEU' \(Germany\)")])
def test_an_unknown_code_names_the_closest(code, closest):
    with pytest.raises(ParameterError, match=rf"^country must be an ISO 3166-1 alpha-3 code of one of the {len(MIX)} "
                                             rf"countries in CodeCarbon .*\(got '{code}'\); closest: .*{closest}"):
        grids.country(code)
