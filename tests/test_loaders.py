"""The checked loaders: real files load, and every kind of bad file fails with file, line and column named."""

import pytest

from mlfootprint import loaders
from mlfootprint.checks import DataError, ParameterError
from mlfootprint.schema import Column, read_table

COLUMNS = [Column("name"), Column("value", "float", positive=True), Column("when", "date", required=False)]


def write(tmp_path, text):
    path = tmp_path / "table.csv"
    path.write_text(text)
    return path


def test_good_table_is_typed(tmp_path):
    table = read_table(write(tmp_path, "name,value,when\na,1.5,2012-06-01\nb,2e3,\n"), COLUMNS, key="name")
    assert list(table["value"]) == [1.5, 2000.0]
    assert str(table["when"].dtype).startswith("datetime64")
    assert table["when"].isna().tolist() == [False, True]


@pytest.mark.parametrize("text, message", [
    ("name,value\na,1\n", r"table.csv: missing column\(s\) 'when'; expected columns: name, value, when"),
    ("name,value,when,extra\na,1,,x\n", r"table.csv: unexpected column\(s\) 'extra'"),
    ("name,value,when\na,fast,\n", r"table.csv, line 2, column 'value': expected a number > 0, got 'fast'"),
    ("name,value,when\na,1,\nb,-2,\n", r"table.csv, line 3, column 'value': expected a number > 0, got '-2'"),
    ("name,value,when\na,,\n", r"line 2, column 'value': expected a value \(the cell is empty\), got ''"),
    ("name,value,when\na,1,1/6/2012\n", r"line 2, column 'when': expected a date as YYYY-MM-DD, got '1/6/2012'"),
    ("name,value,when\na,1,\na,2,\n", r"line 3, column 'name': duplicate value 'a' \(first on line 2\)"),
    ("name,value,when\na,1\n", r"line 2: 2 cells, expected 3"),
    ("", r"table.csv: file is empty"),
])
def test_bad_tables_name_file_line_and_column(tmp_path, text, message):
    with pytest.raises(DataError, match=message):
        read_table(write(tmp_path, text), COLUMNS, key="name")


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="nothing.csv: file not found"):
        read_table(tmp_path / "nothing.csv", COLUMNS)


def test_dash_can_mean_missing_never_zero(tmp_path):
    columns = [Column("name"), Column("kwh", "float", required=False, missing=("", "-"))]
    table = read_table(write(tmp_path, "name,kwh\nBERT TPU,-\n"), columns)
    assert table["kwh"].isna().all()


def test_hardware_file_holds_the_gpus_of_the_sources():
    hardware = loaders.load_hardware()
    # OpenAI appendix: 1.58e-3 PF/s per GTX 580 for AlexNet, 1.54 TFLOPS for Dropout and ZFNet
    assert hardware.loc["GTX 580", "peak_flop_per_s"] == 1.58e12
    assert hardware.loc["GTX 580 (Dropout, ZFNet)", "peak_flop_per_s"] == 1.54e12
    # Epoch chip dataset: V100 SXM2 FP32 1.567e13 FLOP/s, 300 W
    assert hardware.loc["V100 SXM2", ["peak_flop_per_s", "board_power_w"]].tolist() == [1.567e13, 300]


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
