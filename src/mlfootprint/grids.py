"""Grid carbon intensity by country: the per-country values, with their years, that the installed CodeCarbon package
ships (`codecarbon/data/private_infra/global_energy_mix.json`), read at run time without importing CodeCarbon.

CodeCarbon builds that file from Our World in Data's `carbon_intensity_elec`, which is Ember's lifecycle CO2e (GWP100)
per kWh generated; each country carries the latest year with a value (2009-2023 in CodeCarbon 3.3.2), so the year
travels with the value. Standard library only, so that a parameter check costs milliseconds.
"""

import difflib
import json
import math
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path

from .checks import DataError, ParameterError
from .units import grid_to_g_per_kwh

MIX_FILE = "data/private_infra/global_energy_mix.json"
"""Where CodeCarbon keeps its per-country energy mix and grid intensity, inside the package."""
MIX_UNIT = "g/kWh"
"""The unit of the file's `carbon_intensity` (Our World in Data's carbon_intensity_elec: gCO2e per kWh)."""
BASIS = "CO2e, lifecycle (Ember)"
"""What the values count (Ember's methodology: full lifecycle emissions, all gases as CO2e over 100 years)."""


@dataclass(frozen=True)
class CountryGrid:
    """One country's grid: `g_per_kwh` (g CO2e per kWh generated) in `year`, and its generation `total_twh`."""

    iso3: str
    name: str
    g_per_kwh: float
    year: int
    total_twh: float

    @property
    def label(self) -> str:
        return f"{self.name} ({self.iso3})"


def codecarbon_version() -> str:
    """The installed CodeCarbon's version (recorded beside every value read from its data)."""
    try:
        return version("codecarbon")
    except PackageNotFoundError:
        raise DataError("CodeCarbon is not installed, and its data give the grid of each country; install the "
                        "pinned environment (make .venv/.ready), or give the grid factor directly") from None


def source() -> str:
    """Where the country values come from, with CodeCarbon's version."""
    return (f"Ember / Our World in Data carbon_intensity_elec (lifecycle CO2e per kWh generated), as packaged in "
            f"CodeCarbon {codecarbon_version()} {MIX_FILE}")


@cache
def countries() -> dict[str, CountryGrid]:
    """Every country of CodeCarbon's data, by ISO 3166-1 alpha-3 code; DataError if the file is missing or odd."""
    codecarbon_version()
    spec = find_spec("codecarbon")
    path = Path(spec.submodule_search_locations[0]) / MIX_FILE
    try:
        mix = json.loads(path.read_text(encoding="utf-8"))
        table = {code: CountryGrid(code, str(row["country_name"]),
                                   grid_to_g_per_kwh(float(row["carbon_intensity"]), MIX_UNIT), int(row["year"]),
                                   float(row["total_TWh"])) for code, row in mix.items()}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DataError(f"CodeCarbon {codecarbon_version()}: cannot read {MIX_FILE} ({error!r}); expected a JSON "
                        f"object of countries with carbon_intensity, year and total_TWh") from None
    bad = [c for c, g in table.items() if not (math.isfinite(g.g_per_kwh) and g.g_per_kwh >= 0
                                              and math.isfinite(g.total_twh) and g.total_twh >= 0)]
    if bad or not table:
        raise DataError(f"CodeCarbon {codecarbon_version()}: {MIX_FILE} has no usable values for "
                        f"{bad[:3] or 'any country'}")
    return table


def country(code: str) -> CountryGrid:
    """The grid of one country, its ISO 3166-1 alpha-3 code given in any case ("fra" -> France). An unknown code
    fails with one line naming the closest codes (by code and by country name)."""
    table = countries()
    text = str(code).strip()
    if text.upper() in table:
        return table[text.upper()]
    names = {g.name.casefold(): c for c, g in table.items()}
    by_code = difflib.get_close_matches(text.upper(), table, n=3)
    by_name = [names[n] for n in difflib.get_close_matches(text.casefold(), names, n=3)]
    close = list(dict.fromkeys(by_name + by_code if len(text) > 3 else by_code + by_name))[:3]
    hint = "; closest: " + ", ".join(f"{c!r} ({table[c].name})" for c in close) if close else ""
    raise ParameterError(f"country must be an ISO 3166-1 alpha-3 code of one of the {len(table)} countries in "
                         f"CodeCarbon {codecarbon_version()}'s grid data (got {code!r}){hint}")


def world() -> tuple[list[float], list[float]]:
    """Every country's grid intensity (g CO2e/kWh) and its generation (TWh): drawing a country with probability
    proportional to its generation draws the grid of an average kWh generated in the world."""
    table = countries()
    return [g.g_per_kwh for g in table.values()], [g.total_twh for g in table.values()]


def world_years() -> tuple[int, int]:
    """The oldest and newest data year among the countries."""
    years = [g.year for g in countries().values()]
    return min(years), max(years)
