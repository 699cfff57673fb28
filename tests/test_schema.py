"""The schema engine: every kind of cell is typed, every kind of bad file fails with its file, line and column (the
line counted in the file itself), and `loader` caches per version of the file and hands out copies."""

import pandas as pd
import pytest
from helpers import fails_at, write

from mlfootprint.checks import DataError
from mlfootprint.paths import shown
from mlfootprint.schema import MAX_ROWS, Column, FileTable, Schema, loader, parse_printed, read

TABLE = Schema((Column("name"), Column("value", "float", positive=True), Column("when", "date", required=False)),
               key="name")


def test_good_table_is_typed(tmp_path):
    table = read(write(tmp_path, "name,value,when\na,1.5,2012-06-01\nb,2e3,\n"), TABLE).frame
    assert list(table["value"]) == [1.5, 2000.0]
    assert str(table["when"].dtype).startswith("datetime64")
    assert table["when"].isna().tolist() == [False, True]


def test_whole_numbers_keep_missing_cells(tmp_path):
    table = read(write(tmp_path, "n\n3\n\n-2\n \n"), Schema((Column("n", "int", required=False),))).frame
    assert str(table["n"].dtype) == "Int64" and table["n"].tolist() == [3, -2]  # blank lines are no rows


@pytest.mark.parametrize("text, line, column, then", [
    ("name,value,when\na,fast,\n", 2, "value", r"expected a number > 0, got 'fast'$"),
    ("name,value,when\na,1,\nb,-2,\n", 3, "value", r"expected a number > 0, got '-2'$"),
    ("name,value,when\na,inf,\n", 2, "value", r"expected a number > 0, got 'inf'$"),
    ("name,value,when\na,,\n", 2, "value", r"expected a value \(the cell is empty\), got ''$"),
    ("name,value,when\na,1,1/6/2012\n", 2, "when", r"expected a date as YYYY-MM-DD, got '1/6/2012'$"),
    ("name,value,when\na,1,\na,2,\n", 3, "name", r"duplicate value 'a' \(first on line 2\)$"),
    ("name,value,when\na,1\n", 2, None, r"2 cells, expected 3$"),
])
def test_bad_cells_name_file_line_and_column(tmp_path, text, line, column, then):
    path = write(tmp_path, text)
    with fails_at(path, line, column, then):
        read(path, TABLE)


@pytest.mark.parametrize("text, then", [
    ("name,value\na,1\n", r"missing column\(s\) 'when'; expected columns: name, value, when$"),
    ("name,value,when,extra\na,1,,x\n", r"unexpected column\(s\) 'extra'$"),
    ("", r"file is empty \(expected a header line\)$"),
])
def test_bad_headers_name_the_file(tmp_path, text, then):
    path = write(tmp_path, text)
    with fails_at(path, None, None, then):
        read(path, TABLE)


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(DataError, match="nothing.csv: file not found$"):
        read(tmp_path / "nothing.csv", TABLE)
    (tmp_path / "latin.csv").write_bytes("name,value,when\nCaf\u00e9,1,\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"latin.csv: not UTF-8 \(byte 19 cannot be decoded\); save it as UTF-8$"):
        read(tmp_path / "latin.csv", TABLE)


def test_a_byte_order_mark_is_dropped(tmp_path):
    (tmp_path / "bom.csv").write_bytes("\ufeffname,value,when\na,1,\n".encode())
    assert read(tmp_path / "bom.csv", TABLE).frame["name"].tolist() == ["a"]


def test_the_line_is_the_files_own_past_blank_lines_and_cells_that_span_lines(tmp_path):
    path = write(tmp_path, 'name,value,when\n\na,1,\n"b\nsecond line of b",2,\n\nc,0,\n')
    with fails_at(path, 7, "value", "expected a number > 0"):
        read(path, TABLE)
    table = read(write(tmp_path, 'name,value,when\n\na,1,\n"b\nb",2,\nc,3,\n'), TABLE)
    assert table.lines == (3, 4, 6) and table.frame["name"].tolist() == ["a", "b\nb", "c"]


def test_more_rows_than_the_limit_are_refused(tmp_path):
    path = write(tmp_path, "name,value,when\n" + "".join(f"s{i},1,\n" for i in range(MAX_ROWS + 1)))
    with fails_at(path, None, None, r"more than 20,000 rows; at most 20,000 are read"):
        read(path, TABLE)


def test_dash_can_mean_missing_never_zero(tmp_path):
    table = read(write(tmp_path, "name,kwh\nBERT TPU,-\n"),
                 Schema((Column("name"), Column("kwh", "float", required=False, missing=("", "-")))))
    assert table.frame["kwh"].isna().all()


def test_printed_numbers_and_ranges_keep_their_text(tmp_path):
    # Strubell et al. 2019, Table 3: "12,041.51" W and "$41-$140"; Table 4: "$103k"
    table = read(write(tmp_path, 'w,cost\n"12,041.51",$41-$140\n$103k,-\n'),
                 Schema((Column("w", "printed"), Column("cost", "usd_range", required=False, missing=("-",)))))
    frame = table.frame
    assert list(frame.columns) == ["w", "cost_low", "cost_high", "w_printed", "cost_low_printed", "cost_high_printed"]
    assert frame["w"].tolist() == [12041.51, 103_000.0] and frame["w_printed"].tolist() == ["12,041.51", "$103k"]
    assert (frame.at[0, "cost_low"], frame.at[0, "cost_high"]) == (41.0, 140.0)
    assert frame.at[0, "cost_high_printed"] == "$140" and frame["cost_low"].isna().tolist() == [False, True]
    assert parse_printed("$9870") == 9870.0


def test_a_bad_range_names_its_cell(tmp_path):
    path = write(tmp_path, "cost\n$41 to $140\n")
    with fails_at(path, 2, "cost", r"expected a range as printed, e.g. \$41-\$140, got '\$41 to \$140'$"):
        read(path, Schema((Column("cost", "usd_range"),)))


@pytest.mark.parametrize("column, cell, then", [
    (Column("kind", allowed=("gpu", "tpu")), "cpu", "expected one of gpu, tpu, got 'cpu'$"),
    (Column("kind", allowed=("gpu", "tpu")), "GPU", "expected one of gpu, tpu, got 'GPU'$"),
    (Column("flag", required=False, allowed=("True", "False")), "yes", "expected True, False or an empty cell, got "
                                                                       "'yes'$"),
])
def test_a_closed_set_of_values_is_checked_by_the_schema(tmp_path, column, cell, then):
    path = write(tmp_path, f"{column.name}\n{column.allowed[0]}\n{cell}\n")
    with fails_at(path, 3, column.name, then):
        read(path, Schema((column,)))


def test_a_closed_set_may_ignore_the_case_and_allow_empty_cells(tmp_path):
    schema = Schema((Column("name"), Column("flag", required=False, allowed=("True", "False"), ignore_case=True)))
    assert read(write(tmp_path, "name,flag\na,TRUE\nb,\nc,false\n"), schema).frame["flag"].tolist() == [
        "TRUE", "", "false"]


def test_a_key_may_ignore_the_case_or_span_columns(tmp_path):
    path = write(tmp_path, "name\nA100\nH100\na100\n")
    with fails_at(path, 4, "name", r"duplicate value 'a100' \(first on line 2; the case is ignored\)$"):
        read(path, Schema((Column("name", ignore_case=True),), key="name"))
    pair = Schema((Column("factor"), Column("kind")), key=("factor", "kind"))
    assert len(read(write(tmp_path, "factor,kind\npue,a\npue,b\nprice,a\n"), pair).frame) == 3
    path = write(tmp_path, "factor,kind\npue,a\nprice,a\npue,a\n")
    with pytest.raises(DataError, match=r"table.csv, line 4, columns 'factor', 'kind': duplicate values \('pue', 'a'\) "
                                        r"\(first on line 2\)$"):
        read(path, pair)


EPOCH_LIKE = Schema((Column("Model", older_name="System"), Column("Hours", "float", required=False, absent_ok=True)),
                    extra_columns=True)


def test_older_names_absent_columns_and_extra_columns(tmp_path):
    old = read(write(tmp_path, "System,Notes\nPerceptron,first\n"), EPOCH_LIKE).frame
    assert list(old.columns) == ["Model"] and old["Model"].tolist() == ["Perceptron"]
    new = read(write(tmp_path, "Model,Hours,Notes\nGPT-3,355.2,x\n"), EPOCH_LIKE).frame
    assert list(new.columns) == ["Model", "Hours"] and new["Hours"].tolist() == [355.2]
    path = write(tmp_path, "System,Hours\nPerceptron,soon\n")
    with fails_at(path, 2, "Hours", "expected a number, got 'soon'$"):
        read(path, EPOCH_LIKE)
    path = write(tmp_path, "Name,Hours\nPerceptron,1\n")
    with fails_at(path, None, None, r"missing column\(s\) 'Model' \(or 'System', as older downloads call it\); "
                                    r"expected columns: Model$"):
        read(path, EPOCH_LIKE)


def test_an_empty_header_cell_is_not_an_older_name(tmp_path):
    path = write(tmp_path, "Name,\nPerceptron,1\n")
    with fails_at(path, None, None, r"missing column\(s\) 'Only'"):
        read(path, Schema((Column("Only"),), extra_columns=True))


def test_an_unknown_kind_is_refused_where_it_is_declared():
    with pytest.raises(ValueError, match=r"^kind must be one of str, float, int, date, printed, usd_range \(got "
                                         r"'number'\)$"):
        Column("x", "number")


def test_a_cleaning_rule_names_the_line_of_its_row(tmp_path):
    path = write(tmp_path, "name,value,when\n\na,1,\nb,2,\n")
    table = read(path, TABLE)
    with fails_at(path, 4, "value", r"expected at most 1, got 2\.0$"):
        table.refuse(table.frame["value"] > 1, "value", "at most 1")
    table.refuse(table.frame["value"] > 5, "value", "at most 5")  # nothing to refuse
    assert str(table.error(0, "odd", "name")) == f"{shown(path)}, line 3, column 'name': odd"
    assert str(table.error(None, "odd")) == f"{shown(path)}: odd"
    assert table.first(table.frame["name"] == "b") == 1 and table.first(table.frame["name"] == "z") is None


def _counting_loader(path, calls):
    @loader(path, TABLE, index="name")
    def load_table(table: FileTable) -> pd.DataFrame:
        """A table of values."""
        calls.append(table.path)
        table.frame["double"] = table.frame["value"] * 2
        return table.frame

    return load_table


def test_a_loader_reads_then_cleans_and_hands_out_copies(tmp_path):
    calls = []
    path = write(tmp_path, "name,value,when\na,1.5,\n")
    load_table = _counting_loader(path, calls)
    first = load_table()
    assert first.index.name == "name" and first.at["a", "double"] == 3.0
    first.loc["a", "value"] = 99
    assert load_table().at["a", "value"] == 1.5 and len(calls) == 1  # cached, and the cache is not changed
    assert (load_table.__name__, load_table.__doc__) == ("load_table", "A table of values.")


def test_a_loader_reads_a_changed_file_again_and_takes_other_paths(tmp_path):
    calls = []
    path = write(tmp_path, "name,value,when\na,1.5,\n")
    load_table = _counting_loader(path, calls)
    assert load_table().at["a", "value"] == 1.5
    write(tmp_path, "name,value,when\na,2.5,\nb,1,\n")
    assert load_table().at["a", "value"] == 2.5 and len(calls) == 2
    other = write(tmp_path, "name,value,when\nz,7,\n", "other.csv")
    assert list(load_table(other).index) == ["z"]
    with pytest.raises(DataError, match="gone.csv: file not found$"):
        load_table(tmp_path / "gone.csv")
