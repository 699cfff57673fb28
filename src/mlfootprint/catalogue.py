"""The catalogue of notebooks: for each, its number, stem, the article figure it rebuilds, its title, its analysis
module, the data files it reads and its parameters (declared in `mlfootprint.notebook_parameters`). The command
line, the runner, the site, the README and the tests read this list; nothing else lists the notebooks.

Light on purpose (no pandas, no matplotlib, no data read): checking parameters before a kernel starts costs
milliseconds.
"""

import importlib
from dataclasses import dataclass
from pathlib import Path

from . import notebook_parameters as declared
from .checks import ParameterError
from .parameters import Parameters, cell_source
from .paths import NOTEBOOKS_DIR


@dataclass(frozen=True)
class Notebook:
    """One notebook of the project."""

    number: str
    stem: str
    figure: str
    title: str
    analysis: str
    data: tuple[str, ...]
    parameters: type[Parameters]
    seconds: float
    """Typical run time on 2 cores (s): the runner starts the longest runs first."""
    folder: Path = NOTEBOOKS_DIR

    @property
    def path(self) -> Path:
        return self.folder / f"{self.stem}.ipynb"

    def module(self):
        """The analysis module (imported on first use)."""
        return importlib.import_module(f"mlfootprint.analyses.{self.analysis}")

    def parameters_cell(self) -> str:
        """The text of the notebook's `parameters` cell, made from the declaration."""
        return cell_source(self.parameters)

    def validation_cell(self) -> str:
        """The text of the cell after `parameters`, made from the declaration: every parameter validated, then the
        analysis's chain started and the run's output folder found."""
        lines, line = [], "   "
        for name in self.parameters.specs():
            item = f" {name}={name},"
            if len(line) + len(item) > 116:
                lines.append(line)
                line = "   "
            line += item
        lines.append(line)
        return "\n".join([f"params = {self.analysis}.Parameters(", *lines, ")",
                          f"run = {self.analysis}.Steps(params)", "out = run.output_dir()"])

    def figure_stems(self) -> list[str]:
        """The stems of the figures the notebook saves, in order (declared once, by its analysis's figure steps)."""
        return self.module().Steps.figure_stems()

    def steps(self, parameters: Parameters | None = None):
        """The analysis's chain of steps for `parameters` (the defaults when None): `.ledger`, `.figures()`, ..."""
        return self.module().Steps(self.parameters() if parameters is None else parameters)


NOTEBOOKS = (
    Notebook("01", "01-ai-and-compute", "Figs. 1 and 2",
             "Training compute of landmark systems, 1959-2018: two eras and a 3.4-month doubling",
             "ai_and_compute", ("ai_and_compute.csv", "claims.csv"), declared.AiAndComputeParameters, 2.5),
    Notebook("02", "02-alexnet-worked-example", "AlexNet example",
             "GPUs x peak FLOP/s x days x utilization, and counting operations", "alexnet_worked_example",
             ("hardware.csv", "ai_and_compute.csv", "claims.csv"), declared.AlexNetParameters, 1.0),
    Notebook("03", "03-model-size-growth", "Fig. 3",
             "Growth of model size of language and vision models, fitted up to the article's date; later models "
             "as an extension",
             "model_size_growth", ("parameter_counts.csv", "source_facts.csv", "claims.csv"),
             declared.ModelSizeParameters, 1.5),
    Notebook("04", "04-strubell-energy-table", "Fig. 4",
             "Energy, CO2e and cloud cost of eight training runs of six NLP models (Strubell et al. 2019, Table 3), "
             "and Table 4",
             "strubell_energy_table",
             ("strubell2019_table3.csv", "strubell2019_table4.csv", "strubell2019_cloud_prices.csv",
              "strubell2019_facts.csv", "source_facts.csv", "patterson2021_table4.csv", "scenarios.csv", "claims.csv"),
             declared.StrubellTableParameters, 1.5),
    Notebook("05", "05-co2e-comparisons", "Fig. 5",
             "CO2e of a flight, a life and a car against training runs (Strubell et al. 2019, Table 1), with "
             "Patterson et al. 2021's re-estimate",
             "co2e_comparisons",
             ("strubell2019_table1.csv", "strubell2019_table3.csv", "strubell2019_table4.csv",
              "strubell2019_facts.csv", "strubell2019_cloud_prices.csv", "patterson2021_table4.csv", "source_facts.csv",
              "scenarios.csv", "hardware.csv", "factors.csv", "lifecycle_factors.csv", "claims.csv"),
             declared.ComparisonsParameters, 1.0),
    Notebook("06", "06-sparse-vs-deep-learning", "Fig. 6",
             "Sparse modeling 4-5x faster on about 1 % of deep learning's energy (a vendor's claim), and both "
             "trained and measured on your machine", "sparse_vs_deep_learning",
             ("scenarios.csv", "claims.csv"), declared.SparseParameters, 18.0),
    Notebook("07", "07-what-if-today", "Beyond the article",
             "The same training runs under today's data centres and grids", "what_if_today",
             ("strubell2019_table1.csv", "strubell2019_table3.csv", "strubell2019_facts.csv", "scenarios.csv",
              "hardware.csv", "factors.csv", "lifecycle_factors.csv", "claims.csv"), declared.WhatIfParameters, 1.0),
    Notebook("08", "08-estimate-a-training-run", "Beyond the article",
             "Energy, CO2e and cost of any training run, with sourced ranges and a statement to paste",
             "estimate_a_training_run",
             ("hardware.csv", "factors.csv", "lifecycle_factors.csv", "scenarios.csv", "strubell2019_table1.csv",
              "strubell2019_table3.csv", "patterson2021_table4.csv", "claims.csv"), declared.EstimateParameters, 2.0),
    Notebook("09", "09-the-trends-today", "Beyond the article",
             "The trends today: training compute and model size to 2024, and the energy of frontier training runs",
             "the_trends_today",
             ("epoch_notable_ai_models_2024-12.csv", "hardware.csv", "hardware_aliases.csv", "factors.csv",
              "scenarios.csv", "strubell2019_table1.csv", "claims.csv"), declared.TrendsTodayParameters, 6.0),
    Notebook("10", "10-the-whole-footprint", "Beyond the article",
             "The whole footprint: idle power, embodied emissions, water and full cost, reproduced from BLOOM, OLMo, "
             "Li et al. and Epoch AI; the 'five cars' with them; and the estimator's intervals against published runs",
             "the_whole_footprint",
             ("lifecycle_studies.csv", "lifecycle_factors.csv", "hardware.csv", "factors.csv", "scenarios.csv",
              "strubell2019_table1.csv", "strubell2019_table3.csv", "patterson2021_table4.csv", "claims.csv"),
             declared.WholeFootprintParameters, 3.0),
)


def find(name) -> Notebook:
    """A notebook given by its two-digit number ("02"), its stem ("02-alexnet-worked-example") or its path."""
    text = str(name)
    for notebook in NOTEBOOKS:
        if text in (notebook.number, notebook.stem, f"{notebook.stem}.ipynb"):
            return notebook
        if text.endswith(".ipynb") and Path(text).resolve() == notebook.path.resolve():
            return notebook
    listed = ", ".join(f"{n.number} ({n.stem})" for n in NOTEBOOKS)
    raise ParameterError(f"notebook {text!r} not found; expected a number, stem or path of one of: {listed}")
