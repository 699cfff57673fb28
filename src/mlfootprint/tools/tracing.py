"""Where each claim on the site's scorecard comes from, so that a reader goes from a number to its data and code
without a checkout (issue #23 item 4):

- the data rows it used, each with its file and line: its row of data/claims.csv and the statements of the article
  it judges (data/article_statements.csv) or, for a cell of a published table judged cell by cell, that table's row;
- the function that recomputes it: the function of the notebook's analysis that makes its ledger row (a call of
  `judge` that names its id), else the analysis's `recomputed` (which computes every number claim of
  data/claims.csv); a wording is judged from the data alone, by `claims.judge_text`;
- its sources, each with its URL or DOI (data/references.csv, the article included);
- the other rows whose published number (and unit) is the same, which judge other claims: found in the ledgers,
  never typed.
"""

import ast
import math
import re
from dataclasses import dataclass
from pathlib import Path

from ..claim_rules import TEXT
from ..loaders import ARTICLE_STATEMENTS_FILE, CLAIMS_FILE, load_claims
from ..paths import DATA_DIR, PACKAGE_DIR
from ..references import references_of
from ..schema import rows_with_lines

TABLE_CELLS = (
    (re.compile(r"^strubell-t1-(?P<key>.+)$"), "strubell2019_table1.csv", "label"),
    (re.compile(r"^strubell-t3-(?P<row>\d+)-"), "strubell2019_table3.csv", None),
    (re.compile(r"^strubell-t4-(?P<key>.+)-(cost-low|cost-high|electricity)$"), "strubell2019_table4.csv", "label"),
)
"""The claims that judge one cell of a published table (made by an analysis's `*_rows` function, not listed in
data/claims.csv): the pattern of their ids, the table's file in data/, and the column whose value the id names
(None: the id names the row's position). A test holds every ledger row of every notebook to a data row."""
SOURCE_ROOT = PACKAGE_DIR.parent
"""Code is named by its path from here: mlfootprint/analyses/co2e_comparisons.py."""


@dataclass(frozen=True)
class DataRow:
    """A row of a data file that a claim used: the file (in data/), its line (header = 1) and what the row is."""

    file: str
    line: int
    what: str


@dataclass(frozen=True)
class Code:
    """A function of the package: its file (from the package's parent folder), name and first line."""

    path: str
    function: str
    line: int

    @property
    def qualified(self) -> str:
        """The function's full name: mlfootprint.analyses.co2e_comparisons.recomputed."""
        module = self.path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        return f"{module}.{self.function}"


@dataclass(frozen=True)
class Function:
    """A top-level function of a source file, as the tracer reads it: whether it makes ledger rows (calls
    `judge`), the strings it holds and the fixed starts of its f-strings."""

    code: Code
    judges: bool
    strings: frozenset
    prefixes: tuple


def functions_of(path: Path) -> list[Function]:
    """The top-level functions of a source file of the package, in file order."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        inner = list(ast.walk(node))
        judges = any(isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", None)) == "judge"
                     for n in inner)
        strings = frozenset(n.value for n in inner if isinstance(n, ast.Constant) and isinstance(n.value, str))
        prefixes = tuple(n.values[0].value for n in inner if isinstance(n, ast.JoinedStr) and n.values
                         and isinstance(n.values[0], ast.Constant) and n.values[0].value)
        found.append(Function(Code(path.relative_to(SOURCE_ROOT).as_posix(), node.name, node.lineno), judges,
                              strings, prefixes))
    return found


def analysis_files(analysis: str) -> list[Path]:
    """The source files of an analysis: analyses/<name>.py, or the package analyses/<name>/ (its __init__ first)."""
    module = PACKAGE_DIR / "analyses" / f"{analysis}.py"
    if module.is_file():
        return [module]
    return sorted((PACKAGE_DIR / "analyses" / analysis).glob("*.py"), key=lambda p: (p.name != "__init__.py", p.name))


class Tracer:
    """The trace of every claim (read once per site): data rows, code and sources."""

    def __init__(self):
        self.claims = load_claims()
        self.claim_lines = {cells.get("claim_id"): line for line, cells in rows_with_lines(CLAIMS_FILE)}
        self.statements: dict[str, list[DataRow]] = {}
        for line, cells in rows_with_lines(ARTICLE_STATEMENTS_FILE):
            if cells.get("claim_id"):
                self.statements.setdefault(cells["claim_id"], []).append(
                    DataRow(ARTICLE_STATEMENTS_FILE.name, line, f"statement {cells.get('statement')}"))
        self.tables: dict[str, list] = {}
        self.functions: dict[str, list[Function]] = {}
        self.judge_text = next(f.code for f in functions_of(PACKAGE_DIR / "claims.py")
                               if f.code.function == "judge_text")

    def data_rows(self, claim_id: str) -> list[DataRow]:
        """The data rows a claim used (see the module's docstring); [] when none is known."""
        if claim_id in self.claim_lines:
            return [DataRow(CLAIMS_FILE.name, self.claim_lines[claim_id], "the claim"),
                    *self.statements.get(claim_id, [])]
        for pattern, name, column in TABLE_CELLS:
            match = pattern.match(claim_id)
            if match:
                rows = self.tables.setdefault(name, rows_with_lines(DATA_DIR / name))
                if column is None:
                    position = int(match["row"])
                    lines = [rows[position][0]] if position < len(rows) else []
                else:
                    lines = [line for line, cells in rows if cells.get(column) == match["key"]]
                return [DataRow(name, line, "the published cell's row") for line in lines]
        return []

    def code(self, analysis: str, claim_id: str) -> Code | None:
        """The function that recomputes a claim (see the module's docstring); None when the analysis has none."""
        if claim_id in self.claims.index and self.claims.at[claim_id, "kind"] == TEXT:
            return self.judge_text
        if analysis not in self.functions:
            self.functions[analysis] = [f for path in analysis_files(analysis) for f in functions_of(path)]
        functions = self.functions[analysis]
        exact = [f for f in functions if f.judges and claim_id in f.strings]
        started = sorted((f for f in functions if f.judges for p in f.prefixes if claim_id.startswith(p)),
                         key=lambda f: -max(len(p) for p in f.prefixes if claim_id.startswith(p)))
        named = [f for f in functions if f.code.function == "recomputed"]
        chosen = (exact or started or named or [None])[0]
        return chosen.code if chosen else None

    def references(self, source: str) -> list[dict]:
        """The works a ledger row's source names, each with citation and URL (data/references.csv)."""
        return references_of(str(source or ""))


def anchor(claim_id: str) -> str:
    """The HTML id of a claim's row on the scorecard (letters, digits, - and _ only)."""
    return "claim-" + re.sub(r"[^A-Za-z0-9_-]+", "-", str(claim_id)).strip("-")


def _number_key(published, unit):
    if unit == "wording" or published is None or (isinstance(published, float) and math.isnan(published)):
        return None
    return f"{float(published):.12g}", re.sub(r"\s+", "", str(unit)).casefold()


def same_numbers(rows: list[dict]) -> list[list[dict]]:
    """For each row (a ledger row with its notebook: claim_id, claim, published, unit, verdict, notebook), the other
    rows with the same published number in the same unit: their id, anchor, notebook, verdict and claim."""
    groups: dict = {}
    for i, row in enumerate(rows):
        key = _number_key(row["published"], row["unit"])
        if key is not None:
            groups.setdefault(key, []).append(i)
    found = []
    for row in rows:
        mine = groups.get(_number_key(row["published"], row["unit"]), [])
        found.append([{"id": rows[j]["claim_id"], "anchor": anchor(rows[j]["claim_id"]),
                       "notebook": str(rows[j]["notebook"])[:2], "verdict": rows[j]["verdict"],
                       "claim": rows[j]["claim"]} for j in mine if rows[j]["claim_id"] != row["claim_id"]])
    return found
