"""environment.yml (conda, Binder) and requirements-lock.txt (pip, the Makefile) pin the same versions."""

import re
import tomllib

import yaml

from mlfootprint.paths import ROOT


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


LOCK = {
    normal(name): version
    for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", (ROOT / "requirements-lock.txt").read_text(),
                                    re.MULTILINE)
}
CONDA = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]


def test_every_conda_pin_equals_the_lock():
    pins = [d for d in CONDA if isinstance(d, str) and "=" in d and not d.startswith("python=")]
    assert pins, "environment.yml pins nothing"
    for pin in pins:
        name, version = pin.split("=", 1)
        assert normal(name) in LOCK, f"environment.yml pins {name}, which requirements-lock.txt lacks"
        assert LOCK[normal(name)] == version, f"{name}: environment.yml {version}, lock {LOCK[normal(name)]}"


def test_the_packages_the_project_uses_are_pinned_in_both():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    needed = project["dependencies"] + project["optional-dependencies"]["dev"]
    conda = {normal(d.split("=")[0]) for d in CONDA if isinstance(d, str)}
    for name in map(normal, needed):
        assert name in LOCK, f"{name} is a dependency but not in requirements-lock.txt"
        assert name in conda, f"{name} is a dependency but not in environment.yml"


def test_the_lock_is_installed():
    from importlib.metadata import version

    for name in ("pandas", "matplotlib", "papermill", "nbval", "numpy", "scipy"):
        assert version(name) == LOCK[name], f"{name} {version(name)} installed, lock says {LOCK[name]}: run make"

