"""Quantities as a reader sees them: one formatter for every energy, mass of CO2e and sum of money that the package
prints, and litres of water (the terminal, statement.md and statement.tex, notebooks, the site). The unit's prefix is picked from the
value, so the number reads between 1 and 1,000: 22,934 kWh prints as "22.93 MWh", 0.0157 kg CO2e as "15.70 g CO2e".
Values are given in the package's own units (kWh, kg CO2e, USD); a number is rounded to significant figures with
thousands separators, never "-0", and in powers of ten only beyond what any unit here reaches.
"""

import math

BASE_UNITS = {"energy": "kWh", "CO2e": "kg CO2e", "cost": "USD", "water": "L"}
"""The unit each quantity is computed and stored in (estimate.csv's `unit` column)."""
UNITS = {
    "energy": (("Wh", 1e-3), ("kWh", 1.0), ("MWh", 1e3), ("GWh", 1e6), ("TWh", 1e9)),
    "CO2e": (("g CO2e", 1e-3), ("kg CO2e", 1.0), ("t CO2e", 1e3), ("kt CO2e", 1e6), ("Mt CO2e", 1e9)),
    "cost": (("USD", 1.0),),
    "water": (("mL", 1e-3), ("L", 1.0), ("kL", 1e3), ("ML", 1e6), ("GL", 1e9)),
}
"""The units a quantity prints in, smallest first, each with its size in the base unit (1 MWh = 1,000 kWh)."""
PLAIN_RANGE = (1e-4, 1e15)
"""Numbers from the first (included) to the second (excluded) print in plain digits; others as 1.234e+18."""


def round_significant(value: float, digits: int) -> float:
    """`value` rounded to `digits` significant figures."""
    return float(f"{value:.{digits}g}")


def number(value: float, digits: int = 4) -> str:
    """A number to `digits` significant figures with thousands separators (2816 -> "2,816", 157.696 -> "157.7",
    0.001 -> "0.001000"); "0" for zero, whatever its sign."""
    if not math.isfinite(value):
        return f"{value:g}"
    rounded = round_significant(value, digits)
    if rounded == 0:
        return "0"
    if not PLAIN_RANGE[0] <= abs(rounded) < PLAIN_RANGE[1]:
        return f"{rounded:.{digits - 1}e}"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(rounded))))
    return f"{rounded:,.{decimals}f}"


def unit_for(quantity: str, value: float, digits: int = 4) -> tuple[str, float]:
    """(unit, its size in the base unit) in which `value` (base unit) reads from 1 to 1,000: the largest unit not
    above it once rounded, or the smallest for smaller values and zero."""
    units = UNITS[quantity]
    size = abs(round_significant(value, digits)) if math.isfinite(value) else 0.0
    return next(((unit, factor) for unit, factor in reversed(units) if size >= factor), units[0])


def text(quantity: str, value: float, digits: int = 4) -> str:
    """A quantity (in its base unit) for reading, in the unit its value picks: text("energy", 22934) == "22.93 MWh"."""
    unit, factor = unit_for(quantity, value, digits)
    return f"{number(value / factor, digits)} {unit}"


def interval(quantity: str, low: float, high: float, like: float, digits: int = 3) -> str:
    """A range "low-high unit" in the unit that `like` (the central value) picks, so that the central value and its
    interval read in one unit: interval("energy", 14797, 30139, like=22934) == "14.8-30.1 MWh"."""
    unit, factor = unit_for(quantity, like)
    return f"{number(low / factor, digits)}-{number(high / factor, digits)} {unit}"
