"""The loaders of data/: the real files load with the values their sources print, and every rule of every file fails
with the file, the line and the column, whether the schema checks it (closed sets of values, keys) or the cleaning
step does (rules between columns)."""

import math
import re

import pytest
from helpers import FIXTURES, cell, data_copy, fails_at, line_of

from mlfootprint import lifecycle_loaders, loaders, references
from mlfootprint.checks import DataError, ParameterError
from mlfootprint.paths import DATA_DIR, shown


def test_hardware_file_holds_the_gpus_of_the_sources():
    hardware = loaders.load_hardware()
    # OpenAI appendix: 1.58e-3 PF/s per GTX 580 for AlexNet, 1.54 TFLOPS for Dropout and ZFNet
    assert hardware.loc["GTX 580", "peak_flop_per_s"] == 1.58e12
    assert hardware.loc["GTX 580 (Dropout, ZFNet)", "peak_flop_per_s"] == 1.54e12
    # Epoch chip dataset: V100 SXM2 FP32 1.567e13 FLOP/s, 300 W
    assert hardware.loc["V100 SXM2", ["peak_flop_per_s", "board_power_w"]].tolist() == [1.567e13, 300]
    assert loaders.hardware("GTX 580")["board_power_w"] == 244  # NVIDIA's GTX 580 specification


def test_unknown_gpu_lists_the_known_names():
    with pytest.raises(ParameterError, match=r"^gpu must be one of 'GTX 580', .*'Ascend 910' \(got 'GTX 9999'\)$"):
        loaders.hardware("GTX 9999")


def test_claims_file_loads_with_a_source_for_every_claim():
    claims = loaders.load_claims()
    assert claims["source"].str.len().gt(0).all()
    assert set(claims["level"]) == {"article", "source", "extension"} and set(claims["kind"]) == {"number", "text"}
    numbers = claims[claims["kind"] == "number"]
    assert numbers["published_value"].gt(0).all() and numbers["sided"].isin(["two-sided", "at-least", "at-most"]).all()
    texts = claims[claims["kind"] == "text"]
    assert texts["article_says"].str.len().gt(0).all() and texts["source_says"].str.len().gt(0).all()
    # OpenAI, AI and Compute: "a 3.4-month doubling time", two figures; "10^18" as an order of magnitude
    assert claims.at["aic-doubling-3-4", "sig_figs"] == 2 and claims.at["aic-growth-1e18", "sig_figs"] == "magnitude"
    assert texts["sig_figs"].isna().all()


def test_the_grid_enters_in_g_and_lb_per_kwh_whatever_its_unit():
    scenarios = loaders.load_scenarios()
    # Strubell et al. 2019 Eq. 2: 0.954 lb/kWh, 0.954 x 453.59237 g = 432.727 g/kWh; the paper's number stays exact
    assert scenarios.at["strubell-2019", "lbs_per_kwh"] == 0.954
    assert scenarios.at["strubell-2019", "g_per_kwh"] == pytest.approx(432.7271, abs=1e-4)
    # us-2023: 369.473 g/kWh (EPA eGRID via the file's source) = 0.81455 lb/kWh
    assert scenarios.at["us-2023", "g_per_kwh"] == 369.473
    assert scenarios.at["us-2023", "lbs_per_kwh"] == pytest.approx(0.814548, abs=1e-6)


def test_strubell_table_3_splits_hardware_and_costs():
    runs = loaders.load_strubell_table3().set_index("model")
    # Strubell et al. 2019 Table 3, first row: Transformer base, P100x8, $41-$140
    base = runs.loc["Transformer base"]
    assert (base["accelerator"], base["n_accelerators"]) == ("P100", 8)
    assert (base["cloud_cost_usd_low"], base["cloud_cost_usd_high"]) == (41, 140)
    assert loaders.strubell_fact("project_days") == 172 and loaders.car_lifetime_lb() == 126_000


def test_ai_and_compute_gives_pfs_days_whatever_the_unit():
    systems = loaders.load_ai_and_compute().set_index("system")
    # the perceptron: 6.949e5 FLOP (Epoch AI's digitisation) = 6.949e5 / 8.64e19 pfs-days
    assert systems.at["Perceptron", "pfs_days"] == pytest.approx(8.0428e-15, rel=1e-4)
    assert math.isclose(systems.at["Perceptron", "flop"], 6.949e5, rel_tol=1e-12)


def test_the_other_tables_load_with_what_their_sources_print():
    assert loaders.load_factors().at[("power_fraction", "gpu"), "central"] == 0.75  # Epoch AI, server_TDP_fraction
    assert loaders.load_hardware_aliases().at["NVIDIA A100", "name"] == "A100 SXM4"
    assert loaders.load_patterson_table4().at["T5", "n_chips"] == 512  # Patterson et al. 2021 Table 4
    assert loaders.load_cloud_prices().at["P100", "price_low_usd_per_hour"] == 0.43  # Strubell footnote 7
    assert loaders.load_strubell_table4().at["single model", "hours"] == 120  # Strubell Table 4
    assert loaders.load_strubell_table1().at["B", "co2e_lb_printed"] == "11,023"  # Strubell Table 1, as printed
    assert loaders.load_article_statements().at[2, "claim_id"] == "aic-perceptron-year"
    counts = loaders.load_parameter_counts()
    assert counts["mixture_of_experts"].dtype == bool and counts["mixture_of_experts"].sum() == 2


def test_each_call_gets_its_own_copy():
    first = loaders.load_scenarios()
    first.loc["us-2023", "pue"] = 99.0
    assert loaders.load_scenarios().at["us-2023", "pue"] == 1.58


LOADERS = {
    "hardware.csv": loaders.load_hardware, "claims.csv": loaders.load_claims,
    "article_statements.csv": loaders.load_article_statements, "strubell2019_table1.csv": loaders.load_strubell_table1,
    "strubell2019_table3.csv": loaders.load_strubell_table3, "strubell2019_table4.csv": loaders.load_strubell_table4,
    "strubell2019_cloud_prices.csv": loaders.load_cloud_prices, "strubell2019_facts.csv": loaders.load_strubell_facts,
    "source_facts.csv": loaders.load_source_facts,
    "patterson2021_table4.csv": loaders.load_patterson_table4, "scenarios.csv": loaders.load_scenarios,
    "factors.csv": loaders.load_factors, "hardware_aliases.csv": loaders.load_hardware_aliases,
    "ai_and_compute.csv": loaders.load_ai_and_compute, "parameter_counts.csv": loaders.load_parameter_counts,
    "lifecycle_factors.csv": lifecycle_loaders.load_lifecycle_factors,
    "lifecycle_studies.csv": lifecycle_loaders.load_lifecycle_studies,
    "references.csv": references.load_references,
}
BROKEN = r"""
file | row | column | bad value | what the message says after "file, line N, column 'column': "
hardware.csv | name=K20 | factor_kind | cpu | expected one of gpu, tpu, got 'cpu'$
hardware.csv | name=K20 | name | gtx 580 | duplicate value 'gtx 580' \(first on line 2; the case is ignored\)$
hardware.csv | name=K20 | peak_flop_per_s | -1 | expected a number > 0, got '-1'$
claims.csv | claim_id=aic-doubling-3-4 | level | blog | expected one of article, source, extension, got 'blog'$
claims.csv | claim_id=aic-doubling-3-4 | kind | table | expected one of number, text, got 'table'$
claims.csv | claim_id=aic-doubling-3-4 | sided | roughly | expected two-sided, .* or an empty cell, got 'roughly'$
claims.csv | claim_id=aic-doubling-3-4 | sig_figs | two | expected a whole number > 0 or 'magnitude', got 'two' \(claim
article_statements.csv | statement=3 | section | Preface | expected one of Introduction, .*, References, got 'Preface'$
article_statements.csv | statement=3 | kind | opinion | expected one of number, date, .*, recommendation, got 'opinion'$
strubell2019_table1.csv | label=B | co2e_lb | eleven | expected a number as printed
strubell2019_table3.csv | model=ELMo | hardware | P100 | expected an accelerator and its count, e.g. P100x8, got 'P100'$
strubell2019_table3.csv | model=ELMo | cloud_cost_usd | 289 | expected a range as printed, e.g. \$41-\$140, got '289'$
strubell2019_table4.csv | label=single tune | models | 24.5 | expected a whole number, got '24.5'$
strubell2019_cloud_prices.csv | accelerator=V100 | price_high_usd_per_hour | 0 | expected a number > 0, got '0'$
strubell2019_facts.csv | name=jobs | value | many | expected a number as printed
source_facts.csv | name=so2019_bleu | value | high | expected a number as printed
claims.csv | claim_id=aic-factor-10 | hedge | circa | expected about, around, .* or an empty cell, got 'circa'$
claims.csv | claim_id=aic-y-axis-per-day | comparison | similar | expected same, narrower, .* or an empty cell, got 'similar'$
patterson2021_table4.csv | model=T5 | pue |  | expected a value \(the cell is empty\), got ''$
references.csv | key=dean-2019 | url | arxiv.org/abs/1911.05289 | expected a link that starts with https://, got 'arxiv.org/abs/1911.05289'$
scenarios.csv | scenario=us-2023 | grid_unit | t/MWh | expected one of g/kWh, kg/kWh, lb/kWh, got 't/MWh'$
factors.csv | kind=colocation | factor | pue_2 | expected one of power_fraction, .*, electricity_price, got 'pue_2'$
factors.csv | kind=colocation | unit | percent | expected 'ratio' for pue, got 'percent'$
factors.csv | kind=colocation | low | 0.9 | a pue is at least 1, got low 0.9$
hardware_aliases.csv | epoch_hardware=NVIDIA A100 | name | A100 SXM9 | expected one of GTX 580, .*, got 'A100 SXM9'$
ai_and_compute.csv | system=NETtalk | era | middle | expected one of first, modern, got 'middle'$
ai_and_compute.csv | system=NETtalk | unit | petaflops | expected pfs-days, FLOP or an empty cell, got 'petaflops'$
ai_and_compute.csv | system=NETtalk | value_source | guess | expected one of openai-chart, .*, not-found, got 'guess'$
parameter_counts.csv | model=GPT-3 175B | mixture_of_experts | sparse | expected one of yes, no, got 'sparse'$
lifecycle_factors.csv | kind=tpu | factor | embodied | expected one of embodied_co2e_accelerator, .*, cloud_price, got 'embodied'$
lifecycle_factors.csv | kind=tpu | unit | g CO2e | expected 'kg CO2e per accelerator' for embodied_co2e_accelerator, got 'g CO2e'$
lifecycle_factors.csv | kind=tpu | low | -1 | expected 0 <= low <= central <= high <= inf for embodied_co2e_accelerator, got -1, 692, 1101$
lifecycle_factors.csv | kind=tpu | central_mark | tertiary | expected one of primary, secondary, derived, got 'tertiary'$
lifecycle_studies.csv | input_id=bloom-lifetime | study | gpt | expected one of bloom, olmo, li, epoch, patterson, got 'gpt'$
lifecycle_studies.csv | input_id=bloom-lifetime | sig_figs | six | expected 'exact' or a whole number > 0, got 'six'$
lifecycle_studies.csv | input_id=bloom-lifetime | mark | tertiary | expected one of primary, secondary, derived, got 'tertiary'$
"""
"""A broken cell for each rule of each file: the file, the row (its key), the column, the bad value and the
message."""
CELLS = [tuple(part.strip() for part in row.split("|")) for row in BROKEN.strip().splitlines()[1:]]


def test_every_data_file_but_epochs_snapshot_has_broken_copies_below():
    files = {path.name for path in DATA_DIR.glob("*.csv")}
    assert set(LOADERS) == {name for name, *_ in CELLS} == files - {loaders.EPOCH_SNAPSHOT_FILE.name}  # Epoch: below


@pytest.mark.parametrize("name, row, column, value, then", CELLS, ids=lambda x: x[:24])
def test_a_broken_cell_names_file_line_and_column(tmp_path, name, row, column, value, then):
    line = line_of(name, *row.split("="))
    path = data_copy(tmp_path, name, line, column, value)
    with fails_at(path, line, column, then):
        LOADERS[name](path)


def test_rules_that_span_columns_name_the_line(tmp_path):
    line = line_of("factors.csv", "kind", "colocation")
    path = data_copy(tmp_path, "factors.csv", line, "central", "1.7")  # above its high, 1.6
    with fails_at(path, line, None, r"expected 0 <= low <= central <= high, got 1.25, 1.7, 1.6$"):
        loaders.load_factors(path)
    line = line_of("factors.csv", "kind", "tpu")
    path = data_copy(tmp_path, "factors.csv", line, "high", "1.2")  # a power fraction above 1
    with fails_at(path, line, None, r"a power fraction must lie in \(0, 1\], got 0.3-1.2$"):
        loaders.load_factors(path)
    line = line_of("article_statements.csv", "statement", "3")
    assert cell("article_statements.csv", line, "claim_id") == ""
    path = data_copy(tmp_path, "article_statements.csv", line, "claim_id", "aic-perceptron-year")
    with fails_at(path, line, None, r"give either a claim_id or why the statement is not checkable"):
        loaders.load_article_statements(path)


@pytest.mark.parametrize("claim_id, column, value, named, then", [
    ("aic-doubling-3-4", "published_value", "", "published_value", "a number for a number claim, got 'nan'"),
    ("aic-doubling-3-4", "sig_figs", "1", "published_value",
     r"a value with no more digits than its sig_figs \(1\), got '3.4'"),
    ("aic-doubling-3-4", "sided", "", "sided", "two-sided or at-least or at-most, got ''"),
    ("aic-doubling-3-4", "article_says", "every 3.4 months", "article_says",
     "no wording for a number claim, got 'every 3.4 months'"),
    ("aic-y-axis-per-day", "source_says", "", "source_says", "the wording of a text claim, got ''"),
    ("aic-y-axis-per-day", "sided", "at-least", "published_value",
     "no published_value, sig_figs or sided for a text claim, got 'nan'"),
])
def test_the_claim_rules_name_the_line_the_column_and_the_claim(tmp_path, claim_id, column, value, named, then):
    line = line_of("claims.csv", "claim_id", claim_id)
    path = data_copy(tmp_path, "claims.csv", line, column, value)
    with fails_at(path, line, named, rf"expected {then} \(claim {claim_id}\)$"):
        loaders.load_claims(path)


def test_the_epoch_loader_counts_the_lines_of_a_cell_that_spans_two(tmp_path):
    text = (FIXTURES / "epoch_notable_models_new_schema.csv").read_text(encoding="utf-8")
    path = tmp_path / "epoch.csv"
    path.write_text(text.replace(",Likely,True,", ",Likely,maybe,", 1), encoding="utf-8")
    # Synth-Go Agent, the sixth system, is on line 8: the first system's notes cell spans lines 2 and 3
    with fails_at(path, 8, "Frontier model", "expected True, False or an empty cell, got 'maybe'$"):
        loaders.load_epoch_models(path)


def test_a_system_listed_twice_is_named_with_its_file(tmp_path):
    text = loaders.EPOCH_SNAPSHOT_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "twice.csv"
    path.write_text("".join(text[:3] + text[1:2]), encoding="utf-8")
    with fails_at(path, None, None, r"1 system\(s\) listed more than once \('Llama 3.3'\)"):
        loaders.load_epoch_models(path)


def test_two_factors_of_one_kind_are_refused(tmp_path):
    line = line_of("factors.csv", "kind", "colocation")
    path = data_copy(tmp_path, "factors.csv", line, "kind", "hyperscale")
    first = line_of("factors.csv", "kind", "hyperscale")
    with pytest.raises(DataError, match=rf"^{re.escape(shown(path))}, line {line}, columns 'factor', 'kind': duplicate "
                                        rf"values \('pue', 'hyperscale'\) \(first on line {first}\)$"):
        loaders.load_factors(path)


def test_the_old_name_of_the_level_list_still_works():
    assert loaders.CLAIM_LEVELS == ("article", "source", "extension")
