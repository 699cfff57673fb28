"""The exercises of the notebooks, each with its answer computed by the package (never typed): a student checks a
value with `check("05-1", 0.64)` (right, or what looks wrong, without giving the answer away), a notebook lists its
own with `exercises("05")`, and the teacher's answer key (docs/teaching/answer-key.md) is written by
`python -m mlfootprint.teaching` and kept current by a test.

An exercise is a run of one notebook with other parameters and the value one of its steps gives: `answer` is a path
into the run, read one key at a time (an attribute or step of the run, a row of a table by its label or by the
values of some columns, a column, a key of a dict).
"""

import math
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from .catalogue import find
from .paths import ROOT

ANSWER_KEY = ROOT / "docs" / "teaching" / "answer-key.md"
KG_PER_LB = 0.45359237


@dataclass(frozen=True)
class Exercise:
    """One exercise: its id ("05-1": notebook 05, first), the question (Markdown), the parameters of the run it asks
    for, the path of its answer in that run, the answer's unit, and how close a student's value must be (relative)."""

    id: str
    question: str
    parameters: dict
    answer: tuple
    unit: str
    tolerance: float = 0.01
    hint: str = ""
    skills: tuple = field(default=())

    @property
    def notebook(self):
        return find(self.id.split("-")[0])


EXERCISES = (
    Exercise("01-1", "Start the modern era a year later (`era_boundary = '2013-01-01'`), leaving AlexNet out. What "
             "doubling time, in months, does the modern era's fit give now?", {"era_boundary": "2013-01-01"},
             ("eras", "modern era", "doubling_months"), "months", hint="read the table of the eras, modern era row"),
    Exercise("01-2", "End the window before AlphaGo Zero (`end = '2016-12-31'`). What is the modern era's doubling "
             "time now, in months?", {"end": "2016-12-31"}, ("eras", "modern era", "doubling_months"), "months"),
    Exercise("02-1", "Four V100 SXM2 for one day at a utilization of 0.4 (`n_gpus = 4`, `gpu = 'V100 SXM2'`, "
             "`days = 1`, `utilization = 0.4`): how many petaflop/s-days of training compute?",
             {"n_gpus": 4, "gpu": "V100 SXM2", "days": 1, "utilization": 0.4},
             ("estimates", "GPU time (method 2)", "pfs_days"), "petaflop/s-days"),
    Exercise("03-1", "Fit language models from 2018 on (`start = '2018-01-01'`). What is their doubling time in "
             "months, and is it near the article's 3.4?", {"start": "2018-01-01"},
             ("fitted", "language", "doubling_months"), "months"),
    Exercise("04-1", "In a hyperscale data centre on the 2023 US grid (`scenario = 'hyperscale'`), how many pounds of "
             "CO2e does the architecture search (NAS on 8 P100) emit?", {"scenario": "hyperscale"},
             ("table3", {"model": "NAS", "hardware": "P100x8"}, "co2e_lb"), "lb CO2e"),
    Exercise("04-2", "At the 2023 US industrial electricity price that Epoch AI uses (`electricity_usd_per_kwh = "
             "0.0806`), what would the electricity of developing LISA (all R&D models) have cost, in USD?",
             {"electricity_usd_per_kwh": 0.0806}, ("table4", "all R&D models", "electricity_usd_at_price"), "USD"),
    Exercise("05-1", "On France's 2023 grid (`scenario = 'france-2023'`), how many car lifetimes is the "
             "architecture search that the article calls five cars?", {"scenario": "france-2023"},
             ("ledger", {"claim_id": "fig5-nas-five-cars"}, "recomputed"), "car lifetimes"),
    Exercise("06-1", "If sparse modeling used 5 % of deep learning's energy (`energy_ratio = 0.05`, run_experiment "
             "= False), how many times lower would its average power be?",
             {"energy_ratio": 0.05, "run_experiment": False},
             ("consistency", "times lower average power", "value"), "times"),
    Exercise("07-1", "On Sweden's 2023 grid, how many car lifetimes is the architecture search? (Read the default "
             "run's table: every scenario is in it.)", {}, ("car_lifetimes", "sweden-2023", "car_lifetimes"),
             "car lifetimes"),
    Exercise("08-1", "64 H100 SXM for 240 hours in France (`country = 'FRA'`): what is the central estimate of the "
             "CO2e, in kg?", {"country": "FRA"}, ("estimate", "central", "CO2e"), "kg CO2e", tolerance=0.02),
    Exercise("09-1", "Put today's runs in a hyperscale data centre on the 2023 US grid (`grid = 'hyperscale'`). How "
             "many car lifetimes is the largest run now (central value)?", {"grid": "hyperscale"},
             ("ledger", {"claim_id": "today-five-cars"}, "recomputed"), "car lifetimes", tolerance=0.02),
    Exercise("10-1", "Add only the hardware's manufacture to the architecture search (`five_cars_terms = "
             "['embodied']`). How many car lifetimes is it then (central value)?", {"five_cars_terms": ["embodied"]},
             ("five_cars", "+ manufacture (embodied)", "cars"), "car lifetimes", tolerance=0.02),
)
"""Every exercise of the notebooks, in notebook order."""


def exercise(exercise_id: str) -> Exercise:
    known = {e.id: e for e in EXERCISES}
    if exercise_id not in known:
        raise ValueError(f"exercise must be one of {', '.join(known)} (got {exercise_id!r})")
    return known[exercise_id]


def read(value, key):
    """One step of an answer's path: a column-value selector (a dict) picks the one matching row of a table."""
    if isinstance(key, dict):
        rows = value.loc[(value[list(key)] == pd.Series(key)).all(axis=1)]
        if len(rows) != 1:
            raise KeyError(f"{key} matches {len(rows)} rows, not one")
        return rows.iloc[0]
    if isinstance(value, pd.DataFrame):
        return value.loc[key] if key in value.index else value[key]
    if isinstance(value, pd.Series | dict):
        return value[key]
    found = getattr(value, key)
    return found() if callable(found) else found


@cache
def expected(exercise_id: str) -> float:
    """The answer of an exercise, computed by running its notebook's steps with its parameters."""
    chosen = exercise(exercise_id)
    value = chosen.notebook.steps(chosen.notebook.parameters(**chosen.parameters))
    for key in chosen.answer:
        value = read(value, key)
    return float(value)


def _default(exercise_id: str) -> float:
    chosen = exercise(exercise_id)
    value = chosen.notebook.steps()
    for key in chosen.answer:
        value = read(value, key)
    return float(value)


def _shown(value: float, unit: str) -> str:
    return f"{value:.6g} {unit}" if unit == "year" else f"{value:,.6g} {unit}"


def _percent(fraction: float) -> str:
    return f"{fraction * 100:g} %"


def judge(exercise_id: str, value: float) -> tuple[bool, str]:
    """Whether `value` answers the exercise, and why not in words that do not give the answer away."""
    chosen, answer = exercise(exercise_id), expected(exercise_id)
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return False, f"give a number in {chosen.unit} (got {value!r})"
    if math.isclose(value, answer, rel_tol=chosen.tolerance, abs_tol=1e-12):
        return True, f"right: within {_percent(chosen.tolerance)} of the package's value, in {chosen.unit}"
    slips = {"lb": (1 / KG_PER_LB, "pounds where kilograms are asked, or the other way"),
             "kg": (1 / KG_PER_LB, "pounds where kilograms are asked, or the other way"),
             "Wh": (1000.0, "a unit a thousand times too large or too small (kWh, MWh?)"),
             "g": (1000.0, "a unit a thousand times too large or too small (g, kg, t?)"),
             "months": (12.0, "years where months are asked, or the other way")}
    for factor, why in {slip for word, slip in slips.items() if word in chosen.unit.split()[0]}:
        for ratio in (factor, 1 / factor):
            if math.isclose(value, answer * ratio, rel_tol=chosen.tolerance):
                return False, f"not yet: the size looks like {why}; the answer is in {chosen.unit}"
    default = _default(exercise_id)
    if not math.isclose(default, answer, rel_tol=chosen.tolerance) and math.isclose(value, default,
                                                                                     rel_tol=chosen.tolerance):
        return False, "not yet: that is the default run's value; set the parameters the question names and re-run"
    side = "high" if value > answer else "low"
    hint = f"; {chosen.hint}" if chosen.hint else ""
    return False, f"not yet: too {side} by more than {_percent(chosen.tolerance)}{hint}"


def check(exercise_id: str, value: float) -> None:
    """Print whether `value` answers the exercise (in a notebook: `check("05-1", 0.64)`)."""
    print(f"{exercise_id}: {judge(exercise_id, value)[1]}")


def exercises(number: str) -> pd.DataFrame:
    """The exercises of one notebook: id, question and the unit of the answer (for the notebook to show)."""
    rows = [e for e in EXERCISES if e.id.startswith(f"{number}-")]
    return pd.DataFrame({"question": [e.question for e in rows], "answer in": [e.unit for e in rows]},
                        index=pd.Index([e.id for e in rows], name="exercise"))


def answer_key() -> str:
    """The teacher's answer key, in Markdown: every exercise, its run, its answer and where it comes from."""
    lines = ["# Answer key", "", "Made by `python -m mlfootprint.teaching` from the package (a test keeps it current):",
             "each answer is the value a notebook's steps give for the parameters named. Do not hand it out; students",
             "check their own values with `check(id, value)` in the notebook.", ""]
    for chosen in EXERCISES:
        settings = ", ".join(f"`{k} = {v!r}`" for k, v in chosen.parameters.items()) or "the default parameters"
        path = " > ".join(str(k) for k in chosen.answer)
        lines += [f"## {chosen.id} ({chosen.notebook.stem})", "", chosen.question, "",
                  f"- answer: **{_shown(expected(chosen.id), chosen.unit)}** (accepted within {_percent(chosen.tolerance)})",
                  f"- run: {settings}", f"- read from: `{path}`", ""]
    return "\n".join(lines)


def main() -> None:
    ANSWER_KEY.parent.mkdir(parents=True, exist_ok=True)
    ANSWER_KEY.write_text(answer_key())


if __name__ == "__main__":
    main()
