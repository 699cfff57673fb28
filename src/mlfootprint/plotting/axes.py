"""Numbers and axes, written one way in every figure: significant figures (`number`), m×10ⁿ (`scientific`), powers
of ten with superscript digits, log axes labelled 10ⁿ over many decades and in plain numbers over few (`log_axis`),
linear axes in plain numbers (`plain_axis`), whole years (`year_axis`), and the other unit of training compute on a
second axis (`compute_axis`); ticks spaced by the room the axis has (`room`)."""

import math
from decimal import Decimal

import numpy as np
from matplotlib.ticker import Formatter, Locator, MaxNLocator

from .. import quantities


def number(value: float, digits: int = 3) -> str:
    """`value` to `digits` significant figures with thousands separators (626155 -> "626,000", 0.000315 ->
    "0.000315"), as m×10ⁿ below 0.0001 or from a billion: a computed number printed no more precisely than its
    inputs."""
    value = float(value)
    if value and (abs(value) < 1e-4 or abs(value) >= 1e9):
        return scientific(value, digits)
    return quantities.number(value, digits)


def doubling_text(months: float, low: float, high: float) -> str:
    """A fitted doubling time with its interval, for a legend: "doubling in 3.4 months [2.4-4.7]", "[2.7 or
    more]" where the interval has no upper bound, and "no doubling: the fit falls" for a falling trend."""
    if not (months > 0 and math.isfinite(months)):
        return "no doubling: the fit falls"
    return f"doubling in {months:.1f} months [" + (f"{low:.1f}-{high:.1f}]" if math.isfinite(high)
                                                     else f"{low:.1f} or more]")


def plural(count: float, word: str) -> str:
    """ "1 day", "5.5 days", "3,650 days"."""
    return f"{PlainLabels()(count)} {word}" + ("" if count == 1 else "s")


SUPERSCRIPT = str.maketrans("0123456789-", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b")


def power_of_ten(exponent: int) -> str:
    """10^n written with superscript digits ("10⁻¹⁴"): plain text, searchable and editable in the SVG."""
    return "10" + str(int(exponent)).translate(SUPERSCRIPT)


INCHES_PER_LABEL = {"x": 1.0, "y": 0.45}
"""Room (inches along the axis) one tick label takes, at 12 pt, with the gap to the next (a power of ten on an x
axis takes 0.7)."""


def room(axis, inches: float | None = None) -> int:
    """How many tick labels fit along `axis` (its length on the laid-out figure over `inches`, INCHES_PER_LABEL by
    default), 2 at least."""
    box = axis.axes.get_window_extent()
    name = "x" if axis is axis.axes.xaxis else "y"
    length = (box.width if name == "x" else box.height) / axis.axes.figure.dpi
    return max(2, int(length / (inches or INCHES_PER_LABEL[name])))


class SpacedTicks(MaxNLocator):
    """Ticks of a linear axis at round steps, as many as `room` allows for labels of 12 pt."""

    def __init__(self):
        super().__init__(nbins="auto", steps=[1, 2, 2.5, 5, 10])

    def __call__(self):
        self.set_params(nbins=room(self.axis))
        return super().__call__()


DECADES = 3.5
"""A log axis spanning this many decades or more is labelled at powers of ten (10ⁿ), a shorter one in plain
numbers."""


class LogTicks(Locator):
    """Major ticks of a log axis: powers of ten (every n-th, at most 10 labels) over DECADES or more; below that,
    1-3 or 1-2-5 steps (or finer), so that every log axis shows at least two labelled ticks."""

    STEPS = ((1.0,), (1.0, 3.0), (1.0, 2.0, 5.0), (1.0, 1.5, 2.0, 3.0, 5.0, 7.0),
             tuple(np.arange(1.0, 10.0, 0.5)))

    def __init__(self):
        self.most = 10

    def __call__(self):
        self.most = room(self.axis, 0.7 if self.axis is self.axis.axes.xaxis else None)
        return self.tick_values(*self.axis.get_view_interval())

    def tick_values(self, vmin, vmax):
        low, high = sorted((max(vmin, 1e-300), max(vmax, 1e-300)))
        first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
        if math.log10(high / low) >= DECADES:
            for every in range(max(1, math.ceil((last - first) / self.most)), 0, -1):
                ticks = [10.0 ** p for p in range(first - first % every, last + 1, every)]
                if sum(low <= t <= high for t in ticks) >= 2:
                    return ticks
            return ticks
        for mantissas in self.STEPS:
            ticks = [m * 10.0 ** p for p in range(first, last + 1) for m in mantissas]
            if sum(low <= t <= high for t in ticks) >= 3 or mantissas == self.STEPS[-1]:
                return ticks
        return []


class LogLabels(Formatter):
    """Labels of `LogTicks`: 10ⁿ where the axis spans DECADES, plain numbers (0.05, 2, 1,500) otherwise."""

    def __call__(self, value, pos=None):
        low, high = sorted(self.axis.get_view_interval())
        exponent = round(math.log10(value)) if value > 0 else 0
        if high > 0 and low > 0 and math.log10(high / low) >= DECADES:
            return power_of_ten(exponent) if math.isclose(value, 10.0 ** exponent) else ""
        if value >= 1e6 or value < 1e-4:
            return power_of_ten(exponent) if math.isclose(value, 10.0 ** exponent) else scientific(value)
        return f"{value:,.{max(0, -math.floor(math.log10(value)) + 1)}f}".rstrip("0").rstrip(".") \
            if value < 1 else f"{value:,g}"


class PlainLabels(Formatter):
    """Labels of a linear axis: plain numbers with thousands separators (0.002, 25,000), m×10ⁿ beyond a million or
    below 0.0001, never an offset written apart; on an axis, one form for every tick (all m×10ⁿ where any tick
    needs it, never "1×10⁶" beside "800,000")."""

    ticks = ()

    def set_locs(self, locs):
        """Keep the axis' tick values, to write them all in one form."""
        self.ticks = tuple(locs)
        super().set_locs(locs)

    def __call__(self, value, pos=None):
        if value == 0:
            return "0"
        low, high = sorted(self.axis.get_view_interval()) if self.axis is not None else (-math.inf, math.inf)
        ticks = [abs(tick) for tick in self.ticks if tick and low <= tick <= high]
        if any(not _plain(tick) for tick in ticks) or not _plain(abs(value)):
            return scientific(value)
        return f"{Decimal(f'{value:.6g}'):,f}"


def _plain(value: float) -> bool:
    """Whether a (positive) number prints in plain digits: from 0.0001 to below a million."""
    return -4 <= math.floor(math.log10(value)) < 6


def scientific(value: float, digits: int = 3) -> str:
    """`value` as m×10ⁿ to `digits` significant figures (1.58e12 -> "1.58×10¹²")."""
    exponent = math.floor(math.log10(abs(value)))
    mantissa = float(f"{value / 10.0 ** exponent:.{digits}g}")
    if abs(mantissa) >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{mantissa:g}\u00d7{power_of_ten(exponent)}"


def plain_axis(ax, axis: str = "y") -> None:
    """Label a linear `axis` of `ax` with `PlainLabels`, as many as fit (`SpacedTicks`)."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(SpacedTicks())
    target.set_major_formatter(PlainLabels())


YEAR_LABEL = "publication date (year)"


def year_axis(ax) -> None:
    """The x axis of a trend over time: publication dates, labelled in whole years."""
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins="auto", steps=[1, 2, 5, 10]))
    ax.xaxis.set_major_formatter(lambda value, _: f"{value:.0f}")
    ax.set_xlabel(YEAR_LABEL)


def log_axis(ax, axis: str = "y") -> None:
    """Make `axis` of `ax` logarithmic, labelled one way in every figure (`LogTicks`, `LogLabels`)."""
    from matplotlib.ticker import LogLocator, NullFormatter

    (ax.set_yscale if axis == "y" else ax.set_xscale)("log")
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(LogTicks())
    target.set_major_formatter(LogLabels())
    target.set_minor_locator(LogLocator(base=10, subs=(1.0,), numticks=100))
    target.set_minor_formatter(NullFormatter())


def compute_axis(ax, flop_per_unit: float, label: str, axis: str = "y"):
    """A second axis in the other unit of training compute (FLOP beside petaflop/s-days, or the reverse), on the
    right (or top): `flop_per_unit` converts the first axis's unit into the second's."""
    functions = (lambda v: np.asarray(v) * flop_per_unit, lambda v: np.asarray(v) / flop_per_unit)
    second = (ax.secondary_yaxis("right", functions=functions) if axis == "y"
              else ax.secondary_xaxis("top", functions=functions))
    target = second.yaxis if axis == "y" else second.xaxis
    if (ax.get_yscale() if axis == "y" else ax.get_xscale()) == "log":
        target.set_major_locator(LogTicks())
        target.set_major_formatter(LogLabels())
    else:
        target.set_major_locator(SpacedTicks())
        target.set_major_formatter(PlainLabels())
    (second.set_ylabel if axis == "y" else second.set_xlabel)(label)
    return second
