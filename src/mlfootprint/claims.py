"""The claims ledger: published value against recomputed value, with a verdict and, unless reproduced, a reason.

Verdicts:
- ``reproduced``: |recomputed / published - 1| <= the claim's relative tolerance (data/claims.csv);
- ``differs``: outside that tolerance;
- ``not checkable``: no recomputed value can be derived from the data, or nothing was published (None or NaN).
"""

import math

import pandas as pd

from .checks import ParameterError
from .loaders import load_claims
from .outputs import rounded
from .schema import parse_printed, printed_half_unit

REPRODUCED, DIFFERS, NOT_CHECKABLE = "reproduced", "differs", "not checkable"
LEDGER_COLUMNS = [
    "claim_id", "claim", "source", "published", "recomputed", "unit", "ratio", "tolerance", "verdict", "explanation",
]


def verdict(published: float, recomputed: float | None, tolerance: float) -> str:
    """Judge one value: reproduced within the relative tolerance, differs, or not checkable."""
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (published, recomputed)):
        return NOT_CHECKABLE
    return REPRODUCED if abs(recomputed / published - 1) <= tolerance + 1e-12 else DIFFERS  # 1e-12: float noise


def judge(claim_id: str, claim: str, source: str, published, recomputed, unit: str, tolerance: float,
          reason: str = "") -> dict:
    """One ledger row. `reason` explains a verdict other than "reproduced"; without one, the ratio is put in words."""
    published = float("nan") if published is None else float(published)
    value = None if recomputed is None else float(recomputed)
    if value is not None and math.isinf(value):
        raise ParameterError(f"claim {claim_id}: the recomputed value is infinite; check the parameters")
    judged = verdict(published, value, tolerance)
    ratio = float("nan") if judged == NOT_CHECKABLE else value / published
    explanation = ""
    if judged != REPRODUCED:
        explanation = reason or (
            f"recomputed value is {ratio:.4g}x the published one, outside the {tolerance:.2g} relative tolerance"
            if judged == DIFFERS else "no value to compare"
        )
    return {
        "claim_id": claim_id, "claim": claim, "source": source, "published": published, "recomputed": value,
        "unit": unit, "ratio": ratio, "tolerance": tolerance, "verdict": judged, "explanation": explanation,
    }


def ledger(notebook, recomputed: dict, reasons: dict | None = None, table_rows=()) -> pd.DataFrame:
    """The ledger of `notebook` (a catalogue entry): every claim of the notebook in data/claims.csv judged against
    `recomputed` (claim_id -> value, None when it cannot be recomputed), then `table_rows` (rows made by `judge`,
    e.g. one per cell of a published table whose values live in their own data file).

    Every claim of the notebook must be given. The explanation of a verdict other than "reproduced" is, in
    order: `reasons[claim_id]`, the claim's `known_reason` from the data file, or the ratio put in words.
    """
    claims, notebook = load_claims(), notebook.stem
    own = claims.index[claims["notebook"] == notebook]
    missing, unknown = sorted(set(own) - set(recomputed)), sorted(set(recomputed) - set(own))
    if missing or unknown:
        raise ParameterError(
            f"ledger of {notebook}: claims not judged: {missing or 'none'}; "
            f"not in data/claims.csv for this notebook: {unknown or 'none'}"
        )
    reasons = reasons or {}
    rows = [
        judge(claim_id, claims.at[claim_id, "claim"], claims.at[claim_id, "source"],
              claims.at[claim_id, "published_value"], recomputed[claim_id], claims.at[claim_id, "unit"],
              claims.at[claim_id, "tolerance"], reasons.get(claim_id) or claims.at[claim_id, "known_reason"])
        for claim_id in own
    ]
    return pd.DataFrame(rows + list(table_rows), columns=LEDGER_COLUMNS)


def relative_half_unit(printed: str) -> float:
    """Tolerance of a value as printed: half a unit in its last digit, relative ("1507" -> 0.5 / 1507)."""
    return printed_half_unit(printed) / parse_printed(printed)


def display_table(ledger_table: pd.DataFrame) -> pd.DataFrame:
    """The ledger for reading: values to six significant figures, ratio to five, tolerance to two."""
    shown = rounded(ledger_table.drop(columns=["claim_id", "ratio", "tolerance"]))
    shown.insert(shown.columns.get_loc("unit") + 1, "ratio", rounded(ledger_table[["ratio"]], 5)["ratio"])
    shown.insert(shown.columns.get_loc("ratio") + 1, "tolerance", rounded(ledger_table[["tolerance"]], 2)["tolerance"])
    return shown.set_index("claim")


def summary(ledger_table: pd.DataFrame) -> pd.DataFrame:
    """How many claims got each verdict (all three verdicts listed, zeros included)."""
    counts = ledger_table["verdict"].value_counts().reindex([REPRODUCED, DIFFERS, NOT_CHECKABLE], fill_value=0)
    return counts.rename("claims").rename_axis("verdict").to_frame()
