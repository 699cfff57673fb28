"""A static site of the executed notebooks: an index of the article's figures in catalogue order (each with its
notebook, output files and data) under a table of contents; the scorecard of every claim on its own page
(scorecard.py), each row with its claim id and links to the data rows it used, the function that recomputes it and
its sources (tracing.py); the data files and the package's source, line by line (sourcepages.py), so that every link
works offline; and links back to the index on every page.

Works offline: notebook pages are rendered by nbconvert with a child of its JupyterLab template that loads nothing
from the network (templates/offline); the site's own pages are Jinja2 templates with autoescape, styled by its own
site.css (which also shows the notebooks' tables whole: every row, long text wrapped). The figures of each notebook
are the ones its run recorded as it saved them (figures.json, written by `plotting.savefig`), in that order.

Safe to build from any results folder, including one that someone else made:
- it never follows a symbolic link and reads only regular files, each of at most MAX_FILE_BYTES, at most MAX_FILES
  of them and MAX_FOLDER_BYTES in all per notebook (a link, a device or too much is refused in one line);
- no script from the results runs in the site: a notebook's markdown and HTML outputs pass an allow-list of tags,
  attributes and URL schemes (`sanitized`; no <style> either), outputs of other types (JavaScript, SVG, widgets, ...)
  are dropped, an SVG file with active content is refused, and every page forbids scripts
  (Content-Security-Policy) but the scorecard's own sorting script (by its hash);
- it builds in a temporary folder that is put in place only when complete, and removed on any error or signal.
"""

import base64
import hashlib
import io
import json
import os
from pathlib import Path

import pandas as pd

from ..catalogue import NOTEBOOKS
from ..checks import DataError, ParameterError
from ..claims import LEDGER_COLUMNS, LEVELS, VERDICTS
from ..paths import LEDGER_FILE, OLD_LEDGER_FILE, shown
from ..plotting import FIGURE_RECORD
from . import folders, processes
from .sanitizing import MAX_FILE_BYTES, run_files, sanitized  # noqa: F401 (MAX_FILE_BYTES: read by the tests)
from .scorecard import SCORECARD_COLUMNS, cited, scorecard
from .sourcepages import write_pages

TEMPLATES = Path(__file__).with_name("templates")
MAX_CELLS = 1000
"""Most cells of a notebook page (the notebooks have fewer than 100)."""
OUTPUT_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex", "image/png", "image/jpeg")
"""The output types a notebook page shows; HTML and Markdown after `sanitized`."""
CSP = "script-src {scripts}; object-src 'none'; base-uri 'none'; form-action 'none'"
"""The Content-Security-Policy of every page: no script but the scorecard's own (by its hash)."""


def notebook_page(notebook: bytes, source: Path, target: Path) -> None:
    """An executed notebook (the bytes of `source`) as an HTML page that needs no network and runs no script."""
    import nbformat
    from nbconvert import HTMLExporter

    try:
        nb = nbformat.reads(notebook.decode("utf-8-sig"), as_version=4)
    except Exception as error:  # not UTF-8, not JSON, or not a notebook: nbformat's errors have no common base
        first = str(error).strip().splitlines()[0][:80] if str(error).strip() else ""
        raise ParameterError(f"{shown(source)}: not a valid notebook ({type(error).__name__}: {first})") from None
    if len(nb.cells) > MAX_CELLS:
        raise ParameterError(f"{shown(source)}: {len(nb.cells):,} cells; a page shows at most {MAX_CELLS:,}")
    nb.metadata = {"kernelspec": nb.metadata.get("kernelspec", {}), "language_info": {"name": "python"}}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "data" in output:
                output["data"] = {key: value for key, value in output["data"].items() if key in OUTPUT_TYPES}
        cell.pop("attachments", None)
    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)], sanitize_html=True,
                            filters={"clean_html": sanitized})
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": target.stem},
                                                         "csp": CSP.format(scripts="'none'")})
    target.write_text(body, encoding="utf-8")


def figures_of(files: dict[str, bytes]) -> list[str]:
    """The PNG figures a run saved, in the order it saved them."""
    try:
        stems = json.loads(files.get(FIGURE_RECORD, b"[]"))
    except ValueError:
        stems = []
    return [f"{stem}.png" for stem in (stems if isinstance(stems, list) else [])
            if isinstance(stem, str) and f"{stem}.png" in files]


def ledger(files: dict[str, bytes], where: Path) -> pd.DataFrame:
    """A run's ledger (`where`: ledger.csv, or claims.csv in a run made before version 0.2), checked: every ledger
    column, and a level and verdict the scorecard shows."""
    try:
        table = pd.read_csv(io.BytesIO(files[where.name]), keep_default_na=False, na_values=[""],
                            dtype={"level": str, "verdict": str})
    except ValueError as error:  # empty, not UTF-8, or not CSV
        raise DataError(f"{shown(where)}: not a readable ledger ({str(error).strip().splitlines()[0][:80]})") from None
    missing = [c for c in LEDGER_COLUMNS if c not in table.columns]
    if missing:
        raise DataError(f"{shown(where)}: missing column(s) {', '.join(map(repr, missing))}")
    for column, allowed in (("level", LEVELS), ("verdict", VERDICTS)):
        bad = ~table[column].isin(allowed)
        if bad.any():
            line = int(table.index[bad][0]) + 2
            raise DataError(f"{shown(where)}, line {line}, column '{column}': expected one of {', '.join(allowed)}, "
                            f"got {table[column][bad].iloc[0]!r}")
    return table


def _sections(results_dir: Path, staging: Path) -> tuple[list, list]:
    """Copy each built notebook's outputs and render its page into `staging`: the index's sections, and each
    notebook's ledger (with its notebook)."""
    sections, ledgers = [], []
    for notebook in NOTEBOOKS:
        processes.check()
        run = results_dir / notebook.stem
        section = {"figure": notebook.figure, "title": notebook.title, "stem": notebook.stem, "built": False,
                   "data": list(notebook.data)}
        if os.path.lexists(run):
            files = run_files(run)
            section["built"] = f"{notebook.stem}.ipynb" in files
        if section["built"]:
            (staging / "outputs" / notebook.stem).mkdir(parents=True)
            for name, data in files.items():
                (staging / "outputs" / notebook.stem / name).write_bytes(data)
            notebook_page(files[f"{notebook.stem}.ipynb"], run / f"{notebook.stem}.ipynb",
                          staging / f"{notebook.stem}.html")
            section["images"] = figures_of(files)
            section["files"] = sorted(name for name in files if Path(name).suffix in (".png", ".svg", ".csv"))
            name = next((n for n in (LEDGER_FILE, OLD_LEDGER_FILE) if n in files), None)
            if name is not None:
                ledgers.append(ledger(files, run / name).assign(notebook=notebook.stem))
        sections.append(section)
    return sections, ledgers


def _renderer():
    """render(template, **values): a page of the site from templates/ (autoescaped), with a CSP that runs no script
    unless `csp` is given."""
    import jinja2

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)

    def render(template: str, **values) -> str:
        return environment.get_template(template).render(**{"csp": CSP.format(scripts="'none'"), "root": "",
                                                             **values})

    return render


def _scorecard_page(render, levels: list, total: int) -> str:
    """scorecard.html, the only page with a script (its sorting script, allowed by its hash)."""
    from markupsafe import Markup

    script = (TEMPLATES / "sort-tables.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return render("site-scorecard.html.j2", levels=levels, total=total, columns=SCORECARD_COLUMNS,
                  references=cited(levels), script=Markup(script),  # noqa: S704 (the package's own file)
                  csp=CSP.format(scripts=f"'sha256-{digest}'"))


def build_site(results_dir: Path, out_dir: Path) -> Path:
    """Render every executed notebook of `results_dir` (one folder per notebook, as `mlfootprint build` writes)
    into `out_dir`, copy its output files, the data and the package's source (as pages), and write
    out_dir/scorecard.html and out_dir/index.html. Returns the index path."""
    results_dir = Path(results_dir)
    if not any(os.path.lexists(results_dir / n.stem / f"{n.stem}.ipynb") for n in NOTEBOOKS):
        raise ParameterError(f"--results {results_dir}: no built notebook found there; run `make figures` (or "
                             f"`mlfootprint build --out {results_dir}`) first")
    out_dir = folders.check_target(out_dir, "site")
    with processes.held(), folders.Lock(out_dir):
        staging = folders.temporary_sibling(out_dir)
        try:
            render = _renderer()
            (staging / "data").mkdir()
            (staging / "site.css").write_bytes((TEMPLATES / "site.css").read_bytes())
            pages = write_pages(staging, render)
            sections, ledgers = _sections(results_dir, staging)
            levels, total = scorecard(ledgers)
            (staging / "scorecard.html").write_text(_scorecard_page(render, levels, total), encoding="utf-8")
            (staging / "index.html").write_text(render("site-index.html.j2", sections=sections, levels=levels,
                                                       total=total, data=pages["data"]), encoding="utf-8")
            folders.write_marker(staging, "site")
            processes.check()
            folders.publish(staging, out_dir)
        except BaseException:
            folders.remove(staging)
            raise
    return out_dir / "index.html"
