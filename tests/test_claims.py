"""The claims ledger: the one tolerance rule (printed intervals, propagation, one-sided claims, orders of magnitude),
explanations filled from the computation, and the two levels (what the article says, what a source says)."""

import json
import math
import re

import pandas as pd
import pytest
from helpers import default_ledgers

from mlfootprint import claim_rules, claims, intervals, loaders
from mlfootprint.catalogue import find
from mlfootprint.checks import DataError, ParameterError

ALEXNET = find("02")
REPRODUCED, DIFFERS, NOT_CHECKABLE = claims.REPRODUCED, claims.DIFFERS, claims.NOT_CHECKABLE


# --- 1. a printed number stands for the values that round to it, at the significant figures the data state


def test_significant_figures_are_stated_not_guessed_from_trailing_zeros():
    # "around $145,000" (3) and "at least $150,000" (2): the same trailing zeros, different precision
    assert (intervals.printed(145_000, 3).low, intervals.printed(145_000, 3).high) == (144_500, 145_500)
    assert (intervals.printed(150_000, 2).low, intervals.printed(150_000, 2).high) == (145_000, 155_000)
    assert (intervals.printed(150_000, 6).low, intervals.printed(150_000, 6).high) == (149_999.5, 150_000.5)
    table = loaders.load_claims()
    assert table.at["strubell-hardware-145k", "sig_figs"] == 3
    assert table.at["strubell-gpu-server-20k", "sig_figs"] == 1
    assert table.at["aic-growth-1e18", "sig_figs"] == intervals.MAGNITUDE


def test_the_rule_is_inclusive_at_the_interval_ends():
    assert claims.verdict(3.4, 3.35, 2) == REPRODUCED
    assert claims.verdict(3.4, 3.45, 2) == REPRODUCED
    assert claims.verdict(3.4, 3.4501, 2) == DIFFERS
    assert claims.verdict(3.4, None, 2) == NOT_CHECKABLE
    assert claims.verdict(3.4, float("nan"), 2) == NOT_CHECKABLE


# --- 2. rounding of printed inputs is carried through the calculation

def test_11_5_a_year_from_the_printed_3_4_months():
    # the fitted line (3.437 months) gives 11.25x, which does not print as 11.5; the article computed 2^(12/3.4),
    # and 3.4 stands for 3.35..3.45 months, i.e. 11.14..11.98x a year
    assert claims.verdict(11.5, 2 ** (12 / 3.4365), 3) == DIFFERS
    factor = intervals.propagate(lambda m: 2 ** (12 / m), intervals.printed(3.4, 2))
    assert (factor.low, factor.high) == pytest.approx((2 ** (12 / 3.45), 2 ** (12 / 3.35)))
    assert claims.verdict(11.5, factor, 3) == REPRODUCED


def test_5_741e_3_from_the_printed_496e15():
    # the unrounded product, 2 x 1.58e12 x 5.5 d x 0.33 = 4.9554e17 FLOP, gives 5.7354e-3 (differs at 4 figures);
    # the article divided its printed 496e15, which stands for 495.5e15..496.5e15
    assert claims.verdict(5.741e-3, 4.95539e17 / 8.64e19, 4) == DIFFERS
    assert claims.verdict(5.741e-3, intervals.propagate(lambda f: f / 8.64e19, intervals.printed(496e15, 3)), 4) == REPRODUCED


def test_the_bert_v100_row_from_the_printed_79_hours():
    # Table 3: 12,041.51 W, 79 h, 1507 kWh x PUE; exactly 79 h give 1503, the printed 79 stands for 78.5..79.5 h
    power = intervals.printed_cell("12,041.51", 12_041.51)
    assert claims.verdict(1507, 1.58 * 79 * 12_041.51 / 1000, 4) == DIFFERS
    energy = intervals.propagate(lambda h, w: 1.58 * h * w / 1000, intervals.printed_cell("79", 79), power)
    assert energy.low < 1507 < energy.high and claims.verdict(1507, energy, 4) == REPRODUCED


def test_table_1_e_and_f_from_the_printed_electricity_costs():
    # Table 4's $5 and $9870 at $0.12/kWh and 0.954 lb/kWh give Table 1's 39 and 78,468 lb
    co2e = intervals.propagate(lambda usd: usd / 0.12 * 0.954, intervals.printed_cell("$5", 5))
    assert claims.verdict(39, 5 / 0.12 * 0.954, 2) == DIFFERS and claims.verdict(39, co2e, 2) == REPRODUCED
    assert claims.verdict(78_468, intervals.propagate(lambda usd: usd / 0.12 * 0.954,
                                                   intervals.printed_cell("$9870", 9870)), 5) == REPRODUCED


# --- 3. one-sided claims and orders of magnitude

def test_one_sided_claims_are_judged_one_sided():
    # "more than 300,000x" (1 figure): 321,726x and a million-fold both hold; two-sided, a million would not
    assert claims.verdict(300_000, 1e6, 1, claims.AT_LEAST) == REPRODUCED
    assert claims.verdict(300_000, 1e6, 1) == DIFFERS
    assert claims.verdict(300_000, 240_000, 1, claims.AT_LEAST) == DIFFERS
    # "at least $150,000" (2 figures) holds for the TPU on-demand bound, $146,848, which prints as $150,000
    assert claims.verdict(150_000, 146_848, 2, claims.AT_LEAST) == REPRODUCED
    assert claims.verdict(5, 3, 1, claims.AT_MOST) == REPRODUCED
    assert claims.verdict(5, 6, 1, claims.AT_MOST) == DIFFERS


def test_an_order_of_magnitude_is_judged_in_log10():
    # 10^18 stands for 10^17.5..10^18.5; the chart's systems span 2.3e17 = 10^17.36
    assert claims.verdict(1e18, 2.3e17, intervals.MAGNITUDE) == DIFFERS
    assert claims.verdict(1e18, 4e17, intervals.MAGNITUDE) == REPRODUCED  # 10^17.6, outside 1e18 at 1 figure
    assert claims.verdict(1e18, 4e17, 1) == DIFFERS
    assert claims.verdict(1e18, 3e18, intervals.MAGNITUDE) == REPRODUCED
    assert claims.verdict(1e18, 3.3e18, intervals.MAGNITUDE) == DIFFERS


# --- 4. explanations: kept on reproduced rows, filled from the computation

def test_a_caveat_stays_on_a_reproduced_row():
    row = claims.judge("x", "a claim", "s", 11.5, intervals.propagate(lambda m: 2 ** (12 / m), intervals.printed(3.4, 2)),
                       "x per year", 3, reason="from the rounded doubling time; the fit gives {fit:.4g}x",
                       quantities={"fit": 11.2505})
    assert row["verdict"] == REPRODUCED
    assert row["explanation"] == "from the rounded doubling time; the fit gives 11.25x"
    assert json.loads(row["explanation_values"]) == {"fit": 11.2505}


def test_an_explanation_quoting_a_value_the_run_does_not_compute_is_an_error():
    with pytest.raises(DataError, match=r"explanation of x quotes fit, which the run does not compute"):
        claims.judge("x", "a claim", "s", 11.5, 11.5, "", 3, reason="the fit gives {fit}")


def test_a_difference_without_a_reason_is_put_in_words():
    row = claims.judge("x", "a claim", "s", 470, 486, "PF", 2)
    assert row["verdict"] == DIFFERS
    assert row["explanation"] == ("the recomputed 486 is 1.034 times the published value, outside the values it "
                                  "stands for")


def test_a_wording_verdict_follows_from_the_recorded_comparison():
    # the source supports the article's wording when it says the same or more (narrower); not when the article says
    # more than the source (broader) or another thing
    assert {c: claims.wording_verdict(c) for c in claim_rules.COMPARISONS} == {
        "same": REPRODUCED, "narrower": REPRODUCED, "broader": DIFFERS, "different": DIFFERS}
    assert claims.wording_verdict("") == NOT_CHECKABLE
    row = claims.judge_text("y", "a wording", "s", "a lifetime", "one year", "different",
                            reason="B is {b_lb:,.0f} lb a year", quantities={"b_lb": 11_023})
    assert row["verdict"] == DIFFERS
    assert row["explanation"] == "not what the source says; B is 11,023 lb a year"
    assert claims.judge_text("y", "w", "s", "(mainly cooling)", "mostly cooling", "same")["explanation"] == (
        "the source says the same")


def test_the_power_scaling_wording_is_broader_than_the_source_and_says_so():
    # issue 22: this row was "reproduced" while its explanation said "partly", with one string typed for both sides
    table = loaders.load_claims()
    row = table.loc["strubell-power-scaling-stated"]
    assert row["article_says"] != row["source_says"] and row["comparison"] == claims.BROADER
    ledger = find("04").steps().ledger.set_index("claim_id")
    assert ledger.at["strubell-power-scaling-stated", "verdict"] == DIFFERS
    assert ledger.at["strubell-power-scaling-stated", "explanation"].startswith(claims.COMPARISON_LEADS["broader"])


JUDGEMENT_WORDS = re.compile(r"\b(partly|partially|reproduc\w*|differs?|not checkable|the same as|agrees?|matches|"
                             r"correct|wrong|consistent)\b", re.IGNORECASE)


def test_an_explanation_cannot_disagree_with_its_verdict(ledgers):
    """A verdict is said once, by the rule: no explanation template judges (so no caveat can say "partly" beside a
    reproduced verdict), and every wording's explanation opens with what its comparison says, the comparison from
    which its verdict follows."""
    for claim_id, template in loaders.load_claims()["known_reason"].items():
        assert not JUDGEMENT_WORDS.search(template), f"{claim_id}: the template judges: {template!r}"
    every = pd.concat(ledgers.values())
    words = every[every["unit"] == "wording"]
    assert len(words) >= 10
    for _, row in words.iterrows():
        assert row["verdict"] == claims.wording_verdict(row["comparison"]), row["claim_id"]
        assert row["explanation"].startswith(claims.COMPARISON_LEADS[row["comparison"]]), row["claim_id"]


def test_the_claims_file_refuses_a_wording_without_a_comparison_or_two_equal_wordings_told_apart(tmp_path):
    text = loaders.CLAIMS_FILE.read_text()
    line = next(x for x in text.splitlines() if x.startswith("strubell-power-in-eq1,"))
    (tmp_path / "a.csv").write_text(text.replace(line, line.replace(",same,", ",,")))
    with pytest.raises(DataError, match=r"column 'comparison': expected same or narrower or broader or different"):
        loaders.load_claims(tmp_path / "a.csv")
    (tmp_path / "b.csv").write_text(text.replace(line, line.replace(",same,", ",broader,")))
    with pytest.raises(DataError, match=r"column 'comparison': expected same \(the two wordings are identical\)"):
        loaders.load_claims(tmp_path / "b.csv")


# --- 4b. one rule for hedges and fits

def test_a_hedge_word_gets_its_class_tolerance_whatever_the_leading_digit():
    # "about half" and "roughly tenfold" stand for the same relative interval (x / 1.21 to x * 1.21), where their
    # printed digits would give +-10 % and +-50 %
    half, tenfold = intervals.stands_for(0.5, 1, "about"), intervals.stands_for(10, 1, "roughly")
    assert (half.low, half.high) == pytest.approx((0.5 / 10 ** (1 / 12), 0.5 * 10 ** (1 / 12)))
    assert tenfold.high / tenfold.value == pytest.approx(half.high / half.value)
    assert (intervals.printed(10, 1).low, intervals.printed(10, 1).high) == (5, 15)
    # Strubell et al.: hardware $145,000 plus electricity $9,870 against the $350,000 on-demand estimate
    assert claims.verdict(0.5, (145_000 + 9_870) / 350_000, 1, hedge="about") == REPRODUCED
    assert claims.verdict(0.5, (145_000 + 9_870) / 350_000, 1) == DIFFERS
    assert claims.verdict(10, 11.25, 1, hedge="roughly") == REPRODUCED
    assert claims.verdict(10, 13, 1, hedge="roughly") == DIFFERS and claims.verdict(10, 13, 1) == REPRODUCED
    # a modal hedge ("probably", "could be") widens nothing; "nearly" is close to the value and not above it
    assert intervals.stands_for(5, 1, "could be") == intervals.printed(5, 1)
    assert claims.verdict(60, 61, 1, hedge="nearly") == DIFFERS and claims.verdict(60, 55, 1, hedge="nearly") == REPRODUCED
    with pytest.raises(ValueError, match="hedge must be one of"):
        intervals.stands_for(5, 1, "circa")


def test_every_hedge_in_the_claims_file_is_a_known_word_and_the_file_refuses_another(tmp_path):
    table = loaders.load_claims()
    assert set(table["hedge"]) - {""} <= set(intervals.HEDGES)
    assert table.at["strubell-hardware-half-of-cloud", "hedge"] == "about"
    assert table.at["aic-factor-10", "hedge"] == "roughly"
    text = loaders.CLAIMS_FILE.read_text()
    line = next(x for x in text.splitlines() if x.startswith("aic-factor-10,"))
    (tmp_path / "c.csv").write_text(text.replace(line, line.replace(",roughly,", ",circa,")))
    with pytest.raises(DataError, match=r"column 'hedge': expected about, around, approximately, roughly"):
        loaders.load_claims(tmp_path / "c.csv")


def test_a_claim_worded_with_a_hedge_records_it():
    """One rule everywhere: a number claim whose wording carries an approximating word records it in `hedge`, so that
    it is judged by its class (issue 22: "about half" had been read at one figure, "roughly tenfold" too)."""
    words = re.compile(r"\b(about|around|approximately|roughly)\b", re.IGNORECASE)
    table = loaders.load_claims()
    for claim_id, row in table[table["kind"] == claims.NUMBER].iterrows():
        found = words.search(row["claim"])
        if found:
            assert row["hedge"] == found.group(1).lower() or intervals.HEDGES.get(row["hedge"]) == intervals.APPROXIMATE, (
                claim_id, row["claim"], row["hedge"])


def test_a_refit_on_another_sample_is_shown_but_not_judged():
    assert claims.verdict(4.0, 4.0, 2, same_sample=False) == NOT_CHECKABLE
    row = claims.judge("v", "a fit", "s", 4.0, 5.23, "months", 2, same_sample=False,
                       reason="a refit on another sample gives {recomputed:.3g}")
    assert row["verdict"] == NOT_CHECKABLE and row["recomputed"] == 5.23
    assert row["explanation"] == "a refit on another sample gives 5.23"


NUMBER = re.compile(r"(?<![\w.^/\[-])\$?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[+-]?\d+)?)"
                    r"(x(?!\w))?(\s?%)?(?![\w^.\d])")
REFERENCE = re.compile(r"(Table|Tables|Eq\.|footnote|footnotes|Sec\.|Section|Fig\.|Figs\.|Appendix|arXiv)\s*$")


def numbers_in(text: str) -> list[tuple[str, bool]]:
    """The numbers of a text as (digits, followed by %), except references ("Table 3", "Sec. 4.2", "[1]") and years
    (whole numbers from 1900 to 2099)."""
    found = []
    for match in NUMBER.finditer(text):
        digits = match.group(1)
        if REFERENCE.search(text[:match.start()]) or re.fullmatch(r"(19|20)\d\d", digits):
            continue
        found.append((digits, bool(match.group(3))))
    return found


def matches(digits: str, percent: bool, candidates: list[float]) -> bool:
    """Whether a printed number is one of the candidates rounded to the precision it was printed with (a percentage
    may print a fraction); a candidate exactly half a unit away is not (8.5 does not print as 9)."""
    mantissa, _, exponent = digits.replace(",", "").partition("e")
    decimals = len(mantissa.partition(".")[2])
    value = float(mantissa) * 10 ** int(exponent or 0)
    half = 0.5 * 10 ** (int(exponent or 0) - decimals) * (1 - 1e-9)
    scales = (1, 100) if percent else (1,)
    return any(abs(c * s - value) < half for c in candidates for s in scales)


def candidates_of(row) -> list[float]:
    """The values of a ledger row an explanation may quote: its own numbers and the computed values it used."""
    own = [row[c] for c in ("published", "published_low", "published_high", "recomputed", "recomputed_low",
                            "recomputed_high", "ratio") if isinstance(row[c], float) and math.isfinite(row[c])]
    used = json.loads(row["explanation_values"]) if row["explanation_values"] else {}
    for value in used.values():
        if isinstance(value, str):
            own += [float(d.replace(",", "")) for d, _ in numbers_in(value)]
        elif math.isfinite(value):
            own.append(value)
    return own


def test_numbers_in_finds_numbers_but_not_references():
    text = "Table 3 gives 1,862 pfs-days (Sec. 4.2, [1]) in 2017, 41% and 0.2 % of 4.29e+22 FLOP on P100x8, 11.25x"
    assert numbers_in(text) == [("1,862", False), ("41", True), ("0.2", True), ("4.29e+22", False),
                                ("11.25", False)]
    assert matches("41", True, [0.414]) and matches("4.29e+22", False, [4.2856e22])
    assert matches("11.25", False, [11.2505]) and not matches("11.2", False, [11.2505])
    assert not matches("3.4", False, [3.5]) and not matches("9", False, [8, 8.5])


@pytest.fixture(scope="module")
def ledgers():
    return default_ledgers()


def test_every_number_in_an_explanation_is_recomputed_from_the_data(ledgers):
    """Each number an explanation prints equals, at its printed precision, a value of its row or a value the run
    computed and recorded beside it (`explanation_values`): no explanation holds a typed number."""
    checked = 0
    for notebook, ledger in ledgers.items():
        for _, row in ledger.fillna({"explanation_values": ""}).iterrows():
            for digits, percent in numbers_in(row["explanation"] or ""):
                assert matches(digits, percent, candidates_of(row)), (
                    f"notebook {notebook}, {row['claim_id']}: {digits} in {row['explanation']!r} is none of its "
                    f"computed values {candidates_of(row)}")
                checked += 1
    assert checked > 100


def test_explanation_templates_hold_no_typed_number():
    for claim_id, template in loaders.load_claims()["known_reason"].items():
        assert not numbers_in(re.sub(r"\{[^}]*\}", "", template)), f"{claim_id}: {template!r}"


# --- 5. the ledger and the two levels

def test_every_claim_is_about_the_article_or_a_source(ledgers):
    every = pd.concat(ledgers.values())
    assert set(every["level"]) == {claims.ARTICLE, claims.SOURCE, claims.EXTENSION}
    table = loaders.load_claims()
    assert set(every["claim_id"]) >= set(table.index)
    article = every[every["level"] == claims.ARTICLE].set_index("claim_id")["verdict"]
    for claim_id in ("aic-perceptron-year", "aic-alphagozero-year", "aic-y-axis-per-day", "aic-growth-1e18",
                     "alexnet-pfs-days-unit-error", "alexnet-cited-reference", "size-parameters-not-hyperparameters",
                     "strubell-table3-models", "fig5-label-b-lifetime", "fig5-626155-attribution",
                     "strubell-electricity-vs-cloud", "strubell-power-scaling-stated", "strubell-150k-paid-by-so"):
        assert article[claim_id] == DIFFERS, claim_id  # the article misreads or mislabels its source


def test_ledger_needs_every_number_claim_of_the_notebook():
    values = {claim_id: 1.0 for claim_id in loaders.load_claims().query("notebook == @ALEXNET.stem and kind == "
                                                                        "'number'").index}
    values.pop("alexnet-openai-ops-pf")
    values["no-such-claim"] = 1
    with pytest.raises(ParameterError, match=r"claims not judged: \['alexnet-openai-ops-pf'\].*\['no-such-claim'\]"):
        claims.ledger(ALEXNET, values)


def test_the_claims_file_refuses_a_value_printed_with_more_digits_than_its_sig_figs(tmp_path):
    text = loaders.CLAIMS_FILE.read_text()
    assert ",3.4,months,2,two-sided," in text
    text = text.replace(",3.4,months,2,two-sided,", ",3.4,months,1,two-sided,", 1)
    (tmp_path / "claims.csv").write_text(text)
    with pytest.raises(DataError, match=r"column 'published_value': expected a value with no more digits than its "
                                        r"sig_figs \(1\)"):
        loaders.load_claims(tmp_path / "claims.csv")


def test_display_table_shows_what_a_number_stands_for():
    row = claims.judge("x", "c", "s", 300_000, 321_726, "ratio", 1, claims.AT_LEAST, level=claims.SOURCE)
    text = claims.judge_text("y", "w", "s", "hyperparameters", "parameters", "different")
    shown = claims.display_table(pd.DataFrame([row, text], columns=claims.LEDGER_COLUMNS))
    assert shown.loc["c", "stands for"] == "at least 250000" and shown.loc["c", "recomputed"] == "321726"
    assert (shown.loc["w", "published"], shown.loc["w", "recomputed"]) == ("hyperparameters", "parameters")
    summary = claims.summary(pd.DataFrame([row, text], columns=claims.LEDGER_COLUMNS))
    assert summary.loc[REPRODUCED].to_dict() == {"article": 0, "source": 1, "extension": 0, "all": 1}
    assert summary.loc[DIFFERS].to_dict() == {"article": 1, "source": 0, "extension": 0, "all": 1}


# --- 6. the article, statement by statement

def test_every_statement_is_judged_or_says_why_not():
    statements, table = loaders.load_article_statements(), loaders.load_claims()
    assert len(statements) >= 60 and list(statements.index) == list(range(1, len(statements) + 1))
    order = [loaders.ARTICLE_SECTIONS.index(s) for s in statements["section"]]
    assert order == sorted(order), "statements are in article order"
    listed = set(statements["claim_id"]) - {""}
    assert listed <= set(table.index), f"unknown claims: {sorted(listed - set(table.index))}"
    assert (table.loc[sorted(listed), "level"] == claims.ARTICLE).all(), "statements point to article-level claims"
    article = set(table.index[table["level"] == claims.ARTICLE])
    assert article <= listed, f"article-level claims no statement lists: {sorted(article - listed)}"


def test_a_statement_needs_a_claim_or_a_reason(tmp_path):
    text = loaders.ARTICLE_STATEMENTS_FILE.read_text().splitlines()
    text[2] = re.sub(r",aic-perceptron-year,$", ",,", text[2])
    (tmp_path / "s.csv").write_text("\n".join(text) + "\n")
    with pytest.raises(DataError, match="line 3: give either a claim_id or why the statement is not checkable"):
        loaders.load_article_statements(tmp_path / "s.csv")


def test_the_statements_of_issue_22_are_split_checked_and_paraphrased_as_the_article_words_them():
    statements = loaders.load_article_statements()
    claimed = statements[statements["claim_id"] != ""]
    # AlexNet's product was one check of four statements; each input now has its own claim, the product its own
    for claim_id in ("alexnet-training-days", "alexnet-training-gpus", "alexnet-utilization-0-33", "alexnet-formula",
                     "alexnet-article-gtx580-in-product", "alexnet-days-5-5", "alexnet-article-flop"):
        assert (claimed["claim_id"] == claim_id).sum() == 1, claim_id
    # the article says training *time* is counted in operations, and that operations *per day* doubled
    time = claimed.loc[claimed["claim_id"] == "aic-training-time-as-operations", "paraphrase"].iloc[0]
    assert "training time" in time
    doubling = claimed.loc[claimed["claim_id"] == "aic-doubling-3-4", "paraphrase"].tolist()
    assert any("per day doubled" in p for p in doubling)
    # Fig. 2's end year, the conclusion's 1960 and 2020, and the 626,155 lb's attribution are judged
    assert {"aic-fig2-end-2018", "fig5-626155-attribution", "ref4-dean"} <= set(claimed["claim_id"])
    conclusion = claimed[claimed["section"] == "Conclusion"]
    assert {"aic-perceptron-year", "aic-alphagozero-year"} <= set(conclusion["claim_id"])
    # what stays unchecked is context, vendor claims without data, and references not retrieved
    unchecked = statements[statements["claim_id"] == ""]
    assert set(unchecked["kind"]) <= {"attribution", "context", "label", "reference"} and len(unchecked) <= 11
