"""The layout says what each file is: the README's table and Layout section match the catalogue and the tree, and
the analyses never import the tools (issue #10)."""

import ast
import re

from mlfootprint.catalogue import NOTEBOOKS
from mlfootprint.paths import PACKAGE_DIR, ROOT

README = (ROOT / "README.md").read_text()
LAYOUT = README[README.index("## Layout"):README.index("## For maintainers")]


def test_readme_table_names_every_notebook_in_order():
    positions = [README.index(f"[{n.stem}](notebooks/{n.stem}.ipynb)") for n in NOTEBOOKS]
    assert positions == sorted(positions)
    for notebook in NOTEBOOKS:
        row = next(line for line in README.splitlines() if f"[{notebook.stem}]" in line)
        for stem in notebook.figures:
            assert f"{stem}.png" in row, f"the README row of {notebook.stem} does not name {stem}.png"


def test_the_layout_section_names_every_module():
    for path in sorted(PACKAGE_DIR.glob("*.py")) + sorted((PACKAGE_DIR / "tools").glob("*.py")):
        if path.name != "__init__.py":
            assert re.search(rf"\b{re.escape(path.name)}\b", LAYOUT), f"README Layout does not mention {path.name}"


def test_every_analysis_is_named_after_its_notebook_and_never_imports_the_tools():
    analyses = sorted(p.stem for p in (PACKAGE_DIR / "analyses").glob("*.py") if p.name != "__init__.py")
    assert analyses == sorted(n.analysis for n in NOTEBOOKS)
    for notebook in NOTEBOOKS:
        assert notebook.stem[3:].replace("-", "_") == notebook.analysis
        tree = ast.parse((PACKAGE_DIR / "analyses" / f"{notebook.analysis}.py").read_text())
        imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if "tools" in m], f"{notebook.analysis} imports the tools"
