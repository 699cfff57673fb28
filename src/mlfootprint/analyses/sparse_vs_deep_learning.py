"""The sparse-modeling claim (article Fig. 6): the vendor's numbers, their consistency, and an analogous
experiment measured on the reader's own machine.

Notebook: notebooks/06-sparse-vs-deep-learning.ipynb.
"""

import logging
import time
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import energy, plotting
from ..catalogue import SparseParameters as Parameters
from ..catalogue import find
from ..claims import Recomputed
from ..units import JOULES_PER_KWH, lb_to_kg

NOTEBOOK = find("06")
TEST_SHARE = 0.25
SPARSE, DEEP = "sparse model (L1 logistic regression)", "neural network (multi-layer perceptron)"


def grid_factor(params: Parameters) -> energy.Factors:
    """The grid factor of the measured run: the scenario's, or `lbs_per_kwh` where given."""
    return energy.factors(params.scenario, None, params.lbs_per_kwh)


def claim(params: Parameters) -> pd.DataFrame:
    """The claim as stated: training time and energy of each approach, deep learning = 1, and the average power
    that the two ratios imply (energy / time)."""
    time_ratio = params.sparse_minutes / params.dl_minutes
    return pd.DataFrame({
        "training_minutes": [params.dl_minutes, params.sparse_minutes],
        "relative_time": [1.0, time_ratio],
        "relative_energy": [1.0, params.energy_ratio],
        "relative_average_power": [1.0, params.energy_ratio / time_ratio],
    }, index=pd.Index(["deep learning", "sparse modeling"], name="approach"))


def consistency(params: Parameters) -> pd.DataFrame:
    """What the stated numbers imply: the speed-up, and how much lower the sparse run's average power must be."""
    stated = claim(params).loc["sparse modeling"]
    return pd.DataFrame({"value": [1 / stated["relative_time"], 1 / stated["relative_energy"],
                                   1 / stated["relative_average_power"]]},
                        index=pd.Index(["times faster", "times less energy", "times lower average power"],
                                       name="implied by the claim"))


def recomputed(params: Parameters) -> Recomputed:
    """Notebook 06's claims are not checkable: no measurement of the vendor's is published. The explanations say
    what the stated numbers imply."""
    factor = consistency(params)["value"]
    return Recomputed({"sparse-4-5x-faster": None, "sparse-1-percent-energy": None}, {
        "sparse-4-5x-faster": ("{dl_minutes:g} against {sparse_minutes:g} minutes is {speedup:.3g}x, consistent with "
                               "the claim, but no dataset, model, hardware or measurement is published to check it"),
        "sparse-1-percent-energy": ("in {time_share:.2g} of the time, {energy_ratio:g} of the energy needs "
                                    "{power_factor:.3g}x lower average power (e.g. a CPU or embedded board against a "
                                    "GPU server); the hardware and the measurement are not published"),
    }, {"dl_minutes": params.dl_minutes, "sparse_minutes": params.sparse_minutes, "speedup": factor.iloc[0],
        "time_share": 1 / factor.iloc[0], "energy_ratio": params.energy_ratio, "power_factor": factor.iloc[2]})


def figure_claim(params: Parameters):
    """Article Fig. 6 as stated: training time and energy, deep learning against sparse modeling."""
    plotting.use_style()
    table = claim(params)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4))
    colors = ["C3", "C0"]
    left.bar(table.index, table["training_minutes"], color=colors)
    left.set_ylabel("training time (minutes)")
    left.set_title("Training time, as claimed")
    right.bar(table.index, table["relative_energy"] * 100, color=colors)
    right.set_ylabel("energy (% of deep learning)")
    right.set_title("Energy, as claimed")
    for ax, column, fmt in ((left, "training_minutes", "{:g} min"), (right, "relative_energy", "{:.0%}")):
        for x, value in enumerate(table[column]):
            ax.text(x, value * (100 if column == "relative_energy" else 1), fmt.format(value), ha="center",
                    va="bottom", fontsize=9)
    plotting.caption(fig, "Source: HACARUS, Edge AI Evangelist's Thoughts Vol.18 (2022) and Vol.22 (claim only; no "
                          "measurement published). Code: mlfootprint.analyses.sparse_vs_deep_learning.figure_claim")
    return fig


def measurement_method(tracker) -> str:
    """How CodeCarbon measured on this machine: RAPL or NVML counters, or a power model (TDP / constant)."""
    parts = []
    for device in getattr(tracker, "_hardware", []):
        mode = getattr(device, "_mode", None) or ("constant estimate" if type(device).__name__ == "RAM" else "")
        described = {"intel_rapl": "Intel RAPL energy counters (measured)",
                     "cpu_load": "power model: TDP x CPU load (estimated, not measured)",
                     "constant": "constant power from TDP (estimated, not measured)"}.get(mode, mode or "measured")
        parts.append(f"{type(device).__name__}: {described}")
    return "; ".join(parts) or "unknown"


def _tracker():
    from codecarbon import OfflineEmissionsTracker

    logging.getLogger("codecarbon").setLevel(logging.ERROR)  # after the import, which sets its own level

    # output_methods=[]: CodeCarbon writes no emissions.csv anywhere; only its energy is used (CO2e comes from
    # this package's grid factor, not from CodeCarbon's country factor)
    return OfflineEmissionsTracker(country_iso_code="USA", output_methods=[], log_level="error",
                                   measure_power_secs=1, tracking_mode="process")


def _data(params: Parameters):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    x, y = load_digits(return_X_y=True)
    if params.n_samples < len(y):
        x, _, y, _ = train_test_split(x, y, train_size=params.n_samples, random_state=params.seed, stratify=y)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=TEST_SHARE, random_state=params.seed,
                                                        stratify=y)
    scaler = StandardScaler().fit(x_train)
    return scaler.transform(x_train), scaler.transform(x_test), y_train, y_test


def measure(params: Parameters) -> pd.DataFrame:
    """Train both models on the same split of scikit-learn's digits (single-threaded, seeded) and measure each:
    test accuracy, non-zero and total weights, whether the fit converged (instead of a warning), wall and CPU
    time (s), energy (kWh, CodeCarbon) and CO2e (g) with this package's grid factor. Accuracy, sparsity and
    convergence are deterministic for a seed; times and energy are not."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_limits

    x_train, x_test, y_train, y_test = _data(params)
    models = {
        SPARSE: LogisticRegression(C=params.l1_C, l1_ratio=1.0, solver="saga", tol=1e-3, max_iter=1000,
                                   random_state=params.seed),
        DEEP: MLPClassifier(hidden_layer_sizes=(params.mlp_hidden,), max_iter=params.mlp_max_iter,
                            random_state=params.seed),
    }
    rows = []
    for name, model in models.items():
        tracker = _tracker()
        with threadpool_limits(1), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            tracker.start()
            wall, cpu = time.perf_counter(), time.process_time()
            model.fit(x_train, y_train)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            tracker.stop()
        converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
        weights = [model.coef_] if hasattr(model, "coef_") else model.coefs_
        kwh = float(tracker.final_emissions_data.energy_consumed)
        rows.append({"model": name, "accuracy": float(model.score(x_test, y_test)),
                     "nonzero_weights": int(sum(np.count_nonzero(w) for w in weights)),
                     "total_weights": int(sum(w.size for w in weights)), "converged": converged,
                     "wall_s": wall, "cpu_s": cpu, "energy_kwh": kwh,
                     "co2e_g": lb_to_kg(energy.co2e_lb(kwh, grid_factor(params).lbs_per_kwh)) * 1000,
                     "method": measurement_method(tracker)})
    return pd.DataFrame(rows).set_index("model")


def measured_ratios(measurements: pd.DataFrame) -> pd.DataFrame:
    """Sparse model against neural network: time, CPU time and energy as fractions (the claim says 0.2 and 0.01)."""
    sparse, deep = measurements.loc[SPARSE], measurements.loc[DEEP]
    return pd.DataFrame({"sparse / neural network": [sparse[c] / deep[c] for c in ("wall_s", "cpu_s", "energy_kwh")]},
                        index=pd.Index(["wall time", "CPU time", "energy"], name="measured ratio"))


def figure_measured(measurements: pd.DataFrame):
    """The measured run: wall time and energy of both models on this machine."""
    plotting.use_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4))
    labels = ["sparse (L1)", "neural net (MLP)"]
    colors = ["C0", "C3"]
    left.bar(labels, measurements["wall_s"], color=colors)
    left.set_ylabel("training wall time (s)")
    right.bar(labels, measurements["energy_kwh"] * JOULES_PER_KWH, color=colors)
    right.set_ylabel("training energy (J, CodeCarbon)")
    for ax in (left, right):
        ax.set_title("Measured on this machine")
    plotting.caption(fig, "Data: scikit-learn digits (8x8 images, 10 classes). Energy: CodeCarbon "
                          "OfflineEmissionsTracker; see the method in the notebook. "
                          "Code: mlfootprint.analyses.sparse_vs_deep_learning")
    return fig


def warm_up() -> None:
    """One-off preparation that forked runs inherit (the fast engine calls it in its parent process): CodeCarbon
    probes the hardware when its first tracker starts (about 3.5 s on a 2-core machine) and caches the result for
    the process; sklearn's estimators are imported."""
    import sklearn.linear_model  # noqa: F401
    import sklearn.neural_network  # noqa: F401

    tracker = _tracker()
    tracker.start()
    tracker.stop()
