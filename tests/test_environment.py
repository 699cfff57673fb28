"""environment.yml (conda, Binder) installs requirements-lock.txt (pip, the Makefile): one tested set of versions."""

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
ENVIRONMENT = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]


def test_conda_and_binder_install_exactly_the_lock():
    conda = [d for d in ENVIRONMENT if isinstance(d, str)]
    pip = next(d["pip"] for d in ENVIRONMENT if isinstance(d, dict))
    assert conda == ["python=3.11", "pip"]  # nothing pinned twice, so nothing can drift
    assert pip == ["-r requirements-lock.txt", "-e ."]
    assert "Python 3.11" in (ROOT / "requirements-lock.txt").read_text().splitlines()[0]


def test_the_packages_the_project_uses_are_pinned_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    needed = project["dependencies"] + project["optional-dependencies"]["dev"]
    for name in map(normal, (re.split(r"[<>=!~ \[;]", d)[0] for d in needed)):
        assert name in LOCK, f"{name} is a dependency but not in requirements-lock.txt"


def test_the_lock_is_installed():
    from importlib.metadata import version

    for name in ("pandas", "matplotlib", "papermill", "nbval", "numpy", "scipy"):
        assert version(name) == LOCK[name], f"{name} {version(name)} installed, lock says {LOCK[name]}: run make"

