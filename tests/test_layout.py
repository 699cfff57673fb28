"""The layout says what each file is: the README's table and the maintainers' Layout section match the catalogue and
the tree, every page the README and the docs link exists, and each analysis is named after its notebook (the import
rules are in test_architecture.py)."""

import re

from mlfootprint.catalogue import NOTEBOOKS
from mlfootprint.paths import PACKAGE_DIR, ROOT
from mlfootprint.tools.readme import rewritten

README = (ROOT / "README.md").read_text()
MAINTAINERS = (ROOT / "docs" / "maintainers.md").read_text()
LAYOUT = MAINTAINERS[MAINTAINERS.index("## Layout"):MAINTAINERS.index("## For maintainers")]


def test_the_readme_table_is_made_from_the_catalogue():
    assert rewritten(README) == README, "the README's table of notebooks is stale: `make notebooks` rewrites it"
    positions = [README.index(f"[{n.stem}](notebooks/{n.stem}.ipynb)") for n in NOTEBOOKS]
    assert positions == sorted(positions)
    for notebook in NOTEBOOKS:
        row = next(line for line in README.splitlines() if f"[{notebook.stem}]" in line)
        for stem in notebook.figure_stems():
            assert f"{stem}.png" in row, f"the README row of {notebook.stem} does not name {stem}.png"


def test_the_layout_section_names_every_module():
    for path in sorted(PACKAGE_DIR.glob("*.py")) + sorted((PACKAGE_DIR / "tools").glob("*.py")):
        if path.name != "__init__.py":
            assert re.search(rf"\b{re.escape(path.name)}\b", LAYOUT), f"docs/maintainers.md does not mention {path.name}"


def test_every_analysis_is_named_after_its_notebook():
    analyses = sorted(p.stem for p in (PACKAGE_DIR / "analyses").iterdir()
                      if p.name != "__init__.py" and (p.suffix == ".py" or (p / "__init__.py").is_file()))
    assert analyses == sorted(n.analysis for n in NOTEBOOKS)
    for notebook in NOTEBOOKS:
        assert notebook.stem[3:].replace("-", "_") == notebook.analysis


def test_every_page_the_readme_and_the_docs_link_exists():
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text()):
            assert (page.parent / target).exists(), f"{page.relative_to(ROOT)} links {target}, which does not exist"
