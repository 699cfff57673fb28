"""The rules of a valid row of data/claims.csv, written once (mlfootprint.claim_rules) and applied by the loader; the
verdicts are tested in test_claims.py."""

import math

import pytest

from mlfootprint import claim_rules, claims, intervals

NUMBER = {"claim_id": "c", "kind": "number", "published_value": 3.4, "sig_figs": "2", "sided": "two-sided",
          "hedge": "", "article_says": "", "source_says": "", "comparison": ""}
TEXT = {"claim_id": "t", "kind": "text", "published_value": math.nan, "sig_figs": "", "sided": "", "hedge": "",
        "article_says": "hyperparameters", "source_says": "parameters", "comparison": "different"}


def test_good_claims_break_no_rule():
    assert claim_rules.broken_rule(NUMBER) is None and claim_rules.broken_rule(TEXT) is None
    # "10^18" (OpenAI, AI and Compute) as an order of magnitude; "more than 300,000x" at one figure, at least
    assert claim_rules.broken_rule({**NUMBER, "published_value": 1e18, "sig_figs": "magnitude"}) is None
    assert claim_rules.broken_rule({**NUMBER, "published_value": 300_000, "sig_figs": "1", "sided": "at-least"}) is None


@pytest.mark.parametrize("changes, column, expected", [
    ({"published_value": math.nan}, "published_value", "a number for a number claim"),
    ({"sig_figs": ""}, "sig_figs", "a whole number > 0 or 'magnitude'"),
    ({"sig_figs": "0"}, "sig_figs", "a whole number > 0 or 'magnitude'"),
    ({"sig_figs": "2.5"}, "sig_figs", "a whole number > 0 or 'magnitude'"),
    ({"sig_figs": "1"}, "published_value", "a value with no more digits than its sig_figs (1)"),  # 3.4 has two
    ({"published_value": 2e18, "sig_figs": "magnitude"}, "published_value",
     "a value with no more digits than its sig_figs (magnitude)"),
    ({"sided": ""}, "sided", "two-sided or at-least or at-most"),
    ({"article_says": "every 3.4 months"}, "article_says", "no wording for a number claim"),
    ({"source_says": "3.43 months"}, "article_says", "no wording for a number claim"),
    ({"comparison": "same"}, "comparison", "no comparison for a number claim"),
])
def test_a_number_claim(changes, column, expected):
    assert claim_rules.broken_rule({**NUMBER, **changes}) == (column, expected)


@pytest.mark.parametrize("changes, column, expected", [
    ({"article_says": ""}, "article_says", "the wording of a text claim"),
    ({"source_says": ""}, "source_says", "the wording of a text claim"),
    ({"published_value": 1.0}, "published_value", "no published_value, sig_figs or sided for a text claim"),
    ({"sig_figs": "2"}, "published_value", "no published_value, sig_figs or sided for a text claim"),
    ({"sided": "at-least"}, "published_value", "no published_value, sig_figs or sided for a text claim"),
    ({"comparison": ""}, "comparison", "same or narrower or broader or different"),
    ({"source_says": "Hyperparameters"}, "comparison", "same (the two wordings are identical)"),
])
def test_a_text_claim(changes, column, expected):
    assert claim_rules.broken_rule({**TEXT, **changes}) == (column, expected)


@pytest.mark.parametrize("value, figures, printed", [
    (3.4, 2, True), (3.4, 1, False), (3.43, 3, True), (3.43, 2, False), (300_000, 1, True), (1.0e18, 1, True),
    (1.0e18, "magnitude", True), (2.0e18, "magnitude", False), (0.954, 3, True), (0.954, 4, True),
])
def test_a_published_value_rounds_to_itself(value, figures, printed):
    assert claim_rules.is_printed_at(value, figures) is printed


def test_sig_figs_as_the_ledger_uses_them():
    assert [claim_rules.sig_figs(t) for t in ("2", "magnitude", "", "0", "two")] == [2, "magnitude", None, None, None]


def test_one_set_of_levels_sides_and_kinds_for_the_file_and_the_verdicts():
    assert claims.LEVELS is claim_rules.LEVELS and claims.SIDES is claim_rules.SIDES
    assert claims.MAGNITUDE == claim_rules.MAGNITUDE == "magnitude"
    assert {c.name: c.allowed for c in claim_rules.SCHEMA.columns if c.allowed} == {
        "level": ("article", "source", "extension"), "kind": ("number", "text"),
        "sided": ("two-sided", "at-least", "at-most"), "hedge": tuple(intervals.HEDGES),
        "comparison": ("same", "narrower", "broader", "different")}  # data/README.md, claims.csv
