"""Each kind of parameter converts, checks and describes its own values, with one clear line when it refuses one."""

import datetime as dt

import pytest

from mlfootprint.checks import ParameterError
from mlfootprint.parameter_kinds import (BUNDLED, MAX_DATASET_BYTES, Boolean, Choice, Choices, Dataset, Date, Number,
                                         Quantity, Text, column_values, make_kind)
from mlfootprint.parameters import Spec

LB_PER_KWH = Spec(Quantity(low=0, high=5, units=(("g/kWh", 1 / 453.59237), ("kg/kWh", 1000 / 453.59237))),
                  "lb CO2e/kWh", "grid factor", limit="over twice the dirtiest national grid")


@pytest.mark.parametrize("value, expected", [
    (2012, "2012-01-01"), ("2012", "2012-01-01"), ("2012-06-01", "2012-06-01"), (dt.date(2015, 3, 4), "2015-03-04"),
    (dt.datetime(2015, 3, 4, 12), "2015-03-04"), ("auto", "auto"),
])
def test_dates(value, expected):
    assert Spec(Date(choices=("auto",))).convert("start", value) == expected


@pytest.mark.parametrize("value", ["soon", "2012-13-01", "12/06/2012", 2012.5, 12345, None, True])
def test_unparsable_dates(value):
    with pytest.raises(ParameterError, match=r"^start must be a year \(e.g. 2012\) or a date as YYYY-MM-DD \(got "):
        Spec(Date()).convert("start", value)


@pytest.mark.parametrize("kind, value, expected", [
    (Number(integer=True), "3", 3), (Number(integer=True), 3.0, 3), (Number(integer=True), "1e3", 1000),
    (Number(), "1e6", 1e6), (Number(), 2, 2.0), (Number(), " -3e-2 ", -0.03), (Number(), "2.5E0", 2.5),
    (Boolean(), "true", True), (Boolean(), " False", False), (Boolean(), True, True), (Text(), "none", "none"),
])
def test_conversions(kind, value, expected):
    converted = Spec(kind).convert("x", value)
    assert converted == expected and type(converted) is type(expected)


@pytest.mark.parametrize("kind, value, message", [
    (Number(low=0, high=10, integer=True), 1.5, r"^x must be a whole number in \[0, 10\] \(got 1.5\)$"),
    (Number(low=0, high=10), "nan", r"^x must be a number in \[0, 10\] \(got nan\)$"),
    (Number(low=0, high=10), "inf", r"^x must be a number in \[0, 10\] \(got inf\)$"),
    (Number(low=0, high=10), True, r"^x must be a number in \[0, 10\] \(got True\)$"),
    (Number(low=0, high=10), "11", r"^x must be a number in \[0, 10\] \(got 11\); the reason$"),
    (Number(low=0, high=10), -1, r"^x must be a number in \[0, 10\] \(got -1\)$"),  # the reason is the upper bound's
    (Number(low=0, high=1e6, low_open=True), 0, r"^x must be a number in \(0, 1,000,000\] \(got 0\)$"),
    (Number(low=0, high=1, high_open=True), 1, r"^x must be a number in \[0, 1\) \(got 1\); the reason$"),
    (Number(low=0, high=10), None, r"^x must be a number in \[0, 10\] \(got None\)$"),
    (Boolean(), "yes", r"^x must be True or False \(got 'yes'\)$"),
    (Text(), 3, r"^x must be text \(got 3\)$"),
])
def test_refusals_name_the_parameter_the_value_and_what_is_allowed(kind, value, message):
    with pytest.raises(ParameterError, match=message):
        Spec(kind, limit="the reason").convert("x", value)


def test_a_quantity_is_converted_to_its_unit_where_it_enters():
    # 1 kg = 2.20462 lb; 432.73 g = 0.954 lb (Strubell et al. 2019's US grid)
    assert LB_PER_KWH.convert("grid", "1 kg/kWh") == pytest.approx(2.204623, rel=1e-6)
    assert LB_PER_KWH.convert("grid", "432.727 g/kWh") == pytest.approx(0.954, rel=1e-6)
    assert LB_PER_KWH.convert("grid", " 0.5 KG/KWH ") == pytest.approx(1.1023113, rel=1e-6)  # any case
    assert LB_PER_KWH.convert("grid", "0.954") == 0.954 and LB_PER_KWH.convert("grid", 0.5) == 0.5
    with pytest.raises(ParameterError, match=r"^grid must be a number in \[0, 5\] lb CO2e/kWh, or one with its unit "
                                             r"\('1 g/kWh', '1 kg/kWh'\) \(got '1 ton/kWh'\)$"):
        LB_PER_KWH.convert("grid", "1 ton/kWh")
    with pytest.raises(ParameterError, match=r"\(got '3 kg/kWh'\); over twice the dirtiest national grid$"):
        LB_PER_KWH.convert("grid", "3 kg/kWh")  # 6.6 lb/kWh: shown as given, with its unit
    with pytest.raises(ParameterError, match=r"\(got '-1 g/kWh'\)$"):
        LB_PER_KWH.convert("grid", "-1 g/kWh")


def test_a_choice_suggests_near_misses_and_may_ignore_the_case():
    units = Spec(Choice(choices=("lb", "kg")))
    assert units.convert("unit", "kg") == "kg"
    with pytest.raises(ParameterError, match=r"^unit must be one of 'lb', 'kg' \(got 'kgs'\); did you mean 'kg'\?$"):
        units.convert("unit", "kgs")
    hardware = Spec(Choice(choices_from=("hardware.csv", "name"), ignore_case=True))
    assert hardware.convert("hardware", "h100 sxm") == "H100 SXM"  # returned as data/hardware.csv lists it
    with pytest.raises(ParameterError, match=r"^hardware must be one of the \d+ names in data/hardware.csv "
                                             r"\(any case\) \(got 'a100'\); did you mean 'A100 SXM4', "):
        hardware.convert("hardware", "a100")


def test_a_list_of_choices_drops_repeats_and_may_mean_all():
    scenarios = Spec(Choices(choices_from=("scenarios.csv", "scenario"), all_allowed=True))
    assert scenarios.convert("scenarios", "all") == "all"
    assert scenarios.convert("scenarios", "us-2023") == ["us-2023"]
    assert scenarios.convert("scenarios", ("us-2023", "us-2023", "hyperscale")) == ["us-2023", "hyperscale"]
    assert scenarios.convert("scenarios", "us-2023, hyperscale") == ["us-2023", "hyperscale"]  # as -p gives it
    with pytest.raises(ParameterError, match=r"\(got 'mars' in 'us-2023,mars'\)$"):
        scenarios.convert("scenarios", "us-2023,mars")
    with pytest.raises(ParameterError, match=r"^scenarios must be 'all' or a non-empty list of 'strubell-2019', .* "
                                             r"\(got 'mars' in \['us-2023', 'mars'\]\)$"):
        scenarios.convert("scenarios", ["us-2023", "mars"])
    with pytest.raises(ParameterError, match=r"^domains must be a non-empty list of 'language', 'vision' "
                                             r"\(got \[\]\)$"):
        Spec(Choices(choices=("language", "vision"))).convert("domains", [])


def test_a_dataset_is_the_bundled_data_or_a_readable_file(tmp_path):
    dataset = Spec(Dataset())
    assert dataset.convert("dataset", BUNDLED) == "bundled"
    (tmp_path / "models.csv").write_text("Model\nx\n")
    assert dataset.convert("dataset", str(tmp_path / "models.csv")) == str(tmp_path / "models.csv")
    with pytest.raises(ParameterError, match=r"^dataset must be 'bundled' or the path of a CSV file \(got "
                                             r"'nowhere.csv': no such file, looked up from the working folder\)$"):
        dataset.convert("dataset", "nowhere.csv")
    (tmp_path / "latin.csv").write_bytes("Model\nCaf\u00e9\n".encode("latin-1"))
    with pytest.raises(ParameterError, match=r"^dataset: '.*latin.csv' is not UTF-8 \(byte 9 cannot be decoded\)"):
        dataset.convert("dataset", str(tmp_path / "latin.csv"))
    with open(tmp_path / "big.csv", "wb") as big:
        big.truncate(MAX_DATASET_BYTES + 1)  # sparse: no disk used
    with pytest.raises(ParameterError, match=r"^dataset: '.*big.csv' has 100,000,001 bytes; at most 100,000,000 are "
                                             r"read"):
        dataset.convert("dataset", str(tmp_path / "big.csv"))


@pytest.mark.parametrize("kind, allowed, short", [
    (Number(low=0, high=1, low_open=True), "a number in (0, 1]", "(0, 1]"),
    (Number(low=1, high=1_000_000, integer=True), "a whole number in [1, 1,000,000]", "whole number in [1, 1,000,000]"),
    (Boolean(), "True or False", "True or False"),
    (Text(), "text", "text"),
    (Choice(choices=("lb", "kg")), "one of 'lb', 'kg'", "'lb' or 'kg'"),
    (Choice(choices_from=("hardware.csv", "name"), ignore_case=True), None, "a name in data/hardware.csv, any case"),
    (Choices(choices=("language", "vision")), "a non-empty list of 'language', 'vision'", "a list of 'language', "
                                                                                          "'vision'"),
    (Choices(choices_from=("scenarios.csv", "scenario"), all_allowed=True), None,
     "'all' or a list of scenarios in data/scenarios.csv"),
    (Date(choices=("auto",)), "a year (e.g. 2012) or a date as YYYY-MM-DD or 'auto'", "year or YYYY-MM-DD or 'auto'"),
    (Dataset(), "'bundled' or the path of a CSV file", "'bundled' or a CSV path"),
])
def test_each_kind_describes_itself(kind, allowed, short):
    spec = Spec(kind)
    if allowed is not None:
        assert spec.allowed_text() == allowed
    assert spec.short_text() == short
    assert Spec(kind, optional=True).short_text() == short + " or None"


def test_a_choice_from_a_file_lists_the_files_values():
    listed = Spec(Choice(choices_from=("scenarios.csv", "scenario"))).allowed_text()
    assert listed.startswith("one of 'strubell-2019', 'us-2023', ")
    assert column_values("scenarios.csv", "scenario")[0] == "strubell-2019"


def test_kind_names_make_kinds_with_their_settings():
    assert make_kind("int", low=1, high=5) == Number(low=1, high=5, integer=True)
    assert make_kind("quantity", units=(("g/kWh", 1.0),)) == Quantity(units=(("g/kWh", 1.0),))
    with pytest.raises(ValueError, match=r"^kind must be one of int, float, quantity, bool, str, choice, choices, "
                                         r"date, dataset \(got 'number'\)$"):
        make_kind("number")
    with pytest.raises(ValueError, match=r"^kind 'bool' takes no setting \(got low\)$"):
        make_kind("bool", low=0)
    with pytest.raises(ValueError, match=r"^kind 'int' takes low, high, low_open, high_open \(got choices\)$"):
        make_kind("int", choices=("a",))
