"""A static site of the executed notebooks: an index of the article's figures in order (each with its notebook,
output files and data) and one scorecard of every claim, grouped by verdict. Works offline: no page loads
anything from the network (the CDN scripts nbconvert adds, MathJax and require.js among them, are removed)."""

import html
import re
import shutil
from pathlib import Path

import pandas as pd

from .claims import DIFFERS, NOT_CHECKABLE, REPRODUCED, display_table
from .paths import DATA_DIR

ARTICLE = [  # (article figure, what it shows, notebook, data files)
    ("Figs. 1 and 2", "Training compute of landmark systems, 1959-2018: two eras and a 3.4-month doubling",
     "01-ai-and-compute", ["ai_and_compute.csv"]),
    ("AlexNet example", "GPUs x peak FLOP/s x days x utilization, and counting operations",
     "02-alexnet-worked-example", ["hardware.csv"]),
    ("Fig. 3", "Growth of model size of language and vision models", "03-model-size-growth", ["parameter_counts.csv"]),
    ("Fig. 4", "Energy, CO2e and cloud cost of eight training runs (Strubell et al. 2019)",
     "04-strubell-energy-table", ["strubell2019_table3.csv", "strubell2019_table4.csv",
                                  "strubell2019_cloud_prices.csv", "strubell2019_facts.csv", "scenarios.csv"]),
    ("Fig. 5", "CO2e of a flight, a life and a car against training runs", "05-co2e-comparisons",
     ["strubell2019_table1.csv", "patterson2021_table4.csv", "scenarios.csv"]),
    ("Fig. 6", "Sparse modeling against deep learning: the claim and a measured run",
     "06-sparse-vs-deep-learning", []),
    ("Beyond the article", "The same training runs under today's data centres and grids", "07-what-if-today",
     ["strubell2019_table3.csv", "scenarios.csv"]),
]
STYLE = """
body { font-family: system-ui, sans-serif; max-width: 68rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.7rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
.figure { display: flex; flex-wrap: wrap; gap: 1rem; } .figure img { max-width: 32rem; width: 100%;
 border: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.85rem; width: 100%; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; cursor: pointer; } .reproduced { color: #1a7f37; } .differs { color: #b35900; }
.not-checkable { color: #666; } .missing { color: #b00; }
"""
SORT_SCRIPT = """
document.querySelectorAll("table.sortable th").forEach((th, column) => th.addEventListener("click", () => {
  const body = th.closest("table").tBodies[0];
  const rows = Array.from(body.rows);
  const key = r => r.cells[column].dataset.sort ?? r.cells[column].textContent;
  const numeric = rows.every(r => key(r) === "" || !isNaN(parseFloat(key(r))));
  const sign = th.dataset.order === "asc" ? -1 : 1; th.dataset.order = sign === 1 ? "asc" : "desc";
  rows.sort((a, b) => sign * (numeric ? (parseFloat(key(a)) || 0) - (parseFloat(key(b)) || 0)
                                      : key(a).localeCompare(key(b))));
  rows.forEach(r => body.appendChild(r));
}));
"""
REMOTE_SCRIPT = re.compile(r"<script\b[^>]*>(?:(?!</script>).)*?https?://(?:(?!</script>).)*?</script>\s*",
                           re.DOTALL)
REMOTE_SOURCE = re.compile(r"<script\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>\s*")


def offline(page: str) -> str:
    """Remove every script that would be fetched from, or import from, the network."""
    return REMOTE_SCRIPT.sub("", REMOTE_SOURCE.sub("", page))


def _notebook_page(executed: Path, target: Path) -> None:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_filename(str(executed))
    target.write_text(offline(body), encoding="utf-8")


def _figures_in_order(executed: Path, files: list[str]) -> list[str]:
    """The PNG figures of a run in the order the notebook saves them (the article's order)."""
    source = executed.read_text(encoding="utf-8")
    stems = list(dict.fromkeys(re.findall(r"savefig\([^)]*?\bout, \\?\"([^\"\\]+)\\?\"", source)))
    ordered = [f"{stem}.png" for stem in stems if f"{stem}.png" in files]
    return ordered + [f for f in files if f.endswith(".png") and f not in ordered]


def scorecard(results_dir: Path) -> pd.DataFrame:
    """Every claim of every built notebook, with its notebook, in ledger order."""
    tables = []
    for _, _, notebook, _ in ARTICLE:
        ledger = results_dir / notebook / "claims.csv"
        if ledger.is_file():
            tables.append(pd.read_csv(ledger, keep_default_na=False, na_values=[""]).assign(notebook=notebook))
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()


def _e(text) -> str:
    return html.escape(str(text))


def _scorecard_html(table: pd.DataFrame) -> str:
    if table.empty:
        return "<p class='missing'>No claims: build the notebooks first (make figures).</p>"
    shown = display_table(table.drop(columns=["source"])).reset_index()[
        ["notebook", "claim", "published", "recomputed", "unit", "ratio", "verdict", "explanation"]]
    counts = table["verdict"].value_counts()
    parts = ["<p>" + ", ".join(f"<span class='{v.replace(' ', '-')}'>{counts.get(v, 0)} {v}</span>"
                               for v in (REPRODUCED, DIFFERS, NOT_CHECKABLE)) + f" of {len(table)} claims.</p>"]
    for verdict in (REPRODUCED, DIFFERS, NOT_CHECKABLE):
        part = shown[shown["verdict"] == verdict]
        if part.empty:
            continue
        rows = "".join(
            "<tr class='claim'>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>"
            for row in part.itertuples(index=False))
        header = "".join(f"<th>{_e(c)}</th>" for c in part.columns)
        parts.append(f"<h3 class='{verdict.replace(' ', '-')}'>{verdict} ({len(part)})</h3>"
                     f"<table class='sortable scorecard'><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>")
    return "\n".join(parts)


def build_site(results_dir: Path, out_dir: Path) -> Path:
    """Render every executed notebook of `results_dir` (one folder per notebook, as `mlfootprint build` writes)
    into `out_dir`, copy its output files and the data, and write out_dir/index.html. Returns the index path."""
    results_dir, out_dir = Path(results_dir), Path(out_dir)
    shutil.rmtree(out_dir, ignore_errors=True)
    (out_dir / "data").mkdir(parents=True)
    for data_file in sorted(DATA_DIR.iterdir()):
        shutil.copyfile(data_file, out_dir / "data" / data_file.name)
    sections = []
    for figure, title, notebook, data_files in ARTICLE:
        run = results_dir / notebook
        executed = run / f"{notebook}.ipynb"
        if not executed.is_file():
            sections.append(f"<h2>{_e(figure)}: {_e(title)}</h2><p class='missing'>{_e(notebook)} has not been "
                            f"built: run <code>make figures</code> first.</p>")
            continue
        shutil.copytree(run, out_dir / "outputs" / notebook)
        _notebook_page(executed, out_dir / f"{notebook}.html")
        files = sorted(p.name for p in run.iterdir() if p.suffix in (".png", ".svg", ".csv"))
        images = "".join(f"<a href='outputs/{notebook}/{_e(f)}'><img src='outputs/{notebook}/{_e(f)}' alt='{_e(f)}'>"
                         f"</a>" for f in _figures_in_order(executed, files))
        outputs = ", ".join(f"<a href='outputs/{notebook}/{_e(f)}'>{_e(f)}</a>" for f in files)
        data = ", ".join(f"<a href='data/{_e(f)}'>{_e(f)}</a>" for f in data_files + ["claims.csv"])
        sections.append(
            f"<h2>{_e(figure)}: {_e(title)}</h2><div class='figure'>{images}</div>"
            f"<p>Notebook: <a href='{notebook}.html'>{_e(notebook)}</a> "
            f"(<a href='outputs/{notebook}/{notebook}.ipynb'>.ipynb</a>)<br>Output files: {outputs}<br>"
            f"Data: {data} (sources in <a href='data/README.md'>data/README.md</a>)</p>")
    index = out_dir / "index.html"
    index.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>mlfootprint: the article's figures "
        f"rebuilt</title><style>{STYLE}</style></head><body><h1>mlfootprint: the compute, energy and carbon of "
        "training ML models, rebuilt from sourced data</h1><p>Each figure of the article (HACARUS, <i>Edge AI "
        "Evangelist's Thoughts</i> Vol. 18, 2022) rebuilt by an executed notebook, with its output files and "
        "data, and below every published number checked against its recomputation.</p>"
        + "\n".join(sections)
        + f"<h2 id='scorecard'>Scorecard: does it reproduce?</h2><p>Click a column to sort.</p>"
          f"{_scorecard_html(scorecard(results_dir))}<script>{SORT_SCRIPT}</script></body></html>\n",
        encoding="utf-8")
    return index


def notebooks_listed() -> list[str]:
    """The notebooks the index shows, in article order (a test checks this matches notebooks/)."""
    return [notebook for _, _, notebook, _ in ARTICLE]

