"""Parameters declared once: every kind converts and checks its values with one clear line, text and YAML values
follow the same rules, and the declaration makes the notebook's cell and the listing."""

import datetime as dt

import pytest

from mlfootprint.catalogue import NOTEBOOKS
from mlfootprint.notebook_parameters import AiAndComputeParameters, AlexNetParameters, WhatIfParameters
from mlfootprint.checks import ParameterError
from mlfootprint.parameters import Spec, cell_source, convert, listing


@pytest.mark.parametrize("value, expected", [
    (2012, "2012-01-01"), ("2012", "2012-01-01"), ("2012-06-01", "2012-06-01"), (dt.date(2015, 3, 4), "2015-03-04"),
    (dt.datetime(2015, 3, 4, 12), "2015-03-04"),
])
def test_dates(value, expected):
    assert convert("start", value, Spec("date", "", "")) == expected


@pytest.mark.parametrize("value", ["soon", "2012-13-01", "12/06/2012", 2012.5, None, True])
def test_unparsable_dates(value):
    with pytest.raises(ParameterError, match=r"^start must be a year \(e.g. 2012\) or a date as YYYY-MM-DD \(got "):
        convert("start", value, Spec("date", "", ""))


@pytest.mark.parametrize("kind, value, expected", [
    ("int", "3", 3), ("int", 3.0, 3), ("int", "1e3", 1000), ("float", "1e6", 1e6), ("float", 2, 2.0),
    ("bool", "true", True), ("bool", "False", False), ("bool", True, True),
])
def test_conversions(kind, value, expected):
    converted = convert("x", value, Spec(kind, "", "", low=0, high=1e7))
    assert converted == expected and type(converted) is type(expected)


@pytest.mark.parametrize("kind, value, message", [
    ("int", 1.5, r"^x must be a whole number in \[0, 10\] \(got 1.5\)$"),
    ("float", "nan", r"^x must be a number in \[0, 10\] \(got nan\)$"),
    ("float", "inf", r"^x must be a number in \[0, 10\] \(got inf\)$"),
    ("float", True, r"^x must be a number in \[0, 10\] \(got True\)$"),
    ("float", 11, r"^x must be a number in \[0, 10\] \(got 11\); the reason$"),
    ("bool", "yes", r"^x must be True or False \(got 'yes'\)$"),
    ("float", None, r"^x must be a number in \[0, 10\] \(got None\)$"),
])
def test_refusals_name_the_parameter_the_value_and_what_is_allowed(kind, value, message):
    with pytest.raises(ParameterError, match=message):
        convert("x", value, Spec(kind, "", "", low=0, high=10, limit="the reason"))


def test_optional_numbers_accept_none_in_any_spelling():
    spec = Spec("float", "", "", low=1, high=5, optional=True)
    assert convert("pue", None, spec) is None and convert("pue", "none", spec) is None


def test_a_near_miss_gets_a_suggestion():
    with pytest.raises(ParameterError, match=r"got 'GTX 58'\); did you mean 'GTX 580'"):
        AlexNetParameters(gpu="GTX 58")
    with pytest.raises(ParameterError, match=r"^unknown parameter 'utilisation'; did you mean 'utilization'\?"):
        AlexNetParameters.from_values({"utilisation": 0.5})


def test_lists_of_choices_and_all():
    assert WhatIfParameters(scenarios="all").scenarios == "all"
    assert WhatIfParameters(scenarios="us-2023").scenarios == ["us-2023"]
    assert WhatIfParameters(scenarios=["us-2023", "us-2023", "hyperscale"]).scenarios == ["us-2023", "hyperscale"]


def test_rules_between_parameters():
    with pytest.raises(ParameterError, match=r"^start must be before end \(got start 2019-01-01, end 2018-12-31\)$"):
        AiAndComputeParameters(start=2019)
    with pytest.raises(ParameterError, match=r"^era_boundary must lie between start and end \(got 1900-01-01\)$"):
        AiAndComputeParameters(era_boundary="1900")
    assert AiAndComputeParameters(era_boundary="auto").era_boundary == "auto"


def test_parameters_are_frozen_and_know_what_changed():
    params = AlexNetParameters(days="6", utilization=0.33)
    assert params.changed() == {"days": 6.0}
    with pytest.raises(AttributeError):
        params.days = 7


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda n: n.stem)
def test_every_parameter_is_declared_with_unit_or_kind_help_and_a_bound(notebook):
    for name, (default, spec) in notebook.parameters.specs().items():
        assert spec.help, f"{name} has no help"
        assert convert(name, default, spec) == (notebook.parameters().values()[name]), f"{name}'s default is valid"
        if spec.kind in ("int", "float"):
            assert spec.high is not None, f"{name} has no upper bound"


def test_the_cell_and_the_listing_come_from_the_declaration():
    cell = cell_source(AlexNetParameters).splitlines()
    assert cell[3] == ("utilization = 0.33  # share of peak FLOP/s achieved; OpenAI assumes 0.33 for GPUs "
                       "(fraction, (0, 1])")
    assert cell[4].startswith("n_images = 1.2e+06  # ")
    rows = {row["name"]: row for row in listing(AlexNetParameters)}
    assert rows["days"]["allowed"] == "a number in (0, 3,650] (ten years)"
