"""Unit conversions. Each constant names its unit and source.

The functions take floats, numpy arrays or pandas columns alike.
"""

SECONDS_PER_DAY = 86_400.0
SECONDS_PER_HOUR = 3_600.0
HOURS_PER_DAY = 24.0

PETA = 1e15
FLOP_PER_PFS_DAY = PETA * SECONDS_PER_DAY
"""1 petaflop/s-day = 1e15 FLOP/s x 86,400 s = 8.64e19 FLOP (Amodei & Hernandez 2018, footnote)."""

DAYS_PER_YEAR = 365.25
"""Julian year, the average calendar year (days)."""

JOULES_PER_KWH = 3.6e6
"""1 kWh = 1,000 W x 3,600 s."""

KG_PER_LB = 0.45359237
"""International avoirdupois pound (exact, 1959 international yard and pound agreement)."""

G_PER_KG = 1000.0

GRID_UNITS_G_PER_KWH = {"g/kWh": 1.0, "kg/kWh": G_PER_KG, "lb/kWh": G_PER_KG * KG_PER_LB}
"""Units of a grid carbon intensity (mass of CO2 or CO2e per kWh), each in g/kWh."""


def flop_to_pfs_days(flop):
    """FLOP -> petaflop/s-days."""
    return flop / FLOP_PER_PFS_DAY


def pfs_days_to_flop(pfs_days):
    """Petaflop/s-days -> FLOP."""
    return pfs_days * FLOP_PER_PFS_DAY


def flop_to_pf(flop):
    """FLOP -> petaFLOP (PF, 1e15 FLOP), the unit OpenAI's appendix prints."""
    return flop / PETA


def days_to_seconds(days):
    return days * SECONDS_PER_DAY


def days_to_hours(days):
    return days * HOURS_PER_DAY


def hours_to_seconds(hours):
    return hours * SECONDS_PER_HOUR


def lb_to_kg(lb):
    return lb * KG_PER_LB


def kg_to_lb(kg):
    return kg / KG_PER_LB


def grid_in(value, unit, to: str = "g/kWh"):
    """A grid carbon intensity given in `unit` (g/kWh, kg/kWh or lb/kWh), in the unit `to`. `unit` is one text, or
    a column of texts beside a column of values. Exact where the two units are the same (0.954 lb/kWh stays 0.954):
    the value is multiplied by the ratio of the two units."""
    for name in ({unit} if isinstance(unit, str) else set(unit)) | {to}:
        if name not in GRID_UNITS_G_PER_KWH:
            raise ValueError(f"grid unit must be one of {', '.join(GRID_UNITS_G_PER_KWH)} (got {name!r})")
    in_to = grid_units_in(to)
    return value * (dict(in_to)[unit] if isinstance(unit, str) else unit.map(dict(in_to)))


def grid_units_in(unit: str) -> tuple[tuple[str, float], ...]:
    """Each grid unit with its value in `unit`, e.g. for "g/kWh": ("g/kWh", 1.0), ("kg/kWh", 1000.0), ...; the
    `units` of a parameter of kind "quantity" given in `unit`."""
    return tuple((name, grams / GRID_UNITS_G_PER_KWH[unit]) for name, grams in GRID_UNITS_G_PER_KWH.items())


def grid_to_g_per_kwh(value, unit):
    """A grid carbon intensity in g/kWh from `unit` (g/kWh, kg/kWh or lb/kWh; or a column of them)."""
    return grid_in(value, unit, "g/kWh")


def g_per_kwh_to_lb_per_kwh(g_per_kwh):
    """g CO2e/kWh -> lb CO2e/kWh (Strubell et al.'s unit)."""
    return g_per_kwh / GRID_UNITS_G_PER_KWH["lb/kWh"]
