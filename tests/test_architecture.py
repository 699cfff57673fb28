"""The package's structure: layers that point one way and no import cycle, small modules and functions, analyses that
read exactly the data their catalogue entry declares, and never the tools."""

import ast
import os
import builtins
import functools
import gc
from pathlib import Path

import pytest

from mlfootprint import paths
from mlfootprint.catalogue import NOTEBOOKS
from mlfootprint.paths import PACKAGE_DIR

LAYERS = {  # a module may import its own layer and those below it, never one above
    "foundation": ("units", "paths", "checks", "limits", "parameter_kinds", "parameters", "outputs", "intervals",
                   "quantities"),
    "data": ("schema", "loaders", "lifecycle_loaders", "claim_rules", "references", "grids"),
    "science": ("training_compute", "energy", "trends", "sampling", "footprint", "estimate", "statement", "strubell2019",
                "lifecycle"),
    "ledger and plotting": ("claims", "plotting", "steps"),
    "declarations": ("notebook_parameters", "catalogue"),
    "analyses": ("analyses", "teaching"),
    "tools": ("tools",),
}
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 400, 60


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE_DIR.rglob("*.py")) if module_name(p)}


def layer(module: str) -> int:
    top = module.split(".")[0]
    return next(i for i, names in enumerate(LAYERS.values()) if top in names)


def imports(module: str) -> set[str]:
    """The package's modules that `module` imports (anywhere in it, function-level imports included)."""
    tree = ast.parse(MODULES[module].read_text())
    package = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
            elif (node.module or "").startswith("mlfootprint"):
                base = []
            else:
                continue
            target = ".".join(base + (node.module.split(".") if node.module else [])).removeprefix("mlfootprint.")
            target = target.removeprefix("mlfootprint")
            for alias in node.names:
                joined = f"{target}.{alias.name}" if target else alias.name
                found.add(joined if joined in MODULES else target)
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("mlfootprint.") for a in node.names if a.name.startswith("mlfootprint.")}
    return {m for m in found if m in MODULES and m != module}


def test_every_module_has_a_layer():
    for module in MODULES:
        assert layer(module) is not None


def test_no_module_imports_a_layer_above_its_own():
    upward = [f"{m} ({list(LAYERS)[layer(m)]}) imports {t} ({list(LAYERS)[layer(t)]})"
              for m in MODULES for t in imports(m) if layer(t) > layer(m)]
    assert upward == []


def test_there_is_no_import_cycle():
    graph = {m: imports(m) for m in MODULES}
    graph = {m: {t for t in targets if not m.startswith(t + ".")} for m, targets in graph.items()}  # a package's face
    state, cycles = {}, []

    def visit(node, trail):
        state[node] = "open"
        for target in graph[node]:
            if state.get(target) == "open":
                cycles.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for module in graph:
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_layer_check_sees_an_upward_import():
    assert "catalogue" in imports("analyses.strubell_energy_table")
    assert layer("analyses.strubell_energy_table") > layer("catalogue") > layer("claims") > layer("loaders")


def test_no_module_over_400_lines_and_no_function_over_60():
    long_modules = {m: n for m, p in MODULES.items() if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES}
    long_functions = [f"{m}.{node.name}: {node.end_lineno - node.lineno + 1} lines"
                      for m, p in MODULES.items() for node in ast.walk(ast.parse(p.read_text()))
                      if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                      and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert long_modules == {} and long_functions == []


@pytest.fixture
def files_read(monkeypatch):
    """The data files opened while the fixture is in use (their names, relative to data/)."""
    opened = set()
    real_open, real_path_open, real_read_bytes = builtins.open, Path.open, Path.read_bytes

    def note(file):
        path = Path(file) if isinstance(file, str | Path) else None
        if path is not None and path.resolve().parent == paths.DATA_DIR.resolve():
            opened.add(path.name)

    def spy_open(file, *args, **kwargs):
        note(file)
        return real_open(file, *args, **kwargs)

    def spy_path_open(self, *args, **kwargs):
        note(self)
        return real_path_open(self, *args, **kwargs)

    def spy_read_bytes(self):
        note(self)
        return real_read_bytes(self)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(Path, "open", spy_path_open)
    monkeypatch.setattr(Path, "read_bytes", spy_read_bytes)
    return opened


def clear_caches() -> None:
    """Empty every cache of the package (the loaders keep what they read), so that a run reads its files again."""
    for thing in gc.get_objects():
        if isinstance(thing, functools._lru_cache_wrapper) and getattr(thing, "__module__", "").startswith(
                "mlfootprint"):
            thing.cache_clear()


@pytest.mark.parametrize("notebook", [n for n in NOTEBOOKS if n.number != "06"] + [
    pytest.param(next(n for n in NOTEBOOKS if n.number == "06"), marks=pytest.mark.slow)], ids=lambda n: n.stem)
def test_each_analysis_reads_exactly_the_data_its_catalogue_entry_declares(notebook, files_read, tmp_path,
                                                                          monkeypatch):
    clear_caches()
    monkeypatch.chdir(tmp_path)  # CodeCarbon (notebook 06) must write nothing into the project
    run = notebook.steps()
    run.ledger
    for _, fig in run.figures():
        fig.clf()
    assert files_read == set(notebook.data)


TINY_ANALYSIS = '''"""A throwaway analysis: a number doubled, a figure, an empty ledger."""

import matplotlib.pyplot as plt
import pandas as pd

from .. import plotting, steps
from ..catalogue import find
from ..claims import Recomputed
from ..notebook_parameters import TinyExampleParameters as Parameters  # noqa: F401


@plotting.drawing
def figure(table: pd.DataFrame):
    fig, ax = plt.subplots(figsize=(plotting.ONE_COLUMN, 3))
    ax.plot(table["x"], table["doubled"])
    plotting.decorate(ax, xlabel="x", ylabel="2x")
    plotting.title(fig, "Twice x")
    plotting.caption(fig, "none")
    return fig


class Steps(steps.Steps):
    NOTEBOOK = find("{number}")
    TABLES = ("doubled",)

    @steps.step
    def doubled(self) -> pd.DataFrame:
        return pd.DataFrame({{"x": [1.0, 2.0], "doubled": [2 * self.params.factor, 4 * self.params.factor]}})

    @steps.step
    def recomputed(self) -> Recomputed:
        return Recomputed({{}})

    @steps.figure("tiny-doubled")
    def figure_doubled(self):
        return figure(self.doubled)
'''
TINY_PARAMETERS = '''

@dataclass(frozen=True)
class TinyExampleParameters(Parameters):
    factor: float = param(2.0, "float", "what x is multiplied by", "", low=0, high=10)
'''


@pytest.mark.slow
def test_a_notebook_is_added_in_four_places_and_runs(tmp_path):
    """docs/maintainers.md: a notebook, its analysis, its parameters and its catalogue entry."""
    import shutil
    import subprocess
    import sys

    import nbformat

    from mlfootprint.catalogue import Notebook

    copy = tmp_path / "project"
    for folder in ("src", "notebooks", "data"):
        shutil.copytree(paths.ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    (copy / "src" / "mlfootprint" / "data").symlink_to(copy / "data")  # the package's data, found in the copy
    number = f"{len(NOTEBOOKS) + 1:02d}"
    package = copy / "src" / "mlfootprint"
    (package / "analyses" / "tiny_example.py").write_text(TINY_ANALYSIS.format(number=number))  # 1
    with (package / "notebook_parameters.py").open("a") as declarations:  # 2
        declarations.write(TINY_PARAMETERS)
    catalogue = (package / "catalogue.py").read_text()  # 3
    entry = (f'    Notebook("{number}", "{number}-tiny-example", "none", "A number doubled", "tiny_example", '
             f'("claims.csv",), declared.TinyExampleParameters, 1.0),\n)\n\n\ndef find')
    (package / "catalogue.py").write_text(catalogue.replace("\n)\n\n\ndef find", "\n" + entry, 1))
    from mlfootprint.notebook_parameters import Parameters, dataclass, param  # the declaration, as the copy reads it
    namespace = {"Parameters": Parameters, "dataclass": dataclass, "param": param}
    exec(TINY_PARAMETERS, namespace)
    tiny = Notebook(number, f"{number}-tiny-example", "none", "A number doubled", "tiny_example", ("claims.csv",),
                    namespace["TinyExampleParameters"], 1.0, copy / "notebooks")
    cells = [nbformat.v4.new_markdown_cell("# A number doubled"),
             nbformat.v4.new_code_cell("from mlfootprint import claims\nfrom mlfootprint.analyses import tiny_example\n"
                                       "from mlfootprint.outputs import rounded\nfrom mlfootprint.plotting import savefig"),
             nbformat.v4.new_code_cell(tiny.parameters_cell(), metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell(tiny.validation_cell()),
             nbformat.v4.new_code_cell("rounded(run.doubled)"),
             nbformat.v4.new_code_cell("savefig(run.figure_doubled, out)"),
             nbformat.v4.new_code_cell("run.save_tables(out)\nclaims.display_table(run.ledger)")]
    notebook = nbformat.v4.new_notebook(cells=cells)  # 4
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, tiny.path)
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "mlfootprint.tools.cli", "run", number, "-p", "factor", "3",
                           "--out", str(out)], capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(copy / "src")})
    assert done.returncode == 0, done.stderr
    assert (out / "tiny-doubled.png").is_file() and (out / "tiny-doubled.svg").is_file()
    assert (out / "doubled.csv").read_text().splitlines()[1:] == ["1.0,6.0", "2.0,12.0"]
    assert (out / "ledger.csv").is_file()
