"""Printed numbers as intervals (mlfootprint.intervals): a printed number stands for the values that round to it,
a table cell is read to its last printed digit, and a formula carries its inputs' intervals through every corner."""

import pytest

from mlfootprint import intervals


def test_a_printed_number_stands_for_the_values_that_round_to_it():
    assert intervals.printed(3.4, 2) == intervals.Interval(3.4, pytest.approx(3.35), pytest.approx(3.45))
    assert (intervals.printed(5.741e-3, 4).low, intervals.printed(5.741e-3, 4).high) == pytest.approx((5.7405e-3, 5.7415e-3))
    assert (intervals.printed(1960, 4).low, intervals.printed(1960, 4).high) == (1959.5, 1960.5)

def test_a_table_cell_is_read_to_its_last_printed_digit():
    assert [intervals.sig_figs_of(t) for t in ("1507", "$140", "$103k", "0.954", "12,041.51", "$5")] == [4, 3, 3, 3, 7, 1]
    cell = intervals.printed_cell("$103k", 103_000)
    assert (cell.low, cell.high) == (102_500, 103_500)

def test_propagation_takes_every_corner():
    ratio = intervals.propagate(lambda a, b: a / b, intervals.printed(284, 3), intervals.printed(3.2, 2))
    assert (ratio.value, ratio.low, ratio.high) == pytest.approx((88.75, 283.5 / 3.25, 284.5 / 3.15))
    assert intervals.propagate(lambda a: a, None) is None
