"""Printed numbers as intervals: a number printed at some significant figures stands for every value that rounds to
it, a hedged number ("about 60", "roughly tenfold") for the interval its hedge's word class states, and a calculation
from printed numbers carries their intervals through its formula. The arithmetic of the tolerance rule
(data/README.md), used by the ledger (`mlfootprint.claims`) and by the recomputations that start from printed tables
(`mlfootprint.strubell2019`).
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


APPROXIMATE_FACTOR = 10 ** (1 / 12)
"""An approximated number X ("about X", "roughly X") stands for X / 1.21 to X x 1.21: half a step of the E6
preferred-number series (1.0, 1.5, 2.2, 3.3, 4.7, 6.8), whose steps are even in log10, so that "about half" and
"roughly tenfold" get the same relative tolerance whatever their leading digit (IEC 60063 series)."""

APPROXIMATE, NEARLY, MODAL = "approximate", "nearly", "modal"
HEDGE_CLASSES = {
    APPROXIMATE: "X / 1.21 to X x 1.21, whatever the printed digits",
    NEARLY: "X / 1.21 to X (close to X, not above it)",
    MODAL: "the printed digits: the word hedges the certainty, not the size",
}
"""What a hedged number stands for, by the class of its hedge word (data/README.md, the tolerance rule)."""
HEDGES = {
    "about": APPROXIMATE, "around": APPROXIMATE, "approximately": APPROXIMATE, "roughly": APPROXIMATE,
    "some": APPROXIMATE, "~": APPROXIMATE, "corresponds to": APPROXIMATE,
    "nearly": NEARLY, "almost": NEARLY,
    "probably": MODAL, "most likely": MODAL, "seem": MODAL, "could be": MODAL, "can be": MODAL,
    "in some cases": MODAL, "assumes": MODAL,
}
"""Every hedge word a claim may record (data/claims.csv, column `hedge`), as the article or source writes it, and its
class. One-sided words ("at least", "up to", "within", "as much as") are not hedges: they set `sided`."""


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


def stands_for(value: float, sig_figs, hedge: str = "") -> Interval:
    """The values a published number stands for: its printed interval (`printed`), or, when a hedge word of the
    approximate or nearly class qualifies it, the interval of that class (`HEDGE_CLASSES`) in place of its digits'.
    An order of magnitude stays half a decade either side, hedged or not."""
    if hedge and hedge not in HEDGES:
        raise ValueError(f"hedge must be one of {', '.join(map(repr, HEDGES))} (got {hedge!r})")
    kind = HEDGES.get(hedge, MODAL)
    if sig_figs == MAGNITUDE or kind == MODAL:
        return printed(value, sig_figs)
    value = float(value)
    return Interval(value, value / APPROXIMATE_FACTOR, value * APPROXIMATE_FACTOR if kind == APPROXIMATE else value)


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


def converted_sig_figs(value: float, sig_figs: int, factor: float) -> int:
    """Significant figures at which `value` x `factor` (a unit conversion) prints no more precisely than `value`
    printed at `sig_figs`: the converted number's rounding step at least the source's, converted (1,984 lb at 4 ->
    899.9 kg at 3, "900"; 11,023 lb at 5 -> 4, "5,000"; 126,000 lb at 3 -> 2, "57,000"). Never more than
    `sig_figs`."""
    source = printed(value, sig_figs)
    step = (source.high - source.low) * abs(factor)
    for digits in range(int(sig_figs), 1, -1):
        converted = printed(value * factor, digits)
        if converted.high - converted.low >= step * (1 - 1e-9):
            return digits
    return 1


def float_sig_figs(value: float) -> int:
    """Significant figures of a number stored as a float in a data file, read to its last digit (0.00578754 -> 6,
    1862.0 -> 4, 420.0 -> 3, 2.7e-05 -> 2): the precision a chart's copied value was printed with."""
    mantissa = f"{abs(float(value)):.15g}".split("e")[0]
    return max(len(mantissa.replace(".", "").lstrip("0")), 1)


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
