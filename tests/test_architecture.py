"""The package's structure: layers that point one way and no import cycle, small modules and functions, analyses that
read exactly the data their catalogue entry declares, and never the tools."""

import ast
import builtins
import functools
import gc
from pathlib import Path

import pytest

from mlfootprint import paths
from mlfootprint.catalogue import NOTEBOOKS
from mlfootprint.paths import PACKAGE_DIR

LAYERS = {  # a module may import its own layer and those below it, never one above
    "foundation": ("units", "paths", "checks", "limits", "parameters", "outputs", "intervals"),
    "data": ("schema", "loaders", "grids"),
    "science": ("training_compute", "energy", "trends", "estimate", "statement", "strubell2019"),
    "ledger and plotting": ("claims", "plotting", "steps"),
    "declarations": ("notebook_parameters", "catalogue"),
    "analyses": ("analyses",),
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
