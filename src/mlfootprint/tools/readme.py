"""The README's table of notebooks, made from the catalogue and each analysis's chain (its figures and tables), so
that adding a notebook never means editing the README by hand: `make notebooks` rewrites it between its markers, and
a test keeps the stored README equal to it.

Run: python -m mlfootprint.tools.readme
"""

from ..catalogue import NOTEBOOKS
from ..paths import LEDGER_FILE, ROOT

README = ROOT / "README.md"
START = "<!-- the table of notebooks: made from the catalogue by `make notebooks` (mlfootprint.tools.readme) -->"
END = "<!-- end of the table of notebooks -->"


def _outputs(notebook) -> str:
    steps = notebook.module().Steps
    files = [f"{stem}.png/.svg" for stem in steps.figure_stems()]
    files += [f"{name.replace('_', '-')}.csv" for name in steps.TABLES] + list(steps.FILES) + [LEDGER_FILE]
    return ", ".join(f"`{name}`" for name in files)


def table() -> str:
    """The markdown table: article figure and title, notebook (linked), output files, data files."""
    rows = ["| article figure | notebook | output files (in `results/default/<notebook>/`) | data |", "|---|---|---|---|"]
    for notebook in NOTEBOOKS:
        link = f"[{notebook.stem}](notebooks/{notebook.stem}.ipynb)"
        data = ", ".join(f"`{name}`" for name in notebook.data)
        rows.append(f"| {notebook.figure}: {notebook.title} | {link} | {_outputs(notebook)} | {data} |")
    return "\n".join(rows)


def rewritten(text: str) -> str:
    """`text` (the README) with the table between its markers made anew."""
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{table()}\n{END}{after}"


def main() -> None:
    text = README.read_text()
    if rewritten(text) != text:
        README.write_text(rewritten(text))


if __name__ == "__main__":
    main()
