"""The works the claims cite, each with a link a reader can follow without a checkout (data/references.csv): a
claim's `source` names one or more of them, found by the text each is `match`ed on ("Strubell" in "Strubell,
Ganesh & McCallum 2019, Table 3")."""

import pandas as pd

from .paths import data_file
from .schema import Column, FileTable, Schema, loader

REFERENCES_FILE = data_file("references.csv")


@loader(REFERENCES_FILE, Schema((
    Column("key"), Column("match"), Column("citation"), Column("url"),
), key="key"), index="key")
def load_references(table: FileTable) -> pd.DataFrame:
    """Every work the claims cite: the text that finds it in a claim's source, its citation and its URL (a DOI
    where the work has one), indexed by key."""
    works = table.frame
    row = table.first(~works["url"].str.match(r"https://[^\s]+$"))
    if row is not None:
        raise table.error(row, f"expected a link that starts with https://, got {works['url'].iloc[row]!r}", "url")
    return works


def references_of(source: str) -> list[dict]:
    """The works a source text names, in the order of data/references.csv: key, citation and url of each."""
    works = load_references()
    return [{"key": key, "citation": row["citation"], "url": row["url"]}
            for key, row in works.iterrows() if row["match"] in source]
