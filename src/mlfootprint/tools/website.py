"""A static site of the executed notebooks: an index of the article's figures in catalogue order (each with its
notebook, output files and data) and one scorecard of every claim: what the article says and what its sources say
apart, each grouped by verdict.

Works offline: notebook pages are rendered by nbconvert with a child of its JupyterLab template that loads nothing
from the network (templates/offline); the index is a Jinja2 template with autoescape. The figures of each notebook
are the ones its run recorded as it saved them (figures.json, written by `plotting.savefig`), in that order.
"""

import json
import shutil
from pathlib import Path

import pandas as pd

from ..catalogue import NOTEBOOKS
from ..checks import ParameterError
from ..claims import LEVELS, VERDICTS, display_table
from ..paths import DATA_DIR
from ..plotting import FIGURE_RECORD
from . import folders

TEMPLATES = Path(__file__).with_name("templates")
SCORECARD_COLUMNS = ["notebook", "claim", "published", "stands for", "recomputed", "unit", "ratio", "verdict",
                     "explanation"]
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


def notebook_page(executed: Path, target: Path) -> None:
    """One executed notebook as an HTML page that needs no network."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)])
    body, _ = exporter.from_filename(str(executed))
    target.write_text(body, encoding="utf-8")


def figures_of(run: Path) -> list[str]:
    """The PNG figures a run saved, in the order it saved them."""
    record = run / FIGURE_RECORD
    stems = json.loads(record.read_text()) if record.is_file() else []
    return [f"{stem}.png" for stem in stems if (run / f"{stem}.png").is_file()]


def scorecard(results_dir: Path) -> pd.DataFrame:
    """Every claim of every built notebook, with its notebook, in catalogue and ledger order."""
    tables = []
    for notebook in NOTEBOOKS:
        ledger = results_dir / notebook.stem / "claims.csv"
        if ledger.is_file():
            tables.append(pd.read_csv(ledger, keep_default_na=False, na_values=[""]).assign(notebook=notebook.stem))
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()


def build_site(results_dir: Path, out_dir: Path) -> Path:
    """Render every executed notebook of `results_dir` (one folder per notebook, as `mlfootprint build` writes)
    into `out_dir`, copy its output files and the data, and write out_dir/index.html. Returns the index path."""
    import jinja2

    results_dir = Path(results_dir)
    built = [n for n in NOTEBOOKS if (results_dir / n.stem / f"{n.stem}.ipynb").is_file()]
    if not built:
        raise ParameterError(f"--results {results_dir}: no built notebook found there; run `make figures` (or "
                             f"`mlfootprint build --out {results_dir}`) first")
    out_dir = folders.check_target(out_dir, "site")
    with folders.Lock(out_dir):
        staging = folders.temporary_sibling(out_dir)
        (staging / "data").mkdir()
        for data_file in sorted(DATA_DIR.glob("*")):
            if data_file.suffix in (".csv", ".md"):
                shutil.copyfile(data_file, staging / "data" / data_file.name)
        sections = []
        for notebook in NOTEBOOKS:
            run = results_dir / notebook.stem
            section = {"figure": notebook.figure, "title": notebook.title, "stem": notebook.stem,
                       "built": notebook in built, "data": list(notebook.data)}
            if notebook in built:
                shutil.copytree(run, staging / "outputs" / notebook.stem, ignore=shutil.ignore_patterns(".*"))
                notebook_page(run / f"{notebook.stem}.ipynb", staging / f"{notebook.stem}.html")
                section["images"] = figures_of(run)
                section["files"] = sorted(p.name for p in run.iterdir() if p.suffix in (".png", ".svg", ".csv"))
            sections.append(section)
        table = scorecard(results_dir)
        shown = display_table(table.drop(columns=["source"])).reset_index()
        shown["notebook"] = table["notebook"].to_numpy()
        levels = []
        for level in LEVELS:
            mine = shown[shown["level"] == level][SCORECARD_COLUMNS]
            title, description = LEVEL_TITLES[level]
            levels.append({
                "name": level, "title": title, "description": description, "total": len(mine),
                "counts": [(v, int((mine["verdict"] == v).sum())) for v in VERDICTS],
                "groups": [{"verdict": v, "rows": mine[mine["verdict"] == v].values.tolist()}
                           for v in VERDICTS if (mine["verdict"] == v).any()],
            })
        environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
        page = environment.get_template("site-index.html.j2").render(
            sections=sections, levels=levels, total=len(table), columns=SCORECARD_COLUMNS)
        (staging / "index.html").write_text(page, encoding="utf-8")
        folders.write_marker(staging, "site")
        folders.publish(staging, out_dir)
    return out_dir / "index.html"
