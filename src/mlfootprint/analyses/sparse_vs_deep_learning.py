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

from .. import energy, plotting, steps
from ..notebook_parameters import SparseParameters as Parameters
from ..catalogue import find
from ..claims import Recomputed
from ..units import JOULES_PER_KWH

TEST_SHARE = 0.25
SPARSE, DEEP = "sparse model (L1 logistic regression)", "neural network (multi-layer perceptron)"


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


def as_claimed(params: Parameters) -> bool:
    """Whether this run's times and energy ratio are the vendor's claim (the declared defaults)."""
    fields = Parameters.__dataclass_fields__
    return all(getattr(params, name) == fields[name].default for name in ("sparse_minutes", "dl_minutes",
                                                                           "energy_ratio"))


def _percent(ratio: float) -> str:
    return f"{plotting.number(ratio * 100, 2).rstrip('0').rstrip('.') if ratio * 100 < 10 else f'{ratio * 100:,.0f}'} %"


def _claim_title(params: Parameters) -> str:
    """The claim figure's title: "as claimed" for the vendor's numbers, else which numbers are this run's and which
    the vendor's (the training times, each or both, and the energy ratio)."""
    if as_claimed(params):
        return "Sparse modeling against deep learning, as claimed"
    vendor = {name: Parameters.__dataclass_fields__[name].default for name in ("sparse_minutes", "dl_minutes",
                                                                               "energy_ratio")}
    same = {name: getattr(params, name) == default for name, default in vendor.items()}
    items = {"energy ratio": same["energy_ratio"]}
    if same["sparse_minutes"] == same["dl_minutes"]:
        items = {"training times": same["sparse_minutes"], **items}
    else:
        items = {"sparse modeling's time": same["sparse_minutes"], "deep learning's time": same["dl_minutes"], **items}
    ours, theirs = [item for item, kept in items.items() if not kept], [item for item, kept in items.items() if kept]
    return "Sparse modeling against deep learning:\nthis run's " + " and ".join(ours) + (
        f"; the vendor's {' and '.join(theirs)}" if theirs else " (none of them the vendor's)")


SHORTEST_BAR = 0.01
"""A bar shorter than this share of the tallest bar beside it is drawn at it, so that it shows; its label gives its
value."""


@plotting.drawing
def figure_claim(params: Parameters, claimed: bool):
    """Article Fig. 6: training time and energy, sparse modeling against deep learning, as claimed (hollow black:
    stated numbers, not measurements) or as this run's parameters state them. Linear axes: the point is a ratio; a
    bar too short to see is drawn at `SHORTEST_BAR` of the tallest, its value written above it."""
    table = claim(params).loc[["sparse modeling", "deep learning"]]
    fig, (left, right) = plt.subplots(1, 2, figsize=(plotting.TWO_COLUMNS, 5.2))
    style = dict(facecolor="white", edgecolor=plotting.COLORS["published"], linewidth=1.5, width=0.55)
    raised = False
    for ax, values, texts, label in (
            (left, table["training_minutes"], [f"{plotting.PlainLabels()(m)} min" for m in table["training_minutes"]],
             "training time (minutes)"),
            (right, table["relative_energy"] * 100, [_percent(r) for r in table["relative_energy"]],
             "energy (% of deep learning's)")):
        shown = np.maximum(values, values.max() * SHORTEST_BAR)
        raised |= bool((shown > values).any())
        ax.bar(range(2), shown, **style)
        for x, value, text in zip(range(2), shown, texts):
            plotting.value_label(ax, text, (x, value), offset=(0, 4))
        ax.set_xticks(range(2), table.index)
        ax.grid(axis="x", visible=False)
        plotting.plain_axis(ax, "y")
        plotting.decorate(ax, ylabel=label, ylim=(0, values.max() * 1.15))
    left.set_title("Training time")
    right.set_title("Energy")
    plotting.title(fig, _claim_title(params))
    vendor = {name: field.default for name, field in Parameters.__dataclass_fields__.items()}
    plotting.caption(fig, "HACARUS, Edge AI Evangelist's Thoughts Vol.18 (2022) and Vol.22" if claimed else
                     f"this run's parameters; the vendor claims {vendor['sparse_minutes']:g} against "
                     f"{vendor['dl_minutes']:g} minutes and {_percent(vendor['energy_ratio'])} of the energy (HACARUS, "
                     f"Edge AI Evangelist's Thoughts Vol.18, 2022)",
                     "Hollow bars: stated numbers, not measurements; no measurement is published",
                     *([f"A bar under {_percent(SHORTEST_BAR)} of the tallest is drawn at {_percent(SHORTEST_BAR)} so "
                        "that it shows; its label gives its value"] if raised else []))
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


def estimated(method: str) -> bool:
    """True when any device's energy in `method` (from `measurement_method`) comes from a power model or a
    constant rather than from energy counters."""
    return "estimate" in method or method == "unknown"


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


def _models(params: Parameters) -> dict:
    """A fresh, seeded, untrained instance of each model."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    return {
        SPARSE: LogisticRegression(C=params.l1_C, l1_ratio=1.0, solver="saga", tol=1e-3, max_iter=1000,
                                   random_state=params.seed),
        DEEP: MLPClassifier(hidden_layer_sizes=(params.mlp_hidden,), max_iter=params.mlp_max_iter,
                            random_state=params.seed),
    }


def measure(params: Parameters, grid_g_per_kwh: float) -> pd.DataFrame:
    """Train both models `repeats` times each, alternating them (so that a slow moment of the machine does not
    fall on one model only), on the same split of scikit-learn's digits (single-threaded, seeded), and measure
    every run: test accuracy, non-zero and total weights, whether the fit converged (instead of a warning), wall
    and CPU time (s), energy (kWh, one CodeCarbon task per run) and CO2e (g) with the run's grid factor. One
    row per run (columns `model`, `run`). Accuracy, sparsity and convergence are the same in every run and on
    every machine for a seed; times and energy are not."""
    from sklearn.exceptions import ConvergenceWarning
    from threadpoolctl import threadpool_limits

    x_train, x_test, y_train, y_test = _data(params)
    tracker = _tracker()
    rows = []
    for run in range(1, params.repeats + 1):
        for name, model in _models(params).items():
            with threadpool_limits(1), warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ConvergenceWarning)
                tracker.start_task(f"{name} {run}")
                wall, cpu = time.perf_counter(), time.process_time()
                model.fit(x_train, y_train)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                kwh = float(tracker.stop_task().energy_consumed)
            converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
            weights = [model.coef_] if hasattr(model, "coef_") else model.coefs_
            rows.append({"model": name, "run": run, "accuracy": float(model.score(x_test, y_test)),
                         "nonzero_weights": int(sum(np.count_nonzero(w) for w in weights)),
                         "total_weights": int(sum(w.size for w in weights)), "converged": converged,
                         "wall_s": wall, "cpu_s": cpu, "energy_kwh": kwh,
                         "co2e_g": energy.co2e_kg(kwh, grid_g_per_kwh) * 1000})
    method = measurement_method(tracker)
    return pd.DataFrame(rows).assign(method=method).sort_values(["model", "run"], key=_model_order,
                                                                 ignore_index=True)


def _model_order(column: pd.Series) -> pd.Series:
    return column.map({SPARSE: 0, DEEP: 1}) if column.name == "model" else column


OUTCOME_COLUMNS = ["accuracy", "nonzero_weights", "total_weights", "converged"]
MEASURED_COLUMNS = ["wall_s", "cpu_s", "energy_kwh", "co2e_g"]


def outcomes(measurements: pd.DataFrame) -> pd.DataFrame:
    """What each model learned (the same in every run and on every machine for a seed): accuracy, non-zero and
    total weights, convergence; one row per model."""
    per_model = measurements.groupby("model", sort=False)[OUTCOME_COLUMNS]
    if (per_model.nunique() > 1).any().any():
        raise ValueError("the runs of one model learned different models; expected the same result for one seed")
    return per_model.first()


def spread(measurements: pd.DataFrame) -> pd.DataFrame:
    """Median, lowest and highest of each measured quantity (wall and CPU time, energy, CO2e) over the runs of
    each model: one row per model and quantity."""
    grouped = measurements.groupby("model", sort=False)[MEASURED_COLUMNS]
    table = pd.concat({"median": grouped.median().stack(), "min": grouped.min().stack(),
                       "max": grouped.max().stack()}, axis=1).rename_axis(["model", "quantity"])
    table.insert(0, "runs", grouped.size().reindex(table.index.get_level_values("model")).to_numpy())
    return table


def measured_ratios(measurements: pd.DataFrame) -> pd.DataFrame:
    """Sparse model against neural network, median over the runs: time, CPU time and energy as fractions (the
    claim says 0.2 and 0.01)."""
    median = measurements.groupby("model")[["wall_s", "cpu_s", "energy_kwh"]].median()
    sparse, deep = median.loc[SPARSE], median.loc[DEEP]
    return pd.DataFrame({"sparse / neural network": [sparse[c] / deep[c] for c in ("wall_s", "cpu_s", "energy_kwh")]},
                        index=pd.Index(["wall time", "CPU time", "energy"], name="measured ratio (medians)"))


@plotting.drawing
def figure_measured(measurements: pd.DataFrame):
    """The runs on this machine: wall time and energy of every run of both models (points), with each model's
    median (bar) and range (line); the energy panel says whether CodeCarbon measured or estimated it."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(plotting.TWO_COLUMNS, 5.6))
    method = measurements["method"].iloc[0]
    how = "estimated by CodeCarbon" if estimated(method) else "measured by CodeCarbon"
    names = {SPARSE: "sparse model (L1)", DEEP: "neural network (MLP)"}
    blue = plotting.COLORS["this run"]
    runs = int(measurements.groupby("model").size().max())
    panels = ((left, "wall_s", 1.0, "training wall time (s)", "Wall time", "s"),
              (right, "energy_kwh", JOULES_PER_KWH, f"training energy (J, {how.split(' by ')[0]})",
               f"Energy, {how}", "J"))
    for ax, column, scale, ylabel, title, unit in panels:
        for i, model in enumerate(names):
            values = measurements.loc[measurements["model"] == model, column].to_numpy() * scale
            offsets = np.linspace(-0.12, 0.12, len(values)) if len(values) > 1 else np.zeros(1)
            ax.scatter(i + offsets, values, color=blue, s=30, alpha=0.75, zorder=3,
                       label="one run" if i == 0 else None)
            median = float(np.median(values))
            ax.vlines(i + 0.26, values.min(), values.max(), color="0.3", linewidth=1.5,
                      label="lowest to highest" if i == 0 else None)
            ax.hlines(median, i - 0.2, i + 0.2, color="black", linewidth=2.5, label="median" if i == 0 else None)
            plotting.value_label(ax, f"{plotting.number(median, 2)} {unit}", (i + 0.3, median), va="bottom")
        ax.set_xticks(range(len(names)), list(names.values()))
        ax.grid(axis="x", visible=False)
        plotting.plain_axis(ax, "y")
        top = measurements[column].max() * scale
        plotting.decorate(ax, title=title, ylabel=ylabel, xlim=(-0.5, 1.95), ylim=(0, top * 1.15))
    plotting.legend_below(left)
    plotting.title(fig, f"Both models on this machine, {runs} runs each")
    plotting.caption(fig, f"scikit-learn's digits (8x8 images, 10 classes), each model trained {runs} times, "
                          f"alternating, one thread, same seed",
                     f"Energy: CodeCarbon OfflineEmissionsTracker, {method}. Medians to 2 figures: times vary from "
                     f"run to run")
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


class Steps(steps.Steps):
    """Notebook 06's chain: the claim as stated and what it implies, both models trained and measured on this
    machine (when `run_experiment`), the figures and the ledger."""

    NOTEBOOK = find("06")
    TABLES = ("measurements",)

    @steps.step
    def claim(self) -> pd.DataFrame:
        return claim(self.params)

    @steps.step
    def consistency(self) -> pd.DataFrame:
        return consistency(self.params)

    @steps.step
    def grid(self) -> energy.Factors:
        """The grid factor of the measured runs: the scenario's, or `lbs_per_kwh` where given (its PUE is not
        applied: a desktop machine, not a data centre)."""
        return energy.factors(self.params.scenario, None, self.params.lbs_per_kwh)

    def used_factors(self) -> dict:
        """The grid factor of the measured runs (no PUE is applied to a desktop machine)."""
        return {"grid_g_per_kwh": self.grid.g_per_kwh}

    @steps.step
    def measurements(self) -> pd.DataFrame | None:
        """Every training run measured (None when the experiment is not run)."""
        return measure(self.params, self.grid.g_per_kwh) if self.params.run_experiment else None

    @steps.step
    def spread(self) -> pd.DataFrame | None:
        return None if self.measurements is None else spread(self.measurements)

    @steps.step
    def measured_ratios(self) -> pd.DataFrame | None:
        return None if self.measurements is None else measured_ratios(self.measurements)

    @steps.step
    def outcomes(self) -> pd.DataFrame | None:
        return None if self.measurements is None else outcomes(self.measurements)

    @steps.step
    def recomputed(self) -> Recomputed:
        return recomputed(self.params)

    @steps.figure("sparse-claim")
    def figure_claim(self):
        return figure_claim(self.params, as_claimed(self.params))

    @steps.figure("sparse-measured")
    def figure_measured(self):
        return None if self.measurements is None else figure_measured(self.measurements)
