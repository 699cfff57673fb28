"""Printed numbers as intervals: a number printed at some significant figures stands for every value that rounds to
it, and a calculation from printed numbers carries their intervals through its formula. The arithmetic of the
tolerance rule (data/README.md), used by the ledger (`mlfootprint.claims`) and by the recomputations that start
from printed tables (`mlfootprint.strubell2019`).
"""

import itertools
import re
from dataclasses import dataclass

MAGNITUDE = "magnitude"
"""`sig_figs` of an order-of-magnitude claim: it stands for half a decade either side (judged in log10)."""


@dataclass(frozen=True)
class Interval:
    """A value with the interval it stands for (low <= value <= high)."""

    value: float
    low: float
    high: float


def _significand_exponent(value: float, sig_figs: int) -> int:
    return int(f"{abs(value):.{sig_figs - 1}e}".split("e")[1])


def printed(value: float, sig_figs) -> Interval:
    """The values that print as `value` at `sig_figs` significant figures (3.4 at 2 -> 3.35..3.45); for
    `MAGNITUDE`, half a decade either side (1e18 -> 10^17.5..10^18.5)."""
    value = float(value)
    if sig_figs == MAGNITUDE:
        return Interval(value, value / 10 ** 0.5, value * 10 ** 0.5)
    half = 0.5 * 10.0 ** (_significand_exponent(value, int(sig_figs)) - int(sig_figs) + 1)
    return Interval(value, value - half, value + half)


def as_printed(value: float, sig_figs: int) -> Interval:
    """`value` as a source printed it at `sig_figs` significant figures (rounded), standing for its interval: the
    input of a calculation that the source made from its own printed number."""
    return printed(float(f"{float(value):.{int(sig_figs) - 1}e}"), sig_figs)


PRINTED_DIGITS = re.compile(r"\$?([\d,]+)(?:\.(\d+))?[kM]?")


def sig_figs_of(text: str) -> int:
    """Significant figures of a table cell as printed: every printed digit counts, since a table prints each value
    to the digit it was rounded to ("1507" -> 4, "$140" -> 3, "$103k" -> 3, "0.954" -> 3, "12,041.51" -> 7)."""
    match = PRINTED_DIGITS.fullmatch(text.strip())
    if not match:
        raise ValueError(f"not a printed number: {text!r}")
    digits = (match.group(1).replace(",", "") + (match.group(2) or "")).lstrip("0")
    return max(len(digits), 1)


def printed_cell(text: str, value: float) -> Interval:
    """A table cell as printed (its text and parsed value), standing for the values that round to it."""
    return printed(value, sig_figs_of(text))


def propagate(formula, *inputs) -> Interval | None:
    """`formula(*inputs)` where each input is a number or an Interval: the value at the inputs' values and the
    interval spanned at every corner of the input intervals (exact for formulas monotone in each input).
    None when an input is None."""
    if any(x is None for x in inputs):
        return None
    values = [x.value if isinstance(x, Interval) else x for x in inputs]
    ends = [(x.low, x.high) if isinstance(x, Interval) else (x,) for x in inputs]
    point = float(formula(*values))
    corners = [float(formula(*corner)) for corner in itertools.product(*ends)]
    return Interval(point, min(corners + [point]), max(corners + [point]))
