import numpy as np
import pandas as pd
import pytest

from mlfootprint.checks import ParameterError, choice, interval, is_number, number


def test_number_returns_the_value_unchanged():
    column = pd.Series([0.5, 1.0])
    assert number("u", column, 0, 1) is column
    assert number("n", 3, 1, integer=True) == 3


@pytest.mark.parametrize("value", [True, None, "1", float("inf"), [1, "x"]])
def test_number_refuses_non_numbers(value):
    with pytest.raises(ParameterError, match="^x"):
        number("x", value)


def test_number_names_the_first_bad_element():
    with pytest.raises(ParameterError, match=r"^pue\[2\] must be a number in \[1, inf\) \(got 0.9\)$"):
        number("pue", np.array([1.1, 1.58, 0.9, 0.5]), 1)


def test_open_and_closed_bounds():
    number("u", 1.0, 0, 1, low_open=True)
    with pytest.raises(ParameterError, match=r"\(0, 1\]"):
        number("u", 0.0, 0, 1, low_open=True)
    with pytest.raises(ParameterError, match=r"\[0, 1\)"):
        number("u", 1.0, 0, 1, high_open=True)


def test_choice_lists_what_is_allowed():
    with pytest.raises(ParameterError, match=r"^unit must be one of 'lb', 'kg' \(got 'g'\)$"):
        choice("unit", "g", ["lb", "kg"])
    assert choice("unit", "kg", ["lb", "kg"]) == "kg"


@pytest.mark.parametrize("bounds, grouped, text", [
    ((1, None, False, False), False, "[1, inf)"),
    ((None, 0, False, True), False, "(-inf, 0)"),
    ((0, 1, True, False), False, "(0, 1]"),
    ((100, 100_000, False, False), False, "[100, 100000]"),  # as trends.bootstrap_slopes says it
    ((100, 100_000, False, False), True, "[100, 100,000]"),  # as a notebook's parameters say it
    ((0, 2**32 - 1, False, False), True, "[0, 4,294,967,295]"),
    ((0, 1e12, False, False), True, "[0, 1e+12]"),
    ((0, 0.5, False, False), True, "[0, 0.5]"),
])
def test_intervals_as_a_reader_writes_them(bounds, grouped, text):
    assert interval(*bounds, grouped=grouped) == text


def test_a_bool_is_not_a_number():
    assert [is_number(v) for v in (1, 1.5, np.float64(2), True, "1", None)] == [True, True, True, False, False, False]
