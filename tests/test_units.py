import pytest

from mlfootprint import units


def test_one_pfs_day_is_8_64e19_flop():
    # OpenAI, AI and Compute (2018), footnote: 1e15 ops/s x 86,400 s, "about 10^20 operations"
    assert units.pfs_days_to_flop(1) == 8.64e19
    assert units.flop_to_pfs_days(8.64e19) == 1


def test_pf_and_pfs_days_agree_with_openai_alexnet_numbers():
    # OpenAI appendix: 470 PF = 0.0054 pfs-days (1 pfs-day = 86,400 PF)
    assert units.flop_to_pfs_days(470e15) == pytest.approx(0.0054, abs=5e-5)
    assert units.flop_to_pf(470e15) == pytest.approx(470)


def test_time_conversions():
    assert units.days_to_seconds(5.5) == 475_200
    assert units.days_to_hours(2) == 48
    assert units.hours_to_seconds(1.5) == 5_400


def test_pounds_and_kilograms_round_trip():
    # 1 lb = 0.45359237 kg exactly; Strubell et al. 2019 Table 1's car lifetime, 126,000 lb, is 57.15 t
    assert units.lb_to_kg(126_000) == pytest.approx(57_152.63862, rel=1e-12)
    assert units.lb_to_kg(126_000) / 1000 == pytest.approx(57.15, abs=0.005)
    assert units.kg_to_lb(units.lb_to_kg(626_155)) == pytest.approx(626_155)


def test_conversions_accept_columns():
    import pandas as pd

    column = pd.Series([8.64e19, 1.728e20], index=["a", "b"])
    converted = units.flop_to_pfs_days(column)
    assert list(converted.index) == ["a", "b"]
    assert list(converted) == [1.0, 2.0]


def test_a_grid_factor_in_any_unit_becomes_g_per_kwh():
    # Strubell et al. 2019 Eq. 2: 0.954 lb/kWh = 0.954 x 453.59237 g/kWh; Patterson et al. 2021: 0.431 kg/kWh
    assert units.grid_to_g_per_kwh(0.954, "lb/kWh") == pytest.approx(432.7271, abs=1e-4)
    assert units.grid_to_g_per_kwh(0.431, "kg/kWh") == 431.0
    assert units.grid_in(369.473, "g/kWh", "lb/kWh") == pytest.approx(0.814548, abs=1e-6)
    assert units.grid_in(0.954, "lb/kWh", "lb/kWh") == 0.954  # exact: a paper's number stays as printed
    with pytest.raises(ValueError, match=r"^grid unit must be one of g/kWh, kg/kWh, lb/kWh \(got 't/MWh'\)$"):
        units.grid_to_g_per_kwh(1, "t/MWh")
    with pytest.raises(ValueError, match=r"\(got 'g/MWh'\)$"):
        units.grid_in(1, "g/kWh", "g/MWh")


def test_a_column_of_grid_factors_with_a_column_of_units():
    import pandas as pd

    values, given = pd.Series([0.954, 56.039, 0.2]), pd.Series(["lb/kWh", "g/kWh", "kg/kWh"])
    assert units.grid_to_g_per_kwh(values, given).round(3).tolist() == [432.727, 56.039, 200.0]
    assert units.grid_in(values, given, "lb/kWh")[0] == 0.954
    with pytest.raises(ValueError, match=r"\(got 'lbs'\)$"):
        units.grid_in(values, pd.Series(["lb/kWh", "lbs", "g/kWh"]), "g/kWh")


def test_the_grid_units_of_a_quantity_parameter():
    # 1 kg = 1000 g; 1 lb = 453.59237 g (exact)
    assert dict(units.grid_units_in("g/kWh")) == {"g/kWh": 1.0, "kg/kWh": 1000.0, "lb/kWh": 453.59237}
    assert dict(units.grid_units_in("lb/kWh"))["kg/kWh"] == pytest.approx(2.204623, rel=1e-6)
