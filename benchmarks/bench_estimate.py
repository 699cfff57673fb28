"""Time the estimator's Monte Carlo: one training run with every factor sampled, a million samples, in-process.

Run: .venv/bin/python benchmarks/bench_estimate.py [--samples N] [--repeat R]
The run is notebook 08's default (64 H100 SXM for 240 h, location not given), timed twice: the operational footprint
alone (power fraction, server overhead, PUE, grid and price drawn: energy, CO2e and electricity cost, as issue #14
asked) and the whole footprint (issue #25: ten more factors drawn for the embodied emissions, the water and the full
cost, every term and quantity with its interval). Each repeat draws the samples, evaluates every term for all of them
and takes the 5-95 % intervals (input checks included; the factors are read once, before timing). Both issues ask
for under 1 s at a million samples. The script prints the median wall time of R repeats.
"""

import argparse
import statistics
import time

from mlfootprint import estimate, footprint, statement
from mlfootprint.notebook_parameters import EstimateParameters


def timed(run, factors, samples: int, repeat: int) -> tuple[float, estimate.Estimate]:
    """The median wall time (s) of `repeat` estimates, and the last estimate."""
    times = []
    for seed in range(repeat):
        start = time.perf_counter()
        result = estimate.compute(run, factors, samples, seed)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    params = EstimateParameters(samples=args.samples)
    run = estimate.training_run(params.hardware, params.count, params.hours)
    operational = estimate.chosen_factors(params.hardware)
    whole, _ = footprint.chosen_factors(params.hardware, run.factor_kind, "all", params.cost_basis, {})
    print(f"samples: {args.samples:,}, repeats: {args.repeat}")
    for name, factors in (("operational footprint", operational), ("whole footprint", {**operational, **whole})):
        seconds, result = timed(run, factors, args.samples, args.repeat)
        quantity = "total CO2e" if "total CO2e" in result.quantities else "CO2e"
        print(f"{name}: {sum(f.sampled for f in factors.values())} factors sampled, {len(result.counted)} terms and "
              f"{len(result.quantities)} quantities with their intervals; median {seconds * 1000:.0f} ms "
              f"({seconds / args.samples * 1e9:.0f} ns per sample); {quantity} "
              f"{statement.shown(result, quantity)[0]} ({statement.shown(result, quantity)[1]})")


if __name__ == "__main__":
    main()
