"""The package travels: a wheel built from this checkout holds the data tables and templates, and its Python API
works outside a checkout (issue #10)."""

import shutil
import subprocess
import sys
import zipfile

from mlfootprint.paths import ROOT


def test_an_installed_wheel_works_outside_a_checkout(tmp_path):
    project = tmp_path / "project"  # a copy, so that building leaves nothing in the checkout
    project.mkdir()
    for part in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / part, project / part)
    for part in ("src", "data"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", tmp_path / "wheel", project], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "wheel").glob("mlfootprint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "mlfootprint/data/hardware.csv" in names and "mlfootprint/data/README.md" in names
    assert "mlfootprint/tools/templates/offline/index.html.j2" in names and "mlfootprint/mlfootprint.mplstyle" in names
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import mlfootprint.paths as p; from mlfootprint.analyses import alexnet_worked_example as a; "
            "print(p.DATA_DIR.parent.name, a.estimates(a.Parameters()).loc[a.GPU_METHOD, 'flop'])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=elsewhere,
                          env={"PYTHONPATH": str(tmp_path / "site"), "PATH": ""})
    assert done.returncode == 0, done.stderr
    where, flop = done.stdout.split()
    assert where == "mlfootprint"  # the data inside the installed package, not the checkout's data/
    assert float(flop) == 2 * 1.58e12 * 5.5 * 86_400 * 0.33


def test_every_folder_of_the_package_is_packaged():
    """A folder of modules missing from pyproject's package list would be missing from the wheel (fast: no build)."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    source = ROOT / "src"
    folders = {".".join(path.parent.relative_to(source).parts) for path in source.rglob("*.py")
               if "__pycache__" not in path.parts}
    assert folders <= listed, f"not packaged: {sorted(folders - listed)}"
