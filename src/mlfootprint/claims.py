"""The claims ledger: published value against recomputed value, with a verdict and, unless reproduced, a reason.

Verdicts:
- ``reproduced``: |recomputed / published - 1| <= the claim's relative tolerance (data/claims.csv);
- ``differs``: outside that tolerance;
- ``not checkable``: no recomputed value can be derived from the data (recomputed is None).
"""

import math

import pandas as pd

from .checks import ParameterError
from .data import load_claims
from .results import rounded

REPRODUCED, DIFFERS, NOT_CHECKABLE = "reproduced", "differs", "not checkable"
LEDGER_COLUMNS = [
    "claim_id", "claim", "source", "published", "recomputed", "unit", "ratio", "verdict", "explanation",
]


def verdict(published: float, recomputed: float | None, tolerance: float) -> str:
    """Judge one value: reproduced within the relative tolerance, differs, or not checkable."""
    if recomputed is None or (isinstance(recomputed, float) and math.isnan(recomputed)):
        return NOT_CHECKABLE
    return REPRODUCED if abs(recomputed / published - 1) <= tolerance + 1e-12 else DIFFERS  # 1e-12: float noise


def ledger(notebook: str, recomputed: dict, reasons: dict | None = None) -> pd.DataFrame:
    """One row per claim of `notebook` in data/claims.csv, judged against `recomputed` (claim_id -> value).

    Every claim of the notebook must be given (None when it cannot be recomputed). The explanation of a
    verdict other than "reproduced" is, in order: `reasons[claim_id]`, the claim's `known_reason` from the
    data file, or the ratio stated in words.
    """
    claims = load_claims()
    own = claims.index[claims["notebook"] == notebook]
    missing, unknown = sorted(set(own) - set(recomputed)), sorted(set(recomputed) - set(own))
    if missing or unknown:
        raise ParameterError(
            f"ledger of {notebook}: claims not judged: {missing or 'none'}; "
            f"not in data/claims.csv for this notebook: {unknown or 'none'}"
        )
    reasons = reasons or {}
    rows = []
    for claim_id in own:
        claim = claims.loc[claim_id]
        value = recomputed[claim_id]
        value = None if value is None else float(value)
        judged = verdict(claim["published_value"], value, claim["tolerance"])
        ratio = float("nan") if value is None else value / claim["published_value"]
        explanation = ""
        if judged != REPRODUCED:
            explanation = reasons.get(claim_id) or claim["known_reason"] or (
                f"recomputed value is {ratio:.3g}x the published one, outside the "
                f"{claim['tolerance']:.2g} relative tolerance"
            )
        rows.append({
            "claim_id": claim_id, "claim": claim["claim"], "source": claim["source"],
            "published": claim["published_value"], "recomputed": value, "unit": claim["unit"],
            "ratio": ratio, "verdict": judged, "explanation": explanation,
        })
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def display_table(ledger_table: pd.DataFrame, digits: int = 4) -> pd.DataFrame:
    """The ledger for reading: numbers rounded to `digits` significant figures, indexed by claim."""
    return rounded(ledger_table.drop(columns=["claim_id"]), digits).set_index("claim")
