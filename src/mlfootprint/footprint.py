"""The whole footprint of a training run, term by term: the energy of the accelerators, of the rest of the servers and
of the data centre's overhead; the operational and embodied emissions; the water used on site and off site; and the
cost of the electricity, of the hardware and interconnect (amortised) or of a cloud rental.

Each formula is the one a published study used, so that the same function reproduces the study from its inputs
(notebook 10) and estimates any run (`mlfootprint estimate`, notebook 08):

- embodied emissions, Luccioni, Viguier & Ligozat (2023, BLOOM), Sec. 4.1: the manufacturing footprint of a device x
  the hours the run used it / (its lifetime in hours x the share of that lifetime it is in use);
- water, Li, Yang, Islam & Ren (Making AI Less "Thirsty", arXiv 2304.03271): on site = IT energy x WUE; off site =
  IT energy x PUE x EWIF (the water consumed to generate each kWh);
- hardware cost, Cottier et al. (Epoch AI, arXiv 2405.21015), as coded in their training-cost-trends repository: the
  server-level price per accelerator x an amortisation rate per year x the years of accelerator time used, with the
  cluster interconnect as a share of the cluster's cost.

The idle and non-accelerator power is the server overhead the estimator already applies (`data/factors.csv`): the
host CPUs, memory, network, fans and idle draw of the servers, reported here apart from the accelerators' own power
and never added a second time (BLOOM's own idle term, measured on its cluster, is reproduced in notebook 10).

Not counted by any term: end of life, transport, the data centre's construction, the network outside the cluster,
inference, and development or failed runs outside the hours given (`NOT_COUNTED`).
"""

import pandas as pd

from . import energy
from .checks import number
from .lifecycle_loaders import load_lifecycle_factors
from .sampling import FACTORS, Factor, given, ranged

HOURS_PER_YEAR = 8760.0
"""Hours in a 365-day year, as BLOOM (Sec. 4.1) and Boavizta count a lifetime (Epoch AI's cost model uses 8,766)."""

TERMS = {  # name: (label, quantity it belongs to, unit, the factors it depends on)
    "accelerators": ("the accelerators' own power", "energy", "kWh", ("power_fraction",)),
    "non_accelerator": ("the rest of the servers: host CPUs, memory, network, fans, idle draw (server overhead)",
                        "energy", "kWh", ("power_fraction", "server_overhead")),
    "facility": ("the data centre's overhead: cooling, power distribution (PUE - 1)", "energy", "kWh",
                 ("power_fraction", "server_overhead", "pue")),
    "operational": ("the electricity's emissions (energy x grid)", "CO2e", "kg CO2e",
                    ("power_fraction", "server_overhead", "pue", "grid")),
    "electricity": ("the electricity (energy x price)", "cost", "USD",
                    ("power_fraction", "server_overhead", "pue", "price")),
    "embodied_accelerators": ("making the accelerators, amortised over their lifetime", "embodied CO2e", "kg CO2e",
                              ("embodied_accelerator", "lifetime", "usage_share")),
    "embodied_servers": ("making the servers around them, amortised over their lifetime", "embodied CO2e", "kg CO2e",
                         ("embodied_server", "accelerators_per_server", "lifetime", "usage_share")),
    "water_onsite": ("on site: cooling (IT energy x WUE)", "water", "L", ("power_fraction", "server_overhead", "wue")),
    "water_offsite": ("off site: generating the electricity (energy x EWIF)", "water", "L",
                      ("power_fraction", "server_overhead", "pue", "ewif")),
    "hardware": ("the hardware and its interconnect, amortised", "total cost", "USD",
                 ("hardware_price", "amortisation", "interconnect_share")),
    "cloud": ("a cloud rental (its electricity included)", "total cost", "USD", ("cloud_price",)),
}
"""Every term, in the order it is reported."""
BASE_TERMS = ("accelerators", "non_accelerator", "facility", "operational", "electricity")
"""The terms counted in every estimate (the operational footprint, as before issue #25)."""
OPTIONS = {"embodied": ("embodied_accelerators", "embodied_servers"), "water": ("water_onsite", "water_offsite"),
           "hardware_cost": ("hardware", "cloud")}
"""The terms a user may switch off (`terms`), by the name the switch uses."""
QUANTITIES = {  # name: (unit, the terms it sums, the switch it needs)
    "energy": ("kWh", ("accelerators", "non_accelerator", "facility"), None),
    "CO2e": ("kg CO2e", ("operational",), None),
    "cost": ("USD", ("electricity",), None),
    "embodied CO2e": ("kg CO2e", ("embodied_accelerators", "embodied_servers"), "embodied"),
    "total CO2e": ("kg CO2e", ("operational", "embodied_accelerators", "embodied_servers"), "embodied"),
    "water": ("L", ("water_onsite", "water_offsite"), "water"),
    "total cost": ("USD", ("electricity", "hardware", "cloud"), "hardware_cost"),
}
"""The quantities reported: energy (kWh, PUE included), CO2e (operational) and cost (electricity) as before, then the
whole footprint. "total cost" is electricity + amortised hardware, or the cloud rental alone (its price includes the
electricity)."""
NOT_COUNTED = ("end of life (recycling, disposal) and transport of the hardware", "the data centre's construction",
               "the network outside the cluster", "inference (using the trained model)",
               "development, tuning and failed runs outside the hours given")
"""What no term counts, said in every statement and summary."""

PARAMETERS = {  # factor: (option of `mlfootprint estimate`, row of data/lifecycle_factors.csv, kinds tried in order)
    "embodied_accelerator": ("embodied_kg_per_accelerator", "embodied_co2e_accelerator", ("kind",)),
    "embodied_server": ("embodied_kg_per_server", "embodied_co2e_server", ("any",)),
    "accelerators_per_server": ("accelerators_per_server", "accelerators_per_server", ("kind",)),
    "lifetime": ("lifetime_years", "hardware_lifetime", ("any",)),
    "usage_share": ("usage_share", "usage_share", ("any",)),
    "wue": ("wue_l_per_kwh", "wue_onsite", ("any",)),
    "ewif": ("ewif_l_per_kwh", "ewif", ("any",)),
    "hardware_price": ("hardware_usd_per_accelerator", "hardware_price", ("hardware", "kind")),
    "amortisation": ("amortisation_per_year", "capex_amortisation_rate", ("any",)),
    "interconnect_share": ("interconnect_share", "interconnect_share", ("any",)),
    "cloud_price": ("cloud_usd_per_hour", "cloud_price", ("hardware",)),
}
"""Each factor of the whole footprint: the option that gives it, and the sourced range used when it is not given
(looked up for the accelerator's name, then its kind, gpu or tpu, then `any`)."""
TERM_FACTORS = {"embodied": ("embodied_accelerator", "embodied_server", "accelerators_per_server", "lifetime",
                             "usage_share"),
                "water": ("wue", "ewif"), "owned": ("hardware_price", "amortisation", "interconnect_share"),
                "cloud": ("cloud_price",)}


def embodied_kg(device_hours, kg_per_device, lifetime_years, usage_share):
    """Embodied emissions (kg CO2e) charged to a run, BLOOM's Sec. 4.1: a device's manufacturing footprint x the
    device-hours used / (lifetime in years x 8,760 h x usage share). Usage share 1 (Boavizta, Morrison et al.)
    spreads the footprint over every hour of the lifetime; BLOOM's 0.85 charges idle hours to the jobs that ran."""
    number("device_hours", device_hours, 0)
    number("kg_per_device", kg_per_device, 0)
    number("lifetime_years", lifetime_years, 0, low_open=True)
    number("usage_share", usage_share, 0, 1, low_open=True)
    return kg_per_device * device_hours / (lifetime_years * HOURS_PER_YEAR * usage_share)


def water_onsite_l(it_kwh, wue_l_per_kwh):
    """Water evaporated on site (L), Li et al.: IT energy (kWh, PUE not included) x WUE (L per kWh of IT energy)."""
    number("it_kwh", it_kwh, 0)
    number("wue_l_per_kwh", wue_l_per_kwh, 0)
    return it_kwh * wue_l_per_kwh


def water_offsite_l(it_kwh, pue, ewif_l_per_kwh):
    """Water consumed off site to generate the electricity (L), Li et al.: IT energy x PUE x EWIF (L per kWh)."""
    number("it_kwh", it_kwh, 0)
    number("pue", pue, 1)
    number("ewif_l_per_kwh", ewif_l_per_kwh, 0)
    return it_kwh * pue * ewif_l_per_kwh


def amortised_hardware_usd(accelerator_hours, usd_per_accelerator, rate_per_year, interconnect_share):
    """Hardware and interconnect cost charged to a run (USD), after Epoch AI's cost model: the server-level price per
    accelerator x the amortisation rate per year x the years of accelerator time used, divided by (1 - the
    interconnect's share of the cluster's cost)."""
    number("accelerator_hours", accelerator_hours, 0)
    number("usd_per_accelerator", usd_per_accelerator, 0)
    number("rate_per_year", rate_per_year, 0)
    number("interconnect_share", interconnect_share, 0, 1, high_open=True)
    return usd_per_accelerator * rate_per_year * accelerator_hours / HOURS_PER_YEAR / (1 - interconnect_share)


def evaluate(run, values: dict, counted) -> dict:
    """Every counted term (name -> value, or array of values) for one value (or array) of each factor; `run` has
    count, board_power_w and hours. Energy, CO2e and cost are computed as before issue #25 and split into terms."""
    power_w = energy.accelerator_power_w(run.count, run.board_power_w, values["power_fraction"],
                                         values["server_overhead"])
    kwh = energy.energy_kwh(run.hours, power_w, values["pue"])
    it_kwh = power_w * run.hours / 1000
    own_kwh = it_kwh / values["server_overhead"]
    terms = {"accelerators": own_kwh, "non_accelerator": it_kwh - own_kwh, "facility": kwh - it_kwh,
             "operational": energy.co2e_kg(kwh, values["grid"]),
             "electricity": energy.electricity_cost_usd(kwh, values["price"])}
    device_hours = run.count * run.hours
    if "embodied_accelerators" in counted:
        life, usage = values["lifetime"], values["usage_share"]
        terms["embodied_accelerators"] = embodied_kg(device_hours, values["embodied_accelerator"], life, usage)
        terms["embodied_servers"] = embodied_kg(device_hours / values["accelerators_per_server"],
                                                values["embodied_server"], life, usage)
    if "water_onsite" in counted:
        terms["water_onsite"] = water_onsite_l(it_kwh, values["wue"])
        terms["water_offsite"] = water_offsite_l(it_kwh, values["pue"], values["ewif"])
    if "hardware" in counted:
        terms["hardware"] = amortised_hardware_usd(device_hours, values["hardware_price"], values["amortisation"],
                                                   values["interconnect_share"])
    if "cloud" in counted:
        terms["cloud"] = energy.cloud_cost_usd(run.hours, run.count, values["cloud_price"])
    return terms


def quantity_terms(quantity: str, counted) -> tuple[str, ...]:
    """The counted terms a quantity sums (a cloud rental's price includes its electricity, which is then not added)."""
    terms = tuple(t for t in QUANTITIES[quantity][1] if t in counted)
    return tuple(t for t in terms if t != "electricity") if quantity == "total cost" and "cloud" in counted else terms


def reported(counted) -> list[str]:
    """The quantities an estimate reports: energy, CO2e and cost, then each whole-footprint quantity of which a term
    is counted (total cost only when a hardware or a cloud price is known)."""
    return [quantity for quantity, (_, terms, option) in QUANTITIES.items()
            if option is None or any(t in counted for t in terms if t not in BASE_TERMS)]


def _row(factor: str, hardware: str, kind: str):
    """The row of data/lifecycle_factors.csv for `factor` and this accelerator, or None when none applies."""
    table = load_lifecycle_factors()
    file_factor, kinds = PARAMETERS[factor][1:]
    for candidate in (hardware if k == "hardware" else kind if k == "kind" else k for k in kinds):
        if (file_factor, candidate) in table.index:
            return table.loc[(file_factor, candidate)]
    return None


def default(factor: str, hardware: str, kind: str) -> Factor | None:
    """The sourced range of a whole-footprint factor for this accelerator (None when data/lifecycle_factors.csv has
    no row for it), with how each end was read (primary, secondary or derived) after its source."""
    row = _row(factor, hardware, kind)
    if row is None:
        return None
    marks = ", ".join(f"{end} {row[f'{end}_mark']}" for end in ("low", "central", "high"))
    year = "" if pd.isna(row["year"]) else f", {row['year']}"
    words = {"gpu": "GPUs", "tpu": "TPUs", "any": "any accelerator"}.get(row.name[1], row.name[1])
    return ranged(factor, row["low"], row["central"], row["high"], f"default for {words}{year}",
                  f"{row['source']} (read: {marks})", row["basis"])


def _needed(switched: set, cost_basis: str) -> dict[str, tuple[str, ...]]:
    return {option: TERM_FACTORS[cost_basis if option == "hardware_cost" else option] for option in OPTIONS
            if option in switched}


def chosen_factors(hardware: str, kind: str, terms, cost_basis: str, given_values: dict) -> tuple[dict, dict]:
    """The whole footprint's factors of a run (given, else their sourced default range) and what is not counted:
    (factors by name, {option: why not}). `terms` lists the options of OPTIONS switched on ("all"; None: none);
    `given_values` maps the options of PARAMETERS to a value or None. An option one of whose factors has no value
    and no sourced range for this accelerator (a hardware or cloud price) is not counted, and says which to give."""
    switched = set(OPTIONS) if terms == "all" else set(terms or ())
    chosen, not_counted = {}, {option: "switched off by terms" for option in OPTIONS if option not in switched}
    for option, factors in _needed(switched, cost_basis).items():
        picked = {}
        for factor in factors:
            value = given_values.get(PARAMETERS[factor][0])
            picked[factor] = given(factor, value) if value is not None else default(factor, hardware, kind)
            if picked[factor] is None:
                what = FACTORS[factor][0]
                not_counted[option] = (f"no sourced {what} for {hardware} in data/lifecycle_factors.csv; give "
                                       f"{PARAMETERS[factor][0]}")
                break
        else:
            chosen.update(picked)
    return chosen, not_counted


def counted_terms(chosen: dict) -> tuple[str, ...]:
    """The terms an estimate counts, given its factors: the base terms, and each optional term whose factors are
    all chosen."""
    optional = [term for term, (_, _, _, factors) in TERMS.items()
                if term not in BASE_TERMS and all(f in chosen for f in factors)]
    return BASE_TERMS + tuple(optional)
