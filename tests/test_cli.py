"""The `mlfootprint` command (tools.cli): `estimate` as a user runs it (the files it writes, its summary, one-line
refusals), and the systems the command runs on."""

import json

import pytest
from helpers import mlfootprint


def test_the_command_writes_the_files_and_prints_a_summary(tmp_path):
    out = tmp_path / "exact"
    done = mlfootprint("estimate", "--hardware", "a100 sxm4", "--count", "64", "--hours", "100", "--power-fraction",
                       "1", "--server-overhead", "1", "--pue", "1.1", "--grid-g-per-kwh", "0.056 kg/kWh", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "  energy 2.816 MWh (exact)\n  CO2e   157.7 kg CO2e (exact)\n" in done.stdout  # 2,816 kWh
    assert sorted(p.name for p in out.iterdir()) == [".mlfootprint", "estimate.csv", "model-card.json", "statement.md",
                                                   "statement.tex", "terms.csv"]
    marker = json.loads((out / ".mlfootprint").read_text())
    assert marker["parameters"]["hardware"] == "A100 SXM4" and marker["parameters"]["grid_g_per_kwh"] == 56
    again = mlfootprint("estimate", "--hardware", "H100 SXM", "--count", "8", "--hours", "10", "--country", "FRA",
                        "--out", out)  # a folder the tool made is replaced
    assert again.returncode == 0 and "France (FRA), 2023" in again.stdout
    assert json.loads((out / "model-card.json").read_text())["co2_eq_emissions"]["geographical_location"] == \
        "France (FRA)"
    assert "    water         " in again.stdout and "  not counted: end of life" in again.stdout
    assert (out / "terms.csv").read_text().splitlines()[0] == "term,label,quantity,unit,central,low,high"

@pytest.mark.parametrize("args, message", [
    (["--hardware", "A100", "--count", "8", "--hours", "10"], "--hardware must be one of the 38 names"),
    (["--hardware", "TPU v5p", "--count", "8", "--hours", "10"], "--hardware 'TPU v5p' has no published board power"),
    (["--hardware", "B200", "--count", "0", "--hours", "10"], "--count must be a whole number in [1, 1,000,000]"),
    (["--hardware", "B200", "--count", "8", "--hours", "-5"], "--hours must be a number in (0, "),
    (["--hardware", "B200", "--count", "8", "--hours", "10", "--power-fraction", "0"], "--power-fraction must be"),
    (["--hardware", "B200", "--count", "8", "--hours", "10", "--country", "XYZ"], "--country must be an ISO 3166-1"),
    (["--hardware", "B200", "--count", "8", "--hours", "10", "--country", "FRA", "--grid-g-per-kwh", "50"],
     "give --country or --grid-g-per-kwh, not both"),
    (["--hardware", "B200", "--count", "8", "--hours", "10", "--pue", "1.2", "--scenario", "us-2023"],
     "give --pue or --scenario, not both"),
    (["--hardware", "B200", "--count", "8"], "the following arguments are required: --hours"),
    (["--hardware", "B200", "--count", "8", "--hours", "10", "--terms", "water", "--lifetime-years", "3"],
     "--lifetime-years is a factor of the embodied term, which --terms leaves out"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, args, message):
    done = mlfootprint("estimate", *args, "--out", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert list(tmp_path.iterdir()) == []

def test_a_folder_the_tool_did_not_make_is_left_alone(tmp_path):
    (tmp_path / "thesis").mkdir()
    (tmp_path / "thesis" / "chapter.tex").write_text("mine")
    done = mlfootprint("estimate", "--hardware", "B200", "--count", "8", "--hours", "10", "--out", tmp_path / "thesis")
    assert done.returncode == 2 and "was not made by mlfootprint" in done.stderr
    assert [p.name for p in (tmp_path / "thesis").iterdir()] == ["chapter.tex"]


def test_without_fork_the_command_says_which_systems_it_needs_in_one_line():
    """On Windows (no os.fork) the command stops in one line, saying where it runs, instead of a traceback."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "import os; del os.fork; import mlfootprint.tools.cli"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("mlfootprint: the command needs Linux or macOS (on Windows, run it in WSL2")
