"""An estimate written for reading: numbers to their precision in a fitting unit, a statement for a paper's appendix
(Markdown or LaTeX), a Hugging Face model card's `co2_eq_emissions`, the output files, and a summary for the terminal.
"""

import json
from pathlib import Path

from . import __version__, footprint, quantities
from .estimate import Estimate, Factor


KINDS = {"embodied CO2e": "CO2e", "total CO2e": "CO2e", "total cost": "cost"}
"""The kind of quantity (of `quantities.UNITS`) of the whole footprint's quantities whose name is not their kind."""


def _kind(quantity: str) -> str:
    return KINDS.get(quantity, quantity)


def shown(est: Estimate, quantity: str) -> tuple[str, str]:
    """A quantity for reading: its central value and, unless exact, its 5-95 % interval, in the unit its central
    value picks (`mlfootprint.quantities`)."""
    kind, central = _kind(quantity), est.central[quantity]
    value = quantities.text(kind, central)
    interval = "" if est.exact(quantity) else quantities.interval(kind, est.low[quantity], est.high[quantity],
                                                                  like=central)
    return value, interval


UNITLESS = ("ratio", "fraction", "fraction of board power")
"""Units not written after a factor's value."""


def _with_unit(value: float, factor: Factor) -> str:
    return f"{value:g}" + ("" if factor.unit in UNITLESS else f" {factor.unit}")


def factor_value(factor: Factor) -> str:
    """A given factor and its value, with where it came from unless simply given, e.g. "PUE 1.1" or "grid carbon
    intensity 56.039 g CO2e/kWh (France (FRA), 2023)"."""
    origin = "" if factor.origin == "given" else f" ({factor.origin})"
    return f"{factor.label} {_with_unit(factor.central, factor)}{origin}"


def _factor_text(factor: Factor) -> str:
    value = _with_unit(factor.central, factor)
    if factor.sampled:
        value += f" (range {factor.low:g}-{_with_unit(factor.high, factor)}, sampled; {factor.origin})"
    else:
        value += f" ({factor.origin})"
    basis = f"; counts {factor.basis}" if factor.basis else ""
    return f"{factor.label[0].upper()}{factor.label[1:]}: {value}{basis}. Source: {factor.source}."


def _paragraph(est: Estimate) -> str:
    run = est.run
    parts = []
    for quantity, what in (("energy", "its electricity use at"), ("CO2e", "its emissions at"),
                           ("cost", "its electricity cost at")):
        value, interval = shown(est, quantity)
        parts.append(f"{what} {value}" + (f" (5-95 % interval {interval})" if interval else ""))
    text = (f"The model was trained on {run.count:,} {run.hardware} accelerators (board power {run.board_power_w:g} W "
            f"each) for {run.hours:g} hours. We estimate {parts[0]}, {parts[1]} and {parts[2]}. Energy is "
            f"accelerators x board power x power fraction x server overhead x hours x PUE / 1000, emissions are "
            f"energy x grid carbon intensity, and cost is energy x electricity price, generalising Eq. 1 and 2 of "
            f"Strubell et al. (2019). ")
    if any(f.sampled for f in est.factors.values()):
        name = est.most_influential("CO2e")
        top = est.factors[name] if name else None
        world = ("; the grid, whose location is not given, from the world's national grids weighted by their "
                 "generation" if est.factors["grid"].values else "")
        text += (f"Factors not given were drawn from the sourced ranges listed below (triangular distributions with "
                 f"the central value as mode{world}) in {est.samples:,} samples with seed {est.seed}; the central "
                 f"estimate uses every factor's central value and the interval spans the 5th to 95th percentiles. ")
        if top is not None:
            swing = est.tornado("CO2e").iloc[0]
            span = quantities.interval("CO2e", swing["result_at_low"], swing["result_at_high"],
                                       like=est.central["CO2e"])
            text += f"The {top.label} moves the emissions most: {span} between its low and high values. "
    else:
        text += "Every factor was given, so these values are exact. "
    data = f", grid data from CodeCarbon {est.codecarbon}" if est.codecarbon else ""
    return text + f"Computed with mlfootprint {__version__} (mlfootprint estimate){data}."


def _quantity_text(est: Estimate, quantity: str) -> str:
    value, interval = shown(est, quantity)
    return value + (f" (5-95 % interval {interval})" if interval else "")


def _term_text(est: Estimate, term: str) -> str:
    """A term's central value and, unless exact, its 5-95 % interval, in the unit its value reads best in."""
    row, kind = est.terms.loc[term], _kind(footprint.TERMS[term][1])
    text = quantities.text(kind, row["central"])
    if not est.exact(term):
        text += f" ({quantities.interval(kind, row['low'], row['high'], like=row['central'])})"
    return text


OPTION_WORDS = {"embodied": "embodied emissions", "water": "water", "hardware_cost": "the hardware's cost"}


def not_counted(est: Estimate) -> list[str]:
    """What the estimate does not count: the terms switched off or without a sourced factor, with why, then what no
    term counts (footprint.NOT_COUNTED)."""
    return [f"{OPTION_WORDS[option]} ({why})" for option, why in est.not_counted.items()] + list(footprint.NOT_COUNTED)


def whole_paragraph(est: Estimate) -> str:
    """The statement's second paragraph: the whole footprint, term by term, and what is not counted."""
    def term(name):
        return _term_text(est, name)

    parts = [f"Of the energy, {term('accelerators')} is the accelerators' own draw, {term('non_accelerator')} the "
             f"rest of the servers (host CPUs, memory, network, fans and idle draw: the server overhead, counted once) "
             f"and {term('facility')} the data centre's overhead (PUE)."]
    if "embodied_accelerators" in est.counted:
        parts.append(f"Making the hardware adds {_quantity_text(est, 'embodied CO2e')} of embodied emissions "
                     f"({term('embodied_accelerators')} for the accelerators, {term('embodied_servers')} for their "
                     f"servers): each device's manufacturing footprint x the device-hours used / (its lifetime in "
                     f"hours x its usage share), as Luccioni et al. (2023) count BLOOM's; in all "
                     f"{_quantity_text(est, 'total CO2e')}.")
    if "water_onsite" in est.counted:
        parts.append(f"It consumes {_quantity_text(est, 'water')} of water: {term('water_onsite')} evaporated on "
                     f"site (IT energy x WUE) and {term('water_offsite')} to generate its electricity (IT energy x "
                     f"PUE x EWIF), as Li et al. (2023) count it.")
    if "hardware" in est.counted:
        parts.append(f"Its full cost is {_quantity_text(est, 'total cost')}: {term('hardware')} for the hardware "
                     f"and its interconnect, amortised over the accelerator-years used (after Cottier et al. 2024), "
                     f"plus the electricity.")
    elif "cloud" in est.counted:
        parts.append(f"Its full cost is {_quantity_text(est, 'total cost')}, a cloud rental whose price includes "
                     f"the electricity (not added again).")
    return " ".join(parts) + " Not counted: " + "; ".join(not_counted(est)) + "."


def statement_lines(est: Estimate) -> tuple[str, list[str]]:
    """The statement's paragraph and one line per factor (board power first), as plain text."""
    board = (f"Board power: {est.run.board_power_w:g} W per accelerator ({est.run.hardware}). "
             f"Source: {est.run.power_source}.")
    return _paragraph(est), [board] + [_factor_text(f) for f in est.factors.values()]


TEX_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
               "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def tex_escape(text: str) -> str:
    """Text safe inside a LaTeX paragraph (its ten special characters escaped)."""
    return "".join(TEX_ESCAPES.get(c, c) for c in text)


def statement(est: Estimate, markup: str = "md") -> str:
    """A paragraph for a paper's appendix, then every factor with its value and source: Markdown ("md") or
    LaTeX ("tex")."""
    paragraph, lines = statement_lines(est)
    whole = whole_paragraph(est)
    if markup == "md":
        return paragraph + "\n\n" + whole + "\n\nFactors:\n\n" + "".join(f"- {line}\n" for line in lines)
    if markup == "tex":
        items = "".join(f"  \\item {tex_escape(line)}\n" for line in lines)
        return (f"{tex_escape(paragraph)}\n\n{tex_escape(whole)}\n\nFactors:\n\\begin{{itemize}}\n{items}"
                f"\\end{{itemize}}\n")
    raise ValueError(f"markup must be 'md' or 'tex' (got {markup!r})")


def model_card(est: Estimate) -> dict:
    """The `co2_eq_emissions` metadata of a Hugging Face model card (huggingface.co/docs/hub/model-cards-co2):
    emissions in grams of CO2e (the central estimate of the operational emissions), source, training_type (left
    None: pre-training or fine-tuning is for the author to say), geographical_location and hardware_used. The format
    has no field for embodied emissions, water or cost: `source` says so and gives them."""
    grams = est.central["CO2e"] * 1000
    interval = "" if est.exact("CO2e") else (f"; 5-95 % interval {quantities.number(est.low['CO2e'] * 1000, 3)}-"
                                             f"{quantities.number(est.high['CO2e'] * 1000, 3)} g")
    others = [f"{words} {shown(est, quantity)[0]}" for quantity, words in (
        ("embodied CO2e", "embodied emissions"), ("water", "water"), ("total cost", "full cost"))
        if quantity in est.quantities]
    beyond = ("" if not others else f"; the card has no field for the rest of the footprint: {', '.join(others)}")
    return {"co2_eq_emissions": {
        "emissions": float(f"{grams:.6g}"),
        "source": f"mlfootprint {__version__} estimate, central value of the operational emissions (Strubell et al. "
                  f"2019 Eq. 1-2 generalised to board power{interval}){beyond}; factors and their sources in "
                  f"statement.md",
        "training_type": None,
        "geographical_location": est.location,
        "hardware_used": f"{est.run.count} x {est.run.hardware}",
    }}


OUTPUT_FILES = ("estimate.csv", "terms.csv", "statement.md", "statement.tex", "model-card.json")


def write_outputs(est: Estimate, folder: Path) -> list[Path]:
    """Write estimate.csv (quantity, unit, central, low, high: one row per quantity reported), terms.csv (term,
    label, quantity, unit, central, low, high: each term apart), statement.md, statement.tex and model-card.json
    into `folder` (which must exist); returns their paths."""
    folder = Path(folder)
    for name, table in ((OUTPUT_FILES[0], est.table()), (OUTPUT_FILES[1], est.terms.reset_index())):
        for column in ("central", "low", "high"):
            table[column] = [f"{v:.6g}" for v in table[column]]
        table.to_csv(folder / name, index=False)
    (folder / OUTPUT_FILES[2]).write_text(statement(est, "md"))
    (folder / OUTPUT_FILES[3]).write_text(statement(est, "tex"))
    (folder / OUTPUT_FILES[4]).write_text(json.dumps(model_card(est), indent=2) + "\n")
    return [folder / name for name in OUTPUT_FILES]


def summary(est: Estimate) -> str:
    """A few lines for the terminal: the run, each quantity (exact or with its interval), and what moves CO2e most."""
    run = est.run
    sampled = [f.label for f in est.factors.values() if f.sampled]
    whole = sum(f.sampled for name, f in est.factors.items() if name in footprint.PARAMETERS)
    listed = " and ".join(part for part in (", ".join(sampled[:len(sampled) - whole]),
                                            f"{whole} factors of the whole footprint" if whole else "") if part)
    how = f"{est.samples:,} samples, seed {est.seed}; sampled: {listed}" if sampled else "every factor given: exact"
    lines = [f"{run.count:,} x {run.hardware} ({run.board_power_w:g} W) for {run.hours:g} h ({how})"]
    for quantity in est.quantities[:3]:
        value, interval = shown(est, quantity)
        lines.append(f"  {quantity:<7}{value}" + (f" (5-95 %: {interval})" if interval else " (exact)"))
    if est.quantities[3:]:
        lines.append("  whole footprint (each term apart in terms.csv):")
    for quantity in est.quantities[3:]:
        value, interval = shown(est, quantity)
        lines.append(f"    {quantity:<14}{value}" + (f" (5-95 %: {interval})" if interval else " (exact)"))
    lines.append(f"  not counted: {'; '.join(not_counted(est))}")
    grid = est.factors["grid"]
    lines.append(f"  grid: {grid.central:.4g} g CO2e/kWh ({grid.origin})")
    top = est.most_influential("CO2e")
    if top:
        swing = est.tornado("CO2e").iloc[0]
        span = quantities.interval("CO2e", swing["result_at_low"], swing["result_at_high"], like=est.central["CO2e"])
        lines.append(f"  moves CO2e most: {est.factors[top].label} ({span} over its range)")
    return "\n".join(lines)
