"""The site's scorecard (scorecard.html): every claim of every built notebook, what the article says, what its
sources say and the extension apart, each grouped by verdict; every row with its claim id and its trace (the data
rows it used, the function that recomputes it, its sources, the rows that share its published number: tracing.py)."""

import pandas as pd

from ..catalogue import NOTEBOOKS
from ..claims import LEDGER_COLUMNS, LEVELS, VERDICTS, display_table
from ..references import load_references
from .sourcepages import code_page
from .tracing import SOURCE_ROOT, Tracer, anchor, same_numbers

SHOWN = ["claim", "published", "stands for", "recomputed", "unit", "ratio", "verdict", "explanation"]
"""The columns of `claims.display_table` a row shows, between its id and notebook and its trace."""
SCORECARD_COLUMNS = ["id", "notebook", *SHOWN, "trace"]
LEVEL_TITLES = {
    "article": ("What the article says", "each statement of the article that a number, date, label or attribution "
                "can check, against what its sources and data give (data/article_statements.csv lists every "
                "statement, checkable or not)"),
    "source": ("What the sources say", "the numbers of the article's sources (OpenAI, Strubell et al., Patterson et "
               "al., ...) recomputed from their own stated inputs"),
    "extension": ("Beyond the article: its numbers on today's data", "the article's numbers held against data "
                  "published after it (Epoch AI's snapshot): an extension shown beside the audit, never a verdict on "
                  "the article"),
}


def scorecard_rows(table: pd.DataFrame) -> list[dict]:
    """Every ledger row of `table` (ledgers with their notebook) as the scorecard shows it: id, anchor, notebook,
    the shown cells (SHOWN) and the trace."""
    shown = display_table(table.drop(columns=["source"])).reset_index()
    records = table.to_dict("records")
    same = same_numbers(records)
    tracer, analyses = Tracer(), {n.stem: n.analysis for n in NOTEBOOKS}
    rows = []
    for i, (record, cells) in enumerate(zip(records, shown.to_dict("records"))):
        code = tracer.code(analyses[record["notebook"]], record["claim_id"])
        rows.append({
            "id": record["claim_id"], "anchor": anchor(record["claim_id"]), "notebook": record["notebook"],
            "level": record["level"], "verdict": record["verdict"], "cells": [cells[c] for c in SHOWN],
            "data": tracer.data_rows(record["claim_id"]), "code": code,
            "code_page": code_page(SOURCE_ROOT / code.path) if code else None,
            "references": tracer.references(record["source"]), "same": same[i],
        })
    return rows


def scorecard(ledgers: list) -> tuple[list, int]:
    """Every claim of every built notebook, grouped by level and verdict: the scorecard's levels, and how many
    claims there are."""
    table = pd.concat(ledgers, ignore_index=True) if ledgers else pd.DataFrame(columns=[*LEDGER_COLUMNS, "notebook"])
    rows = scorecard_rows(table)
    levels = []
    for level in LEVELS:
        mine = [row for row in rows if row["level"] == level]
        title, description = LEVEL_TITLES[level]
        levels.append({
            "name": level, "title": title, "description": description, "total": len(mine),
            "counts": [(v, sum(row["verdict"] == v for row in mine)) for v in VERDICTS],
            "groups": [{"verdict": v, "rows": [row for row in mine if row["verdict"] == v]}
                       for v in VERDICTS if any(row["verdict"] == v for row in mine)],
        })
    return levels, len(table)


def cited(levels: list) -> list[dict]:
    """The works the scorecard's rows cite, in the order of data/references.csv: key, citation and URL."""
    keys = {work["key"] for level in levels for group in level["groups"] for row in group["rows"]
            for work in row["references"]}
    return [{"key": key, "citation": row["citation"], "url": row["url"]}
            for key, row in load_references().iterrows() if key in keys]
