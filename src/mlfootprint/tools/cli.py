"""The `mlfootprint` command: list a notebook's parameters, run one notebook with parameters, build every notebook,
sweep one notebook over a grid of parameters or the scenarios, render the built notebooks as a site, or estimate
the energy, CO2e and cost of any training run.

A notebook is given by its two-digit number (02), its stem (02-alexnet-worked-example) or its path. Every value is
checked against the notebook's declared parameters before any kernel starts. Exit status: 0 done, 1 a run failed,
2 bad input (one line on stderr, nothing written), 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP (a closed terminal).
"""

import argparse
import os
import re
import sys
from pathlib import Path

if not hasattr(os, "fork"):  # Windows: every run is a child process forked from the command (tools.processes)
    sys.exit("mlfootprint: the command needs Linux or macOS (on Windows, run it in WSL2, or use Binder); the notebooks "
             "themselves run in JupyterLab on any system: jupyter lab notebooks")

from ..checks import DataError, ParameterError  # noqa: E402 (after the check above)
from ..notebook_parameters import EstimateParameters  # noqa: E402
from ..paths import DEFAULT_BUILD_DIR, SITE_DIR, shown  # noqa: E402
from . import processes  # noqa: E402

ENGINE_HELP = ("how notebooks execute: warm (default: the cells run in an IPython shell in a child forked from this "
               "already-warm process) or kernel (a fresh Jupyter kernel per run, papermill's own engine)")


def parse_value(text: str):
    """A command-line value: a [list] in YAML syntax, else the text itself (the notebook's declaration converts
    "1e6" to a number, "true" to True, "none" to None)."""
    if text.strip().startswith("["):
        import yaml

        from .yamlfile import _Loader

        try:
            return yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
        except yaml.YAMLError:
            raise ParameterError(f"cannot read {text!r} as a list; write it as [a, b]") from None
    return text


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's usage errors: one line and exit 2, as every input error
        self.exit(2, f"{self.prog}: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mlfootprint", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    params = commands.add_parser("params", help="list a notebook's parameters: default, unit, allowed values, help")
    params.add_argument("notebook", help="number (02), stem or path of a notebook")
    run = commands.add_parser("run", help="run one notebook with parameters into its own output folder")
    run.add_argument("notebook", help="number (02), stem or path of a notebook")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="set a parameter (repeatable); overrides the same name in -f")
    run.add_argument("-f", "--parameters-file", metavar="PARAMS.yaml", help="parameters from a YAML mapping")
    run.add_argument("--out", type=Path, help="output folder (default: results/runs/NOTEBOOK/PARAMETERS)")
    build = commands.add_parser("build", help="run every notebook with default parameters, in parallel")
    build.add_argument("--out", type=Path, default=DEFAULT_BUILD_DIR,
                       help=f"output folder, one subfolder per notebook (default: {shown(DEFAULT_BUILD_DIR)})")
    build.add_argument("--store", action="store_true",
                       help="also replace the stored notebooks in notebooks/ with the executed ones")
    sweep = commands.add_parser("sweep", help="run one notebook over a grid of parameters or the scenarios")
    sweep.add_argument("notebook", help="number (02), stem or path of a notebook")
    what = sweep.add_mutually_exclusive_group(required=True)
    what.add_argument("--grid", metavar="GRID.yaml", help="parameter names mapped to lists of values, or runs:")
    what.add_argument("--scenarios", metavar="all|NAME,...", help="one run per scenario of data/scenarios.csv")
    sweep.add_argument("--out", type=Path, required=True, help="output folder: one subfolder per run, summary.csv")
    sweep.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on this Dask distributed scheduler")
    sweep.add_argument("--yes", action="store_true", help="start a sweep of more than 500 runs")
    for command in (build, sweep):
        command.add_argument("--jobs", type=int, default=None, help="runs at once (default: one per core)")
        command.add_argument("--force", action="store_true", help="redo runs that are complete and current")
    for command in (run, build, sweep):
        command.add_argument("--engine", default="warm", help=ENGINE_HELP)
    site = commands.add_parser("site", help="render the built notebooks, their outputs and the scorecard as HTML")
    site.add_argument("--results", type=Path, default=DEFAULT_BUILD_DIR,
                      help=f"folder written by build (default: {shown(DEFAULT_BUILD_DIR)})")
    site.add_argument("--out", type=Path, default=SITE_DIR, help=f"site folder (default: {shown(SITE_DIR)})")
    _estimate_parser(commands)
    return parser


ESTIMATE_OPTIONS = tuple(EstimateParameters.specs())
"""The options of `mlfootprint estimate`: the parameters of notebook 08 (mlfootprint.notebook_parameters.
EstimateParameters, declared once), with - for _."""


def _estimate_parser(commands) -> None:
    estimate = commands.add_parser("estimate", help="energy, CO2e and cost of a training run, with 5-95 %% intervals "
                                                    "and a statement to paste")
    specs = EstimateParameters.specs()
    metavars = {"hardware": "NAME", "count": "N", "hours": "H", "power_fraction": "F", "scenario": "NAME",
                "country": "ISO3", "price_per_kwh": "USD", "samples": "N", "seed": "S"}
    for name in ESTIMATE_OPTIONS:
        default, spec = specs[name]
        required = name in ("hardware", "count", "hours")
        unit = f" ({spec.unit})" if spec.unit else ""
        note = "" if required else f"; default: {spec.none_means if default is None else default}"
        estimate.add_argument(f"--{name.replace('_', '-')}", dest=name, metavar=metavars.get(name, "X"),
                              required=required, help=f"{spec.help}{unit}{note}".replace("%", "%%"))
    estimate.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: results/estimates/OPTIONS)")


def _as_options(message: str) -> str:
    """A parameter error in the command's words: `power_fraction` -> `--power-fraction`."""
    for name in ESTIMATE_OPTIONS:
        message = re.sub(rf"(?<![\w/.'-]){name}(?![\w/.'])", f"--{name.replace('_', '-')}", message)
    return message


def _estimate(args) -> int:
    from .. import estimate, statement
    from ..paths import RESULTS_DIR
    from . import folders

    given = {name: getattr(args, name) for name in ESTIMATE_OPTIONS if getattr(args, name) is not None}
    try:
        parameters = EstimateParameters.from_values(given)
        result = estimate.from_options(**parameters.values())
    except ParameterError as error:
        raise ParameterError(_as_options(str(error))) from None
    named = {name: getattr(parameters, name) for name in given}  # canonical: "h100 sxm" and "H100 SXM" share one
    out = folders.check_target(args.out or RESULTS_DIR / "estimates" / folders.folder_name(named), "estimate")
    processes.check()
    with folders.Lock(out):
        temporary = folders.temporary_sibling(out)
        try:
            statement.write_outputs(result, temporary)
            folders.write_marker(temporary, "estimate", parameters=parameters.values(), codecarbon=result.codecarbon)
            processes.check()
            folders.publish(temporary, out)
        except BaseException:
            folders.remove(temporary)
            raise
    print(statement.summary(result))
    print(f"written to {shown(out)}: {', '.join(statement.OUTPUT_FILES)} (fill in training_type in model-card.json)")
    return 0


def _params(args) -> int:
    from .. import catalogue
    from ..parameters import listing

    notebook = catalogue.find(args.notebook)
    print(f"{notebook.stem} ({notebook.figure}): {notebook.title}\n")
    for row in listing(notebook.parameters):
        unit = f"  ({row['unit']})" if row["unit"] != "-" else ""
        print(f"  {row['name']} = {row['default']}{unit}\n      {row['help']}\n      allowed: {row['allowed']}")
    return 0


def _run(args) -> list:
    from .. import catalogue
    from . import folders, runner
    from .yamlfile import read_parameter_file

    notebook = catalogue.find(args.notebook)
    values = read_parameter_file(args.parameters_file) if args.parameters_file else {}
    values.update({name: parse_value(value) for name, value in args.parameter})
    parameters = notebook.parameters.from_values(values)
    out = folders.check_target(args.out or runner.default_folder(notebook, parameters), "run")
    planned = runner.plan([runner.Task(notebook, parameters, out)])
    with folders.Lock(out):
        results = runner.execute(planned, engine=args.engine)
    print(runner.describe(results[0]), file=sys.stderr if not results[0].ok else sys.stdout)
    return results


def _build(args) -> list:
    from . import runner

    results = runner.build(args.out, args.jobs, args.store, args.force, args.engine,
                           on_done=lambda r: print(runner.describe(r), flush=True))
    failed = sum(not r.ok for r in results)
    print(f"{len(results) - failed} of {len(results)} notebooks complete; outputs in {shown(args.out)}")
    return results


def _sweep(args) -> list:
    from tqdm import tqdm

    from .. import catalogue
    from . import sweep

    notebook = catalogue.find(args.notebook)
    runs = (sweep.read_grid(args.grid, notebook, args.yes) if args.grid
            else sweep.scenario_runs(args.scenarios, notebook))
    processes.check()

    def start():
        print(f"{notebook.stem}: {len(runs)} runs into {shown(args.out)}", file=sys.stderr, flush=True)

    with tqdm(total=len(runs), unit="run", file=sys.stderr, disable=None) as bar:
        results = sweep.run_sweep(notebook, runs, args.out, args.jobs, args.scheduler, args.force, args.engine,
                                  args.yes, on_start=start, on_done=lambda _: bar.update())
    for run, result in zip(runs, results):
        if not result.ok:
            print(f"failed  {run.name} {run.parameters.changed()}: {result.error}", file=sys.stderr)
    kept = sum(r.skipped for r in results)
    failed = sum(not r.ok for r in results)
    redone = sorted({r.reason for r in results if r.reason and r.reason not in ("new", "forced")})
    why = f"; redone because: {', '.join(redone)}" if redone else ""
    print(f"{len(results) - failed} of {len(results)} runs complete ({kept} kept from before{why}); "
          f"summary: {shown(args.out / 'summary.csv')}")
    return results


def _site(args) -> int:
    from .website import build_site

    print(f"site: {shown(build_site(args.results, args.out))}")
    return 0


def main(argv=None) -> int:
    """The command: its exit status. Stop signals are held from here to the end and taken only at safe points, so
    that Ctrl-C at any moment gives 130 (SIGTERM 143, SIGHUP 129) and one line, never a traceback."""
    processes.hold()
    try:
        code = _main(argv)
    except processes.Interrupted as stop:
        if stop.total:
            _say(f"interrupted: {stop.complete} of {stop.total} runs complete; run the same command again to resume")
        else:
            _say("interrupted; nothing was written")
        return stop.exit_code
    try:
        processes.check()  # a signal that came as the command finished
    except processes.Interrupted as stop:
        _say("interrupted as the command finished; what it reported above is complete")
        return stop.exit_code
    return code


def _say(line: str) -> None:
    """One line on stderr, unless stderr is gone (a closed terminal)."""
    try:
        print(line, file=sys.stderr, flush=True)
    except OSError:
        pass


def _main(argv) -> int:
    from .engine import RENAMED, engine_name

    args = _parser().parse_args(argv)
    try:
        if getattr(args, "jobs", None) is not None and args.jobs < 1:
            raise ParameterError(f"--jobs must be a whole number >= 1 (got {args.jobs})")
        if getattr(args, "engine", None) is not None:
            if args.engine in RENAMED:
                _say(f"mlfootprint {args.command}: note: --engine {args.engine} is now called --engine "
                     f"{RENAMED[args.engine]}; the old name is accepted until version 0.3")
            args.engine = engine_name(args.engine)
        processes.check()
        if args.command in ("params", "site", "estimate"):
            return {"params": _params, "site": _site, "estimate": _estimate}[args.command](args)
        results = {"run": _run, "build": _build, "sweep": _sweep}[args.command](args)
    except (ParameterError, DataError) as error:
        _say(f"mlfootprint {args.command}: {type(error).__name__}: {error}")
        return 2
    except OSError as error:  # a full disk, a folder that vanished: the file system refused
        where = f" ({error.filename})" if error.filename else ""
        _say(f"mlfootprint {args.command}: cannot write: {error.strerror or error}{where}")
        return 2
    return 1 if any(not r.ok for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
