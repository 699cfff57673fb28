# Two commands for a new user (see README): `make figures` and `make test`.
# Both create .venv with the pinned packages of requirements-lock.txt if it is missing or out of date.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: figures test test-slow html lab notebooks benchmark clean

$(READY): requirements-lock.txt pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "mlfootprint needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(READY)

figures: $(READY)  ## run every notebook with default parameters into results/default/
	$(BIN)/mlfootprint build --out results/default

test: $(READY)  ## unit tests, data checks, and nbval on every stored notebook (one to two minutes on 2 cores)
	$(BIN)/python -m pytest -m "not slow"

test-slow: $(READY)  ## the slow tests: a whole build against the stored notebooks, the site in a browser, a Dask cluster
	$(BIN)/python -m pytest -m slow

html: figures  ## a static site of the executed notebooks, outputs and scorecard in build/site/ (works offline)
	$(BIN)/mlfootprint site --results results/default --out build/site

lab: $(READY)  ## JupyterLab on notebooks/ with the project's kernel (registered as "Python 3 (mlfootprint)"); open the URL it prints
	$(BIN)/python -m ipykernel install --sys-prefix --name mlfootprint --display-name "Python 3 (mlfootprint)" >/dev/null
	$(BIN)/jupyter lab --no-browser --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

notebooks: $(READY)  ## maintainers: re-execute the stored notebooks in place after a change; rewrite the README's table
	$(BIN)/mlfootprint build --out results/default --store --engine kernel --force
	$(BIN)/python -m mlfootprint.tools.readme

benchmark: $(READY)  ## time `mlfootprint build` against a sequential papermill CLI loop
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_sweep.py
	$(BIN)/python benchmarks/bench_energy.py
	$(BIN)/python benchmarks/bench_estimate.py

clean:
	rm -rf results build
