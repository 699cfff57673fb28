"""Datasets refused before any run starts, as the README promises (issue #24): for notebooks 01, 03 and 09, a file
that repeats a system, has more than 20,000 rows, only a header, a cell too large to read or a date after today,
and a window of publication dates that holds no system; one line naming the file (line and column where they
apply), exit status 2, nothing written."""

import pytest
from helpers import FIXTURES, mlfootprint, one_line

from mlfootprint.catalogue import find
from mlfootprint.checks import DataError, ParameterError
from mlfootprint.tools import datasets, runner

SYNTHETIC = (FIXTURES / "epoch_notable_models_synthetic.csv").read_text()
HEADER, *ROWS = SYNTHETIC.splitlines()


def dataset(tmp_path, lines, name="mine.csv"):
    (tmp_path / name).write_text("\n".join(lines) + "\n")
    return tmp_path / name


def check(tmp_path, number, path, **parameters):
    notebook = find(number)
    datasets.check_all([runner.Task(notebook, notebook.parameters(dataset=str(path), **parameters), tmp_path / "x")])


@pytest.mark.parametrize("number", ["01", "03", "09"])
def test_a_dataset_that_repeats_a_system_is_refused(tmp_path, number):
    with pytest.raises(DataError, match=r"mine.csv: 1 system\(s\) listed more than once \('LeNet-5'\)"):
        check(tmp_path, number, dataset(tmp_path, [HEADER, *ROWS, ROWS[3]]), start="1950", end="2020")


def test_the_command_refuses_it_before_anything_is_written(tmp_path):
    path = dataset(tmp_path, [HEADER, *ROWS, ROWS[3]])
    one_line(mlfootprint("run", "03", "-p", "dataset", path, "--out", tmp_path / "run", cwd=tmp_path),
             "mine.csv: 1 system(s) listed more than once ('LeNet-5')")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.csv"], "nothing is written"


def test_more_rows_than_the_limit_are_refused(tmp_path):
    path = dataset(tmp_path, [HEADER] + [f"S{i},Vision,Org,2020-01-01,1000,1e20,,"for i in range(20_001)])
    with pytest.raises(DataError, match=r"mine.csv: more than 20,000 rows; at most 20,000 are read"):
        check(tmp_path, "09", path)


def test_a_header_without_rows_is_refused(tmp_path):
    with pytest.raises(DataError, match=r"mine.csv: a header and no system; expected one system per line from line 2"):
        check(tmp_path, "03", dataset(tmp_path, [HEADER]))


def test_a_cell_too_large_to_read_gives_its_line(tmp_path):
    path = dataset(tmp_path, [HEADER, *ROWS[:4], f"Huge,Vision,{'x' * 200_000},2020-01-01,1,1,,"])
    with pytest.raises(DataError, match=r"mine.csv, line 6: not readable as CSV \(field larger than field limit"):
        check(tmp_path, "01", path, start="1950", end="2020")


def test_a_date_after_today_is_refused_with_line_and_column(tmp_path):
    path = dataset(tmp_path, [HEADER, *ROWS[:2], "Time machine,Vision,Org,2300-01-01,1000,1e20,,", *ROWS[2:]])
    with pytest.raises(DataError, match=r"mine.csv, line 4, column 'Publication date': expected a date up to today "
                                        r"\(\d{4}-\d\d-\d\d\), got 2300-01-01"):
        check(tmp_path, "09", path)


def test_a_window_beyond_the_data_is_refused(tmp_path):
    with pytest.raises(ParameterError, match=r"^start 2030-01-01 is after the latest publication date in .*"
                                             r"epoch_notable_ai_models_2024-12.csv \(2024-\d\d-\d\d\): the window"):
        datasets.check_all([runner.Task(find("09"), find("09").parameters(start="2030"), tmp_path / "x")])
    path = dataset(tmp_path, [HEADER, *ROWS])  # 1957 to 2021: nothing from 2000 to 2001
    with pytest.raises(ParameterError, match=r"^start 2000-01-01 to 2001-12-31: .*mine.csv has no system published "
                                             r"then \(its systems span 1957-01-01 to 20"):
        check(tmp_path, "01", path, start="2000", end="2001", era_boundary="auto")
    one_line(mlfootprint("run", "09", "-p", "start", "2030", "--out", tmp_path / "run"),
             "ParameterError: start 2030-01-01 is after the latest publication date")
    assert not (tmp_path / "run").exists()


def test_a_sweep_with_one_bad_dataset_writes_nothing(tmp_path):
    dataset(tmp_path, [HEADER])
    grid = tmp_path / "grid.yaml"
    grid.write_text("runs:\n  - name: good\n  - name: bad\n    dataset: mine.csv\n")
    one_line(mlfootprint("sweep", "03", "--grid", grid, "--out", "sweep", cwd=tmp_path),
             "mine.csv: a header and no system")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grid.yaml", "mine.csv"]
