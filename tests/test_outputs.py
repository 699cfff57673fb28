"""What a notebook writes and shows: tables rounded for reading, and long tables shown whole."""

import pandas as pd

from mlfootprint.outputs import rounded, whole

LONG = pd.DataFrame({"claim": [f"claim {i}" for i in range(80)],
                     "explanation": ["a reason " * 20 + str(i) for i in range(80)]})


def test_a_long_table_is_shown_whole_with_every_word():
    html = whole(LONG)._repr_html_()
    assert html.count("<tr") == 81  # the header and every row; pandas alone would show 10 of 80
    assert "a reason " * 20 + "79" in html and "..." not in html
    assert 'class="dataframe mlfootprint-whole"' in html and "white-space: normal" in html
    text = repr(whole(LONG))
    assert "claim 79" in text and "a reason " * 20 + "0" in text and "..." not in text


def test_rounded_prints_six_significant_figures_and_blanks_for_missing():
    shown = rounded(pd.DataFrame({"x": [1234567.891, float("nan")], "name": ["a", None]}))
    assert shown["x"].tolist() == ["1.23457e+06", ""] and shown["name"].tolist() == ["a", ""]
