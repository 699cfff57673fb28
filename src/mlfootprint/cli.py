"""The `mlfootprint` command: run one notebook with parameters, build every notebook, or sweep one notebook over
a grid of parameters or the scenarios."""

import argparse
import sys
from pathlib import Path

from .checks import ParameterError
from .paths import DEFAULT_BUILD_DIR, SITE_DIR, shown


def parse_value(text: str):
    """A command-line value: int, float, true/false, none, a [list], or else the text itself."""
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("none", "null"):
        return None
    if text.strip().startswith("["):
        import yaml

        return yaml.safe_load(text)
    return text


def read_parameter_file(path: str) -> dict:
    """A YAML file mapping parameter names to values (read with the safe loader)."""
    import yaml

    try:
        values = yaml.safe_load(Path(path).read_text())
    except OSError as error:
        raise ParameterError(f"{path}: cannot read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise ParameterError(f"{path}: not valid YAML ({str(error).splitlines()[0]})") from None
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        raise ParameterError(f"{path}: expected a mapping of parameter names to values")
    return values


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mlfootprint", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run one notebook with parameters into its own output folder")
    run.add_argument("notebook", help="a notebook path or stem, e.g. 02-alexnet-worked-example")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="set a parameter (repeatable); overrides the same name in -f")
    run.add_argument("-f", "--parameters-file", metavar="PARAMS.yaml", help="parameters from a YAML mapping")
    run.add_argument("--out", type=Path, help="output folder (default: results/runs/NOTEBOOK/PARAMETERS)")
    build = commands.add_parser("build", help="run every notebook with default parameters, in parallel")
    build.add_argument("--out", type=Path, default=DEFAULT_BUILD_DIR,
                       help=f"output folder, one subfolder per notebook (default: {shown(DEFAULT_BUILD_DIR)})")
    build.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: one per core)")
    build.add_argument("--store", action="store_true",
                       help="also replace the stored notebooks in notebooks/ with the executed ones")
    sweep = commands.add_parser("sweep", help="run one notebook over a grid of parameters or the scenarios")
    sweep.add_argument("notebook", help="a notebook path or stem")
    what = sweep.add_mutually_exclusive_group(required=True)
    what.add_argument("--grid", metavar="GRID.yaml", help="parameter names mapped to lists of values, or runs:")
    what.add_argument("--scenarios", metavar="all|NAME,...", help="one run per scenario of data/scenarios.csv")
    sweep.add_argument("--out", type=Path, required=True, help="output folder: one subfolder per run, summary.csv")
    sweep.add_argument("--jobs", type=int, default=None, help="runs at once on this machine (default: one per core)")
    sweep.add_argument("--scheduler", metavar="ADDRESS", help="run on this Dask distributed scheduler instead")
    sweep.add_argument("--force", action="store_true", help="redo runs that completed before")
    site = commands.add_parser("site", help="render the built notebooks, their outputs and the scorecard as HTML")
    site.add_argument("--results", type=Path, default=DEFAULT_BUILD_DIR,
                      help=f"folder written by build (default: {shown(DEFAULT_BUILD_DIR)})")
    site.add_argument("--out", type=Path, default=SITE_DIR, help=f"site folder (default: {shown(SITE_DIR)})")
    return parser


def _sweep(args) -> list:
    from tqdm import tqdm

    from . import sweep

    defaults = sweep.parameters_of(args.notebook)
    runs = sweep.read_grid(args.grid, defaults) if args.grid else sweep.scenario_runs(args.scenarios, defaults)
    with tqdm(total=len(runs), desc="runs", unit="run", file=sys.stderr, disable=None) as bar:
        results = sweep.run_sweep(args.notebook, runs, args.out, args.jobs, args.scheduler, args.force,
                                  on_done=lambda r: bar.update())
    sweep.summary(runs, results, args.out)
    for run, result in zip(runs, results):
        if not result.ok:
            print(f"failed  {run.name} {run.parameters}: {result.error}", file=sys.stderr)
    kept = sum(r.skipped for r in results)
    failed = sum(not r.ok for r in results)
    print(f"{len(results) - failed} of {len(results)} runs complete ({kept} kept from before); "
          f"summary: {shown(args.out / 'summary.csv')}")
    return results


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    from . import runner

    try:
        if getattr(args, "jobs", None) is not None and args.jobs < 1:
            raise ParameterError(f"--jobs must be a whole number >= 1 (got {args.jobs})")
        if args.command == "site":
            from .site import build_site

            print(f"site: {shown(build_site(args.results, args.out))}")
            return 0
        if args.command == "sweep":
            results = _sweep(args)
        elif args.command == "run":
            parameters = read_parameter_file(args.parameters_file) if args.parameters_file else {}
            parameters.update({name: parse_value(value) for name, value in args.parameter})
            results = [runner.run_notebook(args.notebook, parameters, args.out)]
        else:
            results = runner.build(args.out, args.jobs, args.store,
                                   on_done=lambda r: print(runner.describe(r), flush=True))
    except ParameterError as error:
        print(f"mlfootprint {args.command}: ParameterError: {error}", file=sys.stderr)
        return 2
    failed = [r for r in results if not r.ok]
    if args.command == "run":
        print(runner.describe(results[0]), file=sys.stderr if failed else sys.stdout)
    elif args.command == "build":
        print(f"{len(results) - len(failed)} of {len(results)} notebooks ran; outputs in {shown(args.out)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
