"""What a valid row of data/claims.csv is (data/README.md, "claims.csv"): the one place these rules are written.

A claim is about what the article says (`level` "article"), what a primary source says ("source"), or holds the
article's numbers against data published after it ("extension"). It is a number (`kind` "number": a published
value > 0, printed at its stated significant figures, a whole number or "magnitude", and a side) or a wording
(`kind` "text": the article's wording and the source's, how they compare, and no number). Either may record the
hedge word that qualifies it (`hedge`, one of intervals.HEDGES). The closed sets are checked by the file's
schema (`SCHEMA`), the rules between columns by `broken_rule`; the loader (mlfootprint.loaders.load_claims) applies
both and names the file's line. How a claim is judged is mlfootprint.claims.
"""

import math

from .intervals import HEDGES, MAGNITUDE
from .schema import Column, Schema

LEVELS = ARTICLE, SOURCE, EXTENSION = ("article", "source", "extension")
"""What a claim is about: what the article says; what a primary source says; or, as an extension, the article's
numbers held against data published after it (shown beside the audit, never a verdict on the article)."""
KINDS = NUMBER, TEXT = ("number", "text")
SIDES = TWO_SIDED, AT_LEAST, AT_MOST = ("two-sided", "at-least", "at-most")
COMPARISONS = SAME, NARROWER, BROADER, DIFFERENT = ("same", "narrower", "broader", "different")
"""How the article's wording compares with the source's (a text claim's `comparison`): the same; narrower (it leaves
part of what the source says out); broader (it says more than the source does); different (another thing)."""

SCHEMA = Schema((
    Column("claim_id"),
    Column("notebook"),
    Column("level", allowed=LEVELS),
    Column("kind", allowed=KINDS),
    Column("claim"),
    Column("published_value", "float", required=False, positive=True),
    Column("unit", required=False),
    Column("sig_figs", required=False),
    Column("sided", required=False, allowed=SIDES),
    Column("hedge", required=False, allowed=tuple(HEDGES)),
    Column("article_says", required=False),
    Column("source_says", required=False),
    Column("comparison", required=False, allowed=COMPARISONS),
    Column("source"),
    Column("known_reason", required=False),
), key="claim_id")
"""The columns of data/claims.csv and their closed sets."""


def sig_figs(text: str) -> int | str | None:
    """A `sig_figs` cell as the ledger uses it: a whole number > 0, `MAGNITUDE`, or None when it is neither."""
    if text == MAGNITUDE:
        return MAGNITUDE
    return int(text) if text.isdigit() and int(text) > 0 else None


def is_printed_at(value: float, figures) -> bool:
    """Whether `value` (> 0) has no more digits than `figures` significant figures (a published value must round
    to itself); at `MAGNITUDE`, whether it is a power of ten."""
    if figures == MAGNITUDE:
        return abs(math.log10(value) - round(math.log10(value))) < 1e-12
    return math.isclose(float(f"{value:.{figures - 1}e}"), value, rel_tol=1e-12)


def _missing(value) -> bool:
    return value is None or value != value


def broken_rule(claim: dict) -> tuple[str, str] | None:
    """The first rule a claim (a row of the file, as read against `SCHEMA`) breaks, as (column, what was expected);
    None when it keeps them all."""
    if claim["kind"] == NUMBER:
        figures = sig_figs(claim["sig_figs"])
        if _missing(claim["published_value"]):
            return "published_value", "a number for a number claim"
        if figures is None:
            return "sig_figs", f"a whole number > 0 or {MAGNITUDE!r}"
        if not is_printed_at(claim["published_value"], figures):
            return "published_value", f"a value with no more digits than its sig_figs ({figures})"
        if not claim["sided"]:
            return "sided", " or ".join(SIDES)
        if claim["article_says"] or claim["source_says"]:
            return "article_says", "no wording for a number claim"
        if claim["comparison"]:
            return "comparison", "no comparison for a number claim"
        return None
    return _broken_wording(claim)


def _broken_wording(claim: dict) -> tuple[str, str] | None:
    """A text claim records both wordings and how they compare; the same words must be recorded as "same"."""
    for column in ("article_says", "source_says"):
        if not claim[column]:
            return column, "the wording of a text claim"
    if not _missing(claim["published_value"]) or claim["sig_figs"] or claim["sided"]:
        return "published_value", "no published_value, sig_figs or sided for a text claim"
    if not claim["comparison"]:
        return "comparison", " or ".join(COMPARISONS)
    same_words = " ".join(claim["article_says"].lower().split()) == " ".join(claim["source_says"].lower().split())
    if same_words and claim["comparison"] != SAME:
        return "comparison", "same (the two wordings are identical)"
    return None
