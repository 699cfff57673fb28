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
