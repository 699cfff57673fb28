"""The parameters of every notebook, declared once: for each, a frozen dataclass whose fields are made with
`mlfootprint.parameters.param` (type, default, unit, allowed values, help). The check of every value, the
`mlfootprint params` listing, the notebook's `parameters` cell and the cell that validates it all derive from it.

Light on purpose: no pandas, no matplotlib, and no data file read at import (allowed values listed in data files are
read when a value is checked), so that refusing a bad value costs milliseconds.
"""

from dataclasses import dataclass

from . import grids
from .checks import ParameterError
from .limits import BOOTSTRAP_LIMIT, MAX_BOOTSTRAP, MAX_SAMPLES, MAX_SEED, SAMPLES_LIMIT
from .parameters import BUNDLED, Parameters, column_values, param
from .units import grid_units_in

SCENARIOS = ("scenarios.csv", "scenario")
SEED = dict(low=0, high=MAX_SEED)
ARTICLE_DATE = "2022-03-10"
"""Publication date of the article: HACARUS, Edge AI Evangelist's Thoughts Vol. 18, by Haruyuki Tago, at
hacarus.com/ai-lab/03102022-decarbonizing-ai/ (dated 03/10/2022). By default an analysis uses only data published up
to this date, so that its verdict on the article rests on what the article could have seen."""


def _bootstrap(default: int = 2000):
    return param(default, "int", "bootstrap resamples for the intervals", "resamples", low=100, high=MAX_BOOTSTRAP,
                 limit=BOOTSTRAP_LIMIT)


def _seed():
    return param(0, "int", "random seed of the bootstrap", **SEED)


def _window_check(parameters) -> None:
    if parameters.start >= parameters.end:
        raise ParameterError(f"start must be before end (got start {parameters.start}, end {parameters.end})")


@dataclass(frozen=True)
class AiAndComputeParameters(Parameters):
    dataset: str = param(BUNDLED, "dataset", "OpenAI's chart systems, or Epoch AI's Notable AI Models CSV")
    start: str = param("1959-01-01", "date", "first publication date in the window")
    end: str = param("2018-12-31", "date", "last publication date in the window", year_end=True)
    era_boundary: str = param("2012-01-01", "date", "first day of the modern era (the article's choice); 'auto': the "
                              "fitted breakpoint", choices=("auto",))
    n_bootstrap: int = _bootstrap()
    seed: int = _seed()

    def check(self):
        _window_check(self)
        if self.era_boundary != "auto" and not self.start < self.era_boundary < self.end:
            raise ParameterError(f"era_boundary must lie between start and end (got {self.era_boundary})")


@dataclass(frozen=True)
class AlexNetParameters(Parameters):
    n_gpus: int = param(2, "int", "number of GPUs; AlexNet used 2 (Krizhevsky et al. 2012)", "GPUs", low=1,
                        high=1_000_000, limit="more accelerators than any training run has used")
    gpu: str = param("GTX 580", "choice", "GPU whose peak FLOP/s is used",
                     choices_from=("hardware.csv", "name"))
    days: float = param(5.5, "float", "training time; the paper says five to six days", "days", low=0,
                        low_open=True, high=3650, limit="ten years")
    utilization: float = param(0.33, "float", "share of peak FLOP/s achieved; OpenAI assumes 0.33 for GPUs",
                               "fraction", low=0, high=1, low_open=True)
    n_images: float = param(1.2e6, "float", "training images per epoch; ImageNet-1k has 1.2 million", "images",
                            low=1, high=1e12, limit="a thousand times the largest image datasets")
    epochs: float = param(90, "float", "passes over the training set; AlexNet: 90", "epochs", low=0, low_open=True,
                          high=1e6, limit="a million passes")
    gflop_per_image: float = param(0.75, "float", "forward-pass cost per image, as OpenAI counts it",
                                   "G multiply-adds", low=0, low_open=True, high=1e9, limit="a million times AlexNet")


@dataclass(frozen=True)
class ModelSizeParameters(Parameters):
    dataset: str = param(BUNDLED, "dataset", "data/parameter_counts.csv, or Epoch AI's Notable AI Models CSV")
    start: str = param("2012-01-01", "date", "first publication date in the window (the deep learning era)")
    end: str = param(ARTICLE_DATE, "date", "last publication date in the fitted window (default: the article's "
                     "date; later models are fitted apart, as an extension)", year_end=True)
    domains: list = param(["language", "vision"], "choices", "domains to fit", choices=("language", "vision"))
    n_bootstrap: int = _bootstrap()
    seed: int = _seed()

    def check(self):
        _window_check(self)


def _scenario(default: str, help: str = "named, dated and sourced PUE and grid factor"):
    return param(default, "choice", help, choices_from=SCENARIOS)


def _pue():
    return param(None, "float", "data-centre PUE", "ratio", low=1, high=5, optional=True,
                 none_means="the scenario's", limit="worse than any surveyed data centre")


def _lbs_per_kwh():
    return param(None, "quantity", "grid factor", "lb CO2e/kWh", low=0, high=5, optional=True,
                 units=grid_units_in("lb/kWh"), none_means="the scenario's", limit="over twice the dirtiest national grid")


def _electricity_price():
    return param(None, "float", "electricity price", "USD/kWh", low=0, high=10, optional=True,
                 none_means="Strubell et al.'s footnote 9, 0.12")


@dataclass(frozen=True)
class StrubellTableParameters(Parameters):
    scenario: str = _scenario("strubell-2019")
    pue: float | None = _pue()
    lbs_per_kwh: float | None = _lbs_per_kwh()
    price_per_hour_low: float | None = param(
        None, "float", "cloud price for every run, low bound (give both)", "USD per accelerator-hour", low=0,
        low_open=True, high=1000, optional=True, none_means="footnote 7's price per accelerator")
    price_per_hour_high: float | None = param(
        None, "float", "cloud price for every run, high bound", "USD per accelerator-hour",
        low=0, low_open=True, high=1000, optional=True, none_means="footnote 7's price per accelerator")
    electricity_usd_per_kwh: float | None = _electricity_price()

    def check(self):
        low, high = self.price_per_hour_low, self.price_per_hour_high
        if (low is None) != (high is None):
            raise ParameterError("price_per_hour_low and price_per_hour_high must be given together (or both None)")
        if low is not None and low > high:
            raise ParameterError(f"price_per_hour_low must be <= price_per_hour_high (got {low:g} > {high:g})")


@dataclass(frozen=True)
class ComparisonsParameters(Parameters):
    unit: str = param("lb", "choice", "mass unit of the figure and table", choices=("lb", "kg"))
    scenario: str = _scenario("strubell-2019")
    pue: float | None = _pue()
    lbs_per_kwh: float | None = _lbs_per_kwh()


@dataclass(frozen=True)
class SparseParameters(Parameters):
    sparse_minutes: float = param(20, "float", "training time of sparse modeling, as claimed", "minutes", low=0,
                                  low_open=True, high=1e6, limit="about two years")
    dl_minutes: float = param(100, "float", "training time of deep learning, as claimed", "minutes", low=0,
                              low_open=True, high=1e6, limit="about two years")
    energy_ratio: float = param(0.01, "float", "sparse modeling's training energy over deep learning's, as claimed",
                                "fraction", low=0, low_open=True, high=100)
    run_experiment: bool = param(True, "bool", "train and measure both models on this machine")
    repeats: int = param(5, "int", "training runs of each model, alternating the two; the figure shows every run, "
                         "the median and the range", "runs", low=3, high=100,
                         limit="a hundred runs pin the spread down; more only take longer")
    n_samples: int = param(1797, "int", "digits images used", "images", low=100, high=1797,
                           limit="scikit-learn's digits hold 1,797 images")
    seed: int = param(0, "int", "seed of the split and of both models", **SEED)
    l1_C: float = param(0.1, "float", "inverse L1 strength of the sparse model; smaller gives fewer weights", "",
                        low=0, low_open=True, high=1e6)
    mlp_hidden: int = param(256, "int", "hidden units of the neural network", "units", low=1, high=100_000)
    mlp_max_iter: int = param(300, "int", "training epochs of the neural network at most", "epochs", low=1,
                              high=100_000)
    scenario: str = _scenario("us-2023", "grid factor for CO2e (its PUE is not applied)")
    lbs_per_kwh: float | None = _lbs_per_kwh()


@dataclass(frozen=True)
class WhatIfParameters(Parameters):
    scenarios: list | str = param("all", "choices", "scenarios to compare (data/scenarios.csv)",
                                  choices_from=SCENARIOS, all_allowed=True)
    electricity_usd_per_kwh: float | None = _electricity_price()


WHOLE_FOOTPRINT_TERMS = ("embodied", "water", "hardware_cost")
"""The terms of the whole footprint a user may switch off (mlfootprint.footprint.OPTIONS)."""
COST_BASES = ("owned", "cloud")
TERM_OPTIONS = {"embodied": ("embodied_kg_per_accelerator", "embodied_kg_per_server", "accelerators_per_server",
                             "lifetime_years", "usage_share"),
                "water": ("wue_l_per_kwh", "ewif_l_per_kwh"),
                "hardware_cost": ("hardware_usd_per_accelerator", "amortisation_per_year", "interconnect_share",
                                  "cloud_usd_per_hour")}
"""The options that give a factor of each switchable term."""


def _lifecycle(help: str, unit: str, low: float, high: float, limit: str, low_open: bool = False):
    return param(None, "float", help, unit, low=low, high=high, low_open=low_open, optional=True,
                 none_means="sampled from data/lifecycle_factors.csv", limit=limit)


def _check_whole_footprint(parameters) -> None:
    """A factor given for a term switched off, or a price for the other cost basis, is refused in one line."""
    switched = WHOLE_FOOTPRINT_TERMS if parameters.terms == "all" else tuple(parameters.terms or ())
    for term, options in TERM_OPTIONS.items():
        given = [name for name in options if getattr(parameters, name) is not None]
        if given and term not in switched:
            raise ParameterError(f"{given[0]} is a factor of the {term} term, which terms leaves out (got terms "
                                 f"{parameters.terms!r}); add {term!r} to terms or leave {given[0]} None")
    cloud = parameters.cloud_usd_per_hour is not None
    owned = [name for name in TERM_OPTIONS["hardware_cost"][:3] if getattr(parameters, name) is not None]
    if cloud and parameters.cost_basis != "cloud":
        raise ParameterError(f"cloud_usd_per_hour needs cost_basis 'cloud' (got cost_basis "
                             f"{parameters.cost_basis!r})")
    if owned and parameters.cost_basis != "owned":
        raise ParameterError(f"{owned[0]} is a factor of owned hardware, not of cost_basis 'cloud'; leave it None")


@dataclass(frozen=True)
class EstimateParameters(Parameters):
    """One training run for `mlfootprint estimate` and notebook 08 (the command's options, with - for _). A factor
    left None is drawn from its sourced range in data/factors.csv or, for the whole footprint (`terms`: embodied
    emissions, water, the full cost), data/lifecycle_factors.csv; the grid, without country, value or scenario, from
    the world's national grids weighted by generation."""

    hardware: str = param("H100 SXM", "choice", "accelerator; board power from data/hardware.csv",
                          choices_from=("hardware.csv", "name"), ignore_case=True)
    count: int = param(64, "int", "accelerators training together", "accelerators", low=1, high=1_000_000,
                       limit="more accelerators than any training run has used")
    hours: float = param(240, "float", "hours each accelerator trained (a search of many runs: their sum)", "hours",
                         low=0, low_open=True, high=10_000_000,
                         limit="over 30 times Strubell et al.'s architecture search (274,120 h on 8 GPUs)")
    power_fraction: float | None = param(
        None, "float", "average power while training, as a share of the board power", "fraction", low=0,
        low_open=True, high=1, optional=True, none_means="sampled from data/factors.csv (GPU or TPU)")
    server_overhead: float | None = param(
        None, "float", "server power per accelerator over the accelerator's own (host CPUs, memory, network, fans)",
        "ratio", low=1, high=4, optional=True, none_means="sampled from data/factors.csv (GPU or TPU)",
        limit="about twice the largest ratio of a listed server (2.08)")
    pue: float | None = param(None, "float", "data-centre PUE", "ratio", low=1, high=5, optional=True,
                              none_means="the scenario's, else sampled for a data centre of any kind",
                              limit="worse than any surveyed data centre")
    scenario: str | None = param(None, "choice", "named, dated, sourced PUE and grid; instead of pue",
                                 choices_from=SCENARIOS, optional=True, none_means="none")
    country: str | None = param(None, "str", "ISO 3166-1 alpha-3 code of the grid, e.g. 'FRA' (any case); value "
                                "and year from CodeCarbon's bundled data", optional=True,
                                none_means="the scenario's grid, else sampled over the world's generation")
    grid_g_per_kwh: float | None = param(
        None, "quantity", "grid carbon intensity; instead of country", "g CO2e/kWh", low=0, high=3000,
        units=grid_units_in("g/kWh"), optional=True, none_means="from country or scenario",
        limit="over twice the most carbon-intensive national grid in CodeCarbon's data (1,306 g/kWh)")
    price_per_kwh: float | None = param(None, "float", "electricity price", "USD/kWh", low=0, high=10, optional=True,
                                        none_means="sampled: US industrial average 2023 (EIA)")
    terms: list | str | None = param(
        "all", "choices", "whole-footprint terms counted beyond the operational energy, CO2e and electricity cost",
        choices=WHOLE_FOOTPRINT_TERMS, all_allowed=True, optional=True,
        none_means="none: the operational footprint only, as before issue #25")
    embodied_kg_per_accelerator: float | None = _lifecycle(
        "manufacturing emissions of one accelerator", "kg CO2e", 0, 10_000,
        "about nine times the largest published (1,101 kg, TPU v5p)")
    embodied_kg_per_server: float | None = _lifecycle(
        "manufacturing emissions of one server, accelerators excluded", "kg CO2e", 0, 100_000,
        "about twenty times Boavizta's largest GPU server without its GPUs (5,325 kg)")
    accelerators_per_server: int | None = param(
        None, "int", "accelerators sharing one server", "accelerators", low=1, high=64, optional=True,
        none_means="sampled from data/lifecycle_factors.csv (GPU or TPU)",
        limit="four times the largest listed server (DGX-2, 16 GPUs)")
    lifetime_years: float | None = _lifecycle("years over which the hardware's manufacture is spread", "years", 0,
                                              30, "longer than data-centre hardware is kept", low_open=True)
    usage_share: float | None = _lifecycle("share of the lifetime the hardware is in use (BLOOM: 0.85)", "fraction",
                                           0, 1, "", low_open=True)
    wue_l_per_kwh: float | None = _lifecycle("water evaporated on site per kWh of IT energy (WUE)", "L/kWh", 0, 20,
                                             "twice the highest evaporative cooling figure Li et al. quote (9 L/kWh)")
    ewif_l_per_kwh: float | None = _lifecycle("water consumed to generate a kWh (EWIF)", "L/kWh", 0, 100,
                                              "over twenty times the highest average in data/lifecycle_factors.csv")
    cost_basis: str = param("owned", "choice", "full cost of owned hardware (amortised hardware and interconnect "
                            "plus electricity) or of a cloud rental (its price includes the electricity)",
                            choices=COST_BASES)
    hardware_usd_per_accelerator: float | None = _lifecycle(
        "purchase price per accelerator, its share of the server included (cost_basis owned)", "USD", 0, 10_000_000,
        "about two hundred times a DGX H100's price per GPU", low_open=True)
    amortisation_per_year: float | None = _lifecycle("share of the hardware's value charged per year of use",
                                                     "per year", 0, 1, "the whole price within a year", low_open=True)
    interconnect_share: float | None = _lifecycle("the cluster interconnect's share of the cluster's cost",
                                                  "fraction", 0, 0.99, "an interconnect that is the whole cluster")
    cloud_usd_per_hour: float | None = _lifecycle(
        "cloud price per accelerator-hour (cost_basis cloud)", "USD", 0, 1000,
        "about eighty times the highest listed price (12.29 USD)", low_open=True)
    samples: int = param(10_000, "int", "Monte Carlo samples of the factors not given", "samples", low=100,
                         high=MAX_SAMPLES, limit=SAMPLES_LIMIT)
    seed: int = param(0, "int", "random seed of the samples", **SEED)

    def __post_init__(self):
        if isinstance(self.terms, str) and "," in self.terms:  # the command line's --terms embodied,water
            object.__setattr__(self, "terms", [term.strip() for term in self.terms.split(",")])
        super().__post_init__()

    def check(self):
        if self.pue is not None and self.scenario is not None:
            raise ParameterError(f"give pue or scenario, not both (got pue {self.pue:g} and scenario "
                                 f"{self.scenario!r})")
        if self.country is not None and self.grid_g_per_kwh is not None:
            raise ParameterError(f"give country or grid_g_per_kwh, not both (got country {self.country!r} and "
                                 f"grid_g_per_kwh {self.grid_g_per_kwh:g})")
        _check_whole_footprint(self)
        power = dict(zip(column_values("hardware.csv", "name"), column_values("hardware.csv", "board_power_w")))
        if not power[self.hardware]:
            raise ParameterError(f"hardware {self.hardware!r} has no published board power (see its power_source "
                                 f"in data/hardware.csv), so its energy cannot be estimated; choose another "
                                 f"accelerator")
        if self.country is not None:
            object.__setattr__(self, "country", grids.country(self.country).iso3)


LATEST = "latest"
GRID_ASSUMPTIONS = ("country", "world")
"""Grid assumptions of notebook 09's runs besides a named scenario: each organisation's country, the world's grids."""


@dataclass(frozen=True)
class TrendsTodayParameters(Parameters):
    dataset: str = param(BUNDLED, "dataset", "Epoch AI's Notable AI Models: the bundled 2024-12 snapshot, or the path "
                         "of any download (older ones too)")
    start: str = param("1950-01-01", "date", "first publication date of the compute trends and the training runs")
    end: str = param(LATEST, "date", "last publication date; 'latest': the dataset's latest", choices=(LATEST,),
                     year_end=True)
    era_boundary: str = param("auto", "date", "first day of the modern era; 'auto': the fitted breakpoint",
                              choices=("auto",))
    size_start: str = param("2012-01-01", "date", "first publication date of the parameter-count trends (the deep "
                            "learning era, as in the article's Fig. 3)")
    n_bootstrap: int = _bootstrap()
    seed: int = param(0, "int", "random seed of the bootstrap and of the estimator's samples", **SEED)
    grid: str = param("country", "choice", "grid of each run's CO2e: 'country' (its organisation's, from "
                      "CodeCarbon's data; the world's where none is given), 'world' (drawn over the world's grids), "
                      "or a scenario of data/scenarios.csv (its PUE too)", choices=GRID_ASSUMPTIONS, choices_from=SCENARIOS)

    def check(self):
        dates = {"start": self.start, "size_start": self.size_start}
        if self.era_boundary != "auto":
            dates["era_boundary"] = self.era_boundary
        for name, value in dates.items():
            if self.end != LATEST and value >= self.end:
                raise ParameterError(f"{name} must be before end (got {name} {value}, end {self.end})")
        if self.era_boundary != "auto" and self.era_boundary <= self.start:
            raise ParameterError(f"era_boundary must lie after start (got era_boundary {self.era_boundary}, start "
                                 f"{self.start})")


@dataclass(frozen=True)
class WholeFootprintParameters(Parameters):
    """Notebook 10: the studies' figures are recomputed from their own inputs (no parameter moves them); these set
    the 'five cars' extension and the estimator's samples in the extension and the calibration."""

    five_cars_terms: list | str | None = param(
        "all", "choices", "terms added to the architecture search's measured emissions: 'idle', the rest of the "
        "servers as Patterson et al. measured it; 'embodied', the hardware's manufacture", choices=("idle", "embodied"),
        all_allowed=True, optional=True, none_means="nothing added (Strubell et al.'s Table 3)")
    samples: int = param(10_000, "int", "Monte Carlo samples of each estimate", "samples", low=100,
                         high=MAX_SAMPLES, limit=SAMPLES_LIMIT)
    seed: int = param(0, "int", "random seed of the samples", **SEED)
