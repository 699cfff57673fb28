"""The claims ledger: what was published against what the data give, with a verdict and an explanation.

A claim (a row of data/claims.csv) is about what the article says (`level` "article"), about what a primary
source says ("source"), or holds the article's numbers against data published after it ("extension": shown beside
the audit, never a verdict on the article). It is a number (`kind` "number": a published value with its significant
figures, side and hedge) or a wording (`kind` "text": the article's wording and the source's, both recorded in the
data, and how they compare).

The tolerance rule, the only one (data/README.md), is applied by `verdict`:

- a printed number stands for the interval of values that round to it at its significant figures (`printed`;
  `sig_figs` is stated in data/claims.csv, or counted from a table cell as printed); an order of magnitude
  ("10^18", `sig_figs` = "magnitude") stands for half a decade either side, i.e. it is judged in log10; a hedged
  number ("about half", "roughly tenfold") stands for the interval of its hedge's word class instead of its digits'
  (`intervals.stands_for`);
- a recomputation that starts from printed numbers carries their intervals through its formula (`propagate`, at
  the corners of the input intervals, for formulas monotone in each input); a fit on rounded or digitised values
  carries their rounding, and a choice its author did not state (a date convention, a window) enters as the range
  over the choices;
- a two-sided claim is reproduced when the recomputed interval meets the published one; "at least" when it reaches
  the published interval's lower end or above; "at most" when it reaches its upper end or below;
- a claim about a source's fit on its own sample is not checkable on another sample (the refit is shown as
  context, `Recomputed.other_sample`);
- a wording is reproduced when the source supports it: the recorded comparison is "same" or "narrower"; "broader" or
  "different" differs (`wording_verdict`).

Verdicts: ``reproduced``, ``differs``, ``not checkable`` (nothing to compare). Explanations are templates whose
{placeholders} are filled from the run's own computed quantities (`Recomputed.quantities`) or the row's own
values; the values used are kept beside the text (`explanation_values`), so every number in an explanation can be
traced to the computation. A wording's explanation opens with what its comparison says (`COMPARISON_LEADS`), so
that it cannot contradict its verdict.
"""

import json
import math
import string
from dataclasses import dataclass, field

import pandas as pd

from .checks import DataError, ParameterError
from . import intervals
from .claim_rules import (ARTICLE, AT_LEAST, AT_MOST, BROADER, COMPARISONS, DIFFERENT, EXTENSION, LEVELS,  # noqa: F401
                          MAGNITUDE, NARROWER, NUMBER, SAME, SIDES, SOURCE, TEXT, TWO_SIDED)
from .intervals import Interval, printed
from .loaders import load_claims
from .outputs import rounded

REPRODUCED, DIFFERS, NOT_CHECKABLE = "reproduced", "differs", "not checkable"
VERDICTS = (REPRODUCED, DIFFERS, NOT_CHECKABLE)
WORDING_VERDICTS = {SAME: REPRODUCED, NARROWER: REPRODUCED, BROADER: DIFFERS, DIFFERENT: DIFFERS}
"""The one rule for wordings: the source supports the article's wording when it says the same or more."""
COMPARISON_LEADS = {
    SAME: "the source says the same",
    NARROWER: "narrower than the source: part of what the source says is left out, and the rest holds",
    BROADER: "broader than the source: the article says more than the source does",
    DIFFERENT: "not what the source says",
}
"""The opening of a wording's explanation, by its comparison (the verdict follows from the same comparison)."""

LEDGER_COLUMNS = [
    "claim_id", "level", "claim", "source", "published", "published_low", "published_high", "recomputed",
    "recomputed_low", "recomputed_high", "unit", "ratio", "verdict", "explanation", "article_says", "source_says",
    "hedge", "comparison", "explanation_values",
]


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def accepted(published: float, sig_figs, sided: str = TWO_SIDED, hedge: str = "") -> tuple[float, float]:
    """The recomputed values a published claim accepts: the interval it stands for (its digits', or its hedge's:
    `intervals.stands_for`), open upward for "at least" and downward for "at most"."""
    if sided not in SIDES:
        raise ValueError(f"sided must be one of {', '.join(SIDES)} (got {sided!r})")
    stands = intervals.stands_for(published, sig_figs, hedge)
    return (stands.low if sided != AT_MOST else -math.inf, stands.high if sided != AT_LEAST else math.inf)


def verdict(published, recomputed, sig_figs, sided: str = TWO_SIDED, hedge: str = "", same_sample: bool = True) -> str:
    """THE tolerance rule: reproduced when the recomputed value (a number, or an Interval carried from printed
    inputs, rounded or digitised values, or unstated choices) meets the values the published one stands for
    (`accepted`); not checkable when either is missing, or when the recomputation refits another sample than the
    one the published fit was made on (`same_sample` False)."""
    if _missing(published) or _missing(recomputed if not isinstance(recomputed, Interval) else recomputed.value):
        return NOT_CHECKABLE
    if not same_sample:
        return NOT_CHECKABLE
    low, high = accepted(published, sig_figs, sided, hedge)
    got = recomputed if isinstance(recomputed, Interval) else Interval(recomputed, recomputed, recomputed)
    noise = 1e-12 * max(abs(float(published)), abs(got.value))  # float rounding in the formulas
    return REPRODUCED if got.high >= low - noise and got.low <= high + noise else DIFFERS


def wording_verdict(comparison: str) -> str:
    """THE rule for a wording claim: its verdict follows from the recorded comparison of the article's wording with
    the source's (`WORDING_VERDICTS`); without a comparison it is not checkable."""
    if not comparison:
        return NOT_CHECKABLE
    if comparison not in WORDING_VERDICTS:
        raise ValueError(f"comparison must be one of {', '.join(COMPARISONS)} (got {comparison!r})")
    return WORDING_VERDICTS[comparison]


@dataclass
class Recomputed:
    """What an analysis hands to the ledger: claim_id -> recomputed value (number, Interval or None); claim_id ->
    explanation template overriding the claim's `known_reason`; the run's computed quantities (name -> value) that
    explanation templates quote; and the claims recomputed on another sample than the source's (not checkable)."""

    values: dict
    reasons: dict = field(default_factory=dict)
    quantities: dict = field(default_factory=dict)
    other_sample: set = field(default_factory=set)
    """Claims whose recomputation refits another sample than the published fit's: shown, not judged."""


FORMATTER = string.Formatter()


def explain(template: str, quantities: dict, claim_id: str = "") -> tuple[str, dict]:
    """Fill `template`'s {name} / {name:format} placeholders from `quantities`; returns the text and the values it
    used. A name the computation does not provide is an error, never a blank."""
    names = [name for _, name, _, _ in FORMATTER.parse(template) if name]
    missing = sorted({n for n in names if n not in quantities})
    if missing:
        raise DataError(f"explanation of {claim_id or 'a claim'} quotes {', '.join(missing)}, which the run does not "
                        f"compute (template: {template!r})")
    used = {name: quantities[name] for name in names}
    return template.format_map(quantities), used


def _json_value(value):
    if isinstance(value, str):
        return value
    return float(value)


def judge(claim_id: str, claim: str, source: str, published, recomputed, unit: str, sig_figs,
          sided: str = TWO_SIDED, reason: str = "", quantities: dict | None = None, level: str = SOURCE,
          hedge: str = "", same_sample: bool = True) -> dict:
    """One ledger row of a number. `reason` is an explanation template (see `explain`), kept whatever the verdict
    (a caveat on a reproduced row stays); without one, a difference is put in words and a missing value said so.
    Placeholders may name `quantities` or the row's own published, published_low, published_high, recomputed,
    recomputed_low, recomputed_high and ratio. `hedge` and `same_sample` go to `verdict`."""
    published = float("nan") if _missing(published) else float(published)
    got = recomputed if isinstance(recomputed, Interval) or recomputed is None else Interval(
        float(recomputed), float(recomputed), float(recomputed))
    if got is not None and any(math.isinf(v) for v in (got.value, got.low, got.high)):
        raise ParameterError(f"claim {claim_id}: the recomputed value is infinite; check the parameters")
    if got is not None and math.isnan(got.value):
        got = None
    judged = verdict(published, got, sig_figs, sided, hedge, same_sample) if not math.isnan(published) \
        else NOT_CHECKABLE
    low, high = accepted(published, sig_figs, sided, hedge) if not math.isnan(published) else (math.nan, math.nan)
    ratio = got.value / published if judged != NOT_CHECKABLE else math.nan
    own = {"published": published, "published_low": low, "published_high": high, "ratio": ratio,
           "recomputed": got.value if got else math.nan, "recomputed_low": got.low if got else math.nan,
           "recomputed_high": got.high if got else math.nan}
    if not reason:
        reason = {DIFFERS: "the recomputed {recomputed:.4g} is {ratio:.4g} times the published value, outside the "
                           "values it stands for", NOT_CHECKABLE: "no value to compare"}.get(judged, "")
    text, used = explain(reason, {**(quantities or {}), **own}, claim_id) if reason else ("", {})
    return {
        "claim_id": claim_id, "level": level, "claim": claim, "source": source, **own, "unit": unit,
        "verdict": judged, "explanation": text, "article_says": "", "source_says": "", "hedge": hedge,
        "comparison": "", "explanation_values": json.dumps({k: _json_value(v) for k, v in used.items()}) if used else "",
    }


def judge_text(claim_id: str, claim: str, source: str, article_says: str, source_says: str, comparison: str,
               reason: str = "", quantities: dict | None = None, level: str = ARTICLE, hedge: str = "") -> dict:
    """One ledger row of a wording: its verdict follows from the recorded comparison of the article's wording with
    the source's (`wording_verdict`), and its explanation opens with what that comparison says
    (`COMPARISON_LEADS`), then the caveat template `reason`, if any."""
    judged = wording_verdict(comparison)
    lead = COMPARISON_LEADS.get(comparison, "no comparison recorded")
    template = lead.replace("{", "{{").replace("}", "}}") + (f"; {reason}" if reason else "")
    text, used = explain(template, {"article_says": article_says, "source_says": source_says, **(quantities or {})},
                         claim_id)
    nan = math.nan
    return {
        "claim_id": claim_id, "level": level, "claim": claim, "source": source, "published": nan,
        "published_low": nan, "published_high": nan, "recomputed": nan, "recomputed_low": nan,
        "recomputed_high": nan, "unit": "wording", "ratio": nan, "verdict": judged, "explanation": text,
        "article_says": article_says, "source_says": source_says, "hedge": hedge, "comparison": comparison,
        "explanation_values": json.dumps({k: _json_value(v) for k, v in used.items()}) if used else "",
    }


def ledger(notebook, recomputed, reasons: dict | None = None, table_rows=()) -> pd.DataFrame:
    """The ledger of `notebook` (a catalogue entry): every claim of the notebook in data/claims.csv judged, in the
    file's order, then `table_rows` (rows made by `judge`, e.g. one per cell of a published table).

    `recomputed` is a `Recomputed` (or a plain dict claim_id -> value, with `reasons` beside it). Every number
    claim of the notebook must be given a value (None when it cannot be recomputed); wording claims are judged
    from the data alone. An explanation is `reasons[claim_id]`, else the claim's `known_reason`, filled from the
    run's quantities.
    """
    if not isinstance(recomputed, Recomputed):
        recomputed = Recomputed(dict(recomputed), dict(reasons or {}))
    elif reasons:
        recomputed = Recomputed(recomputed.values, {**recomputed.reasons, **reasons}, recomputed.quantities,
                                recomputed.other_sample)
    claims, stem = load_claims(), notebook.stem
    own = claims[claims["notebook"] == stem]
    numbers = set(own.index[own["kind"] == NUMBER])
    missing, unknown = sorted(numbers - set(recomputed.values)), sorted(set(recomputed.values) - numbers)
    if missing or unknown:
        raise ParameterError(
            f"ledger of {stem}: claims not judged: {missing or 'none'}; "
            f"not number claims in data/claims.csv for this notebook: {unknown or 'none'}"
        )
    rows = []
    for claim_id, row in own.iterrows():
        reason = recomputed.reasons.get(claim_id) or row["known_reason"]
        if row["kind"] == TEXT:
            rows.append(judge_text(claim_id, row["claim"], row["source"], row["article_says"], row["source_says"],
                                   row["comparison"], reason, recomputed.quantities, row["level"], row["hedge"]))
        else:
            rows.append(judge(claim_id, row["claim"], row["source"], row["published_value"],
                              recomputed.values[claim_id], row["unit"], row["sig_figs"], row["sided"], reason,
                              recomputed.quantities, row["level"], row["hedge"],
                              claim_id not in recomputed.other_sample))
    return pd.DataFrame(rows + list(table_rows), columns=LEDGER_COLUMNS)


def _number(value: float) -> str:
    return "" if value != value else f"{value:.6g}"


def stands_for(row) -> str:
    """The values a published number stands for, in words ("3.35 to 3.45", "at least 250000")."""
    low, high = row["published_low"], row["published_high"]
    if low != low:
        return ""
    if math.isinf(high):
        return f"at least {_number(low)}"
    if math.isinf(low):
        return f"at most {_number(high)}"
    return f"{_number(low)} to {_number(high)}"


def _recomputed_text(row) -> str:
    if row["recomputed"] != row["recomputed"]:
        return ""
    if _number(row["recomputed_low"]) == _number(row["recomputed_high"]):
        return _number(row["recomputed"])
    return f"{_number(row['recomputed'])} ({_number(row['recomputed_low'])} to {_number(row['recomputed_high'])})"


def display_table(ledger_table: pd.DataFrame) -> pd.DataFrame:
    """The ledger for reading: the claim's id (its row in data/claims.csv), published value and the values it
    stands for, recomputed value (with the interval carried from printed inputs), six significant figures, ratio to
    five; a wording claim shows the article's term as published and the source's as recomputed."""
    table = ledger_table.copy()
    for column in ("article_says", "source_says", "explanation"):
        table[column] = table[column].astype(object).where(table[column].notna(), "")
    shown = pd.DataFrame({
        "id": table["claim_id"],
        "level": table["level"],
        "published": [row["article_says"] or _number(row["published"]) for _, row in table.iterrows()],
        "stands for": [stands_for(row) for _, row in table.iterrows()],
        "recomputed": [row["source_says"] or _recomputed_text(row) for _, row in table.iterrows()],
        "unit": table["unit"],
        "ratio": rounded(table[["ratio"]], 5)["ratio"],
        "verdict": table["verdict"],
        "explanation": table["explanation"],
    })
    shown.index = pd.Index(table["claim"], name="claim")
    return shown


def summary(ledger_table: pd.DataFrame) -> pd.DataFrame:
    """How many claims got each verdict, about the article and about its sources (zeros included)."""
    counts = pd.crosstab(ledger_table["verdict"], ledger_table["level"]).reindex(
        index=list(VERDICTS), columns=list(LEVELS), fill_value=0)
    counts["all"] = counts.sum(axis=1)
    counts.columns.name = None
    return counts.rename_axis("verdict")


def printed_claim(claim_id: str) -> Interval:
    """A published number of data/claims.csv standing for its printed interval (its digits', whatever its hedge):
    the input of a claim that its author derived from it (e.g. 11.5x a year from the printed 3.4 months)."""
    claims = load_claims()
    if claim_id not in claims.index or claims.at[claim_id, "kind"] != NUMBER:
        raise ParameterError(f"{claim_id!r} is not a number claim of data/claims.csv")
    return printed(claims.at[claim_id, "published_value"], claims.at[claim_id, "sig_figs"])
