"""Time the vectorized energy functions: Eq. 1, Eq. 2 and the cost range for a million what-if scenarios in-process.

Run: .venv/bin/python benchmarks/bench_energy.py [--scenarios N] [--repeat R]
Each scenario is the NAS run of Strubell et al. 2019 Table 3 (274,120 h at 1515.43 W on 8 P100) with its own PUE,
grid factor and price; the script prints the median wall time of R repeats (input validation included).
"""

import argparse
import statistics
import time

import numpy as np

from mlfootprint import energy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    pue = rng.uniform(1.0, 2.0, args.scenarios)
    grid = rng.uniform(0.0, 1.6, args.scenarios)
    price = rng.uniform(0.3, 3.0, args.scenarios)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        kwh = energy.energy_kwh(274_120, 1515.43, pue)
        energy.co2e_lb(kwh, grid)
        energy.cloud_cost_usd(274_120, 8, price)
        times.append(time.perf_counter() - start)
    print(f"scenarios: {args.scenarios:,}, repeats: {args.repeat}")
    print(f"Eq. 1 + Eq. 2 + cost, median: {statistics.median(times) * 1000:.1f} ms "
          f"({statistics.median(times) / args.scenarios * 1e9:.1f} ns per scenario)")


if __name__ == "__main__":
    main()
