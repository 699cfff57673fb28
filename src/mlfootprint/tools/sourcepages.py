"""The package's source files and the data files as pages of the site, one line per row with an anchor (#L12), so
that a scorecard row's links to a claim's data row and to the function that recomputes it work offline and without
a checkout: code/mlfootprint/analyses/co2e_comparisons.py.html#L73, data/claims.csv.html#L57 (the raw file beside
it). Both are the project's own files, shown as text (the page template escapes every character)."""

import os
from pathlib import Path

from ..paths import DATA_DIR, PACKAGE_DIR
from .tracing import SOURCE_ROOT

DATA_SUFFIXES = (".csv", ".md")
"""The data files the site copies and shows line by line."""


def source_files() -> list[Path]:
    """Every Python file of the package, in path order."""
    return sorted(p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def data_files() -> list[Path]:
    """Every data file the site carries (CSV tables and their README)."""
    return sorted(p for p in DATA_DIR.glob("*") if p.suffix in DATA_SUFFIXES and p.is_file())


def code_page(path: Path) -> str:
    """Where a source file's page is in the site: code/mlfootprint/analyses/x.py.html."""
    return f"code/{path.relative_to(SOURCE_ROOT).as_posix()}.html"


def _root(page: str) -> str:
    """The relative path from a page of the site back to its root ("" at the root, "../../" two folders down)."""
    return "../" * page.count("/")


def write_pages(staging: Path, render) -> dict:
    """Write a page for every source file and data file, and code/index.html listing the source files; `render(
    template, **values)` renders a template of the site. Returns {"code": [(name, page)], "data": [(name, page,
    raw)]} for the index."""
    written = {"code": [], "data": []}
    for path in source_files():
        page = code_page(path)
        name = path.relative_to(SOURCE_ROOT).as_posix()
        _write(staging / page, render("source-page.html.j2", title=name, root=_root(page), raw=None,
                                      lines=path.read_text(encoding="utf-8").splitlines(), kind="code"))
        written["code"].append((name, page))
    for path in data_files():
        page = f"data/{path.name}.html"
        _write(staging / page, render("source-page.html.j2", title=f"data/{path.name}", root=_root(page),
                                      raw=path.name, lines=path.read_text(encoding="utf-8-sig").splitlines(),
                                      kind="data"))
        (staging / "data" / path.name).write_bytes(path.read_bytes())
        written["data"].append((path.name, page, f"data/{path.name}"))
    listing = [(name, os.path.relpath(page, "code")) for name, page in written["code"]]
    _write(staging / "code" / "index.html", render("code-index.html.j2", files=listing, root="../"))
    return written


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
