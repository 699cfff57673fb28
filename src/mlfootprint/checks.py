"""Input checks that fail with one clear line: what was wrong, where, and what was expected.

numpy is imported inside the functions that need it, so that importing the exceptions (as the parameter checks of
the command line do) costs nothing.
"""

import numbers


class ParameterError(ValueError):
    """A notebook or function parameter has a value outside what is allowed."""


class DataError(ValueError):
    """A data file does not match its schema (the message names file, line and column)."""


def is_number(value) -> bool:
    """A real number that is not a bool (True is an int to Python, never a number to a reader)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def interval(low, high, low_open=False, high_open=False, *, grouped=False) -> str:
    """An interval as a reader writes it: "[1, inf)", "(0, 1]"; a missing bound is infinite (and open).
    `grouped`: whole bounds with thousands commas ("[1, 1,000,000]"), as the notebooks' parameters show them."""
    def bound(value, infinite):
        if value is None:
            return infinite
        if grouped:
            return f"{value:,.0f}" if float(value).is_integer() and abs(value) < 1e10 else f"{value:,g}"
        return f"{value:g}"

    left = "(" if low_open or low is None else "["
    right = ")" if high_open or high is None else "]"
    return f"{left}{bound(low, '-inf')}, {bound(high, 'inf')}{right}"


def number(name, value, low=None, high=None, *, low_open=False, high_open=False, integer=False):
    """Check that `value` is a finite number (or array of them) in the interval; return it unchanged.

    Arrays and pandas columns are checked at numpy speed; the message names the first bad element.
    """
    import numpy as np

    kind = "a whole number" if integer else "a number"
    expected = f"{kind} in {interval(low, high, low_open, high_open)}"
    scalar = is_number(value)
    if scalar:
        values = np.array([float(value)])
    elif isinstance(value, (list, tuple, np.ndarray)) or hasattr(value, "to_numpy"):
        raw = np.asarray(value.to_numpy() if hasattr(value, "to_numpy") else value).ravel()
        try:
            if raw.dtype.kind not in "iuf":  # bool, text or object: look at each element
                raw = raw.astype(object)
                if not all(is_number(v) or isinstance(v, np.number) for v in raw):
                    raise TypeError
            values = raw.astype(float)
        except (TypeError, ValueError):
            first = next(i for i, v in enumerate(raw) if not is_number(v) and not isinstance(v, np.number))
            raise ParameterError(f"{name}[{first}] must be {expected} (got {raw[first]!r})") from None
    else:
        raise ParameterError(f"{name} must be {expected} (got {value!r})")
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(values)
        if integer:
            bad |= values % 1 != 0
        if low is not None:
            bad |= values <= low if low_open else values < low
        if high is not None:
            bad |= values >= high if high_open else values > high
    if bad.any():
        if scalar:
            raise ParameterError(f"{name} must be {expected} (got {value!r})")
        first = int(np.argmax(bad))
        raise ParameterError(f"{name}[{first}] must be {expected} (got {values[first]:g})")
    return value


def choice(name, value, allowed):
    """Check that `value` is one of `allowed`; return it."""
    allowed = list(allowed)
    if value not in allowed:
        listed = ", ".join(repr(a) for a in allowed)
        raise ParameterError(f"{name} must be one of {listed} (got {value!r})")
    return value


def finite_result(name: str, value):
    """Refuse a computed result that is not finite (inputs beyond what the formula can take); return it."""
    import numpy as np

    values = np.asarray(value, dtype=float)
    if not np.isfinite(values).all():
        raise ParameterError(f"{name} is not finite ({values.ravel()[~np.isfinite(values.ravel())][0]:g}): the inputs "
                             f"are beyond what the formula can take")
    return value
