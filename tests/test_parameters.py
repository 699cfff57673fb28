"""Parameters declared once: a kind name and its settings make each parameter's Spec (the kinds themselves are tested
in test_parameter_kinds.py), a notebook's parameters convert and check every value with one clear line, and the
declaration makes the notebook's cell and the listing."""

import pytest

from mlfootprint.catalogue import NOTEBOOKS
from mlfootprint.notebook_parameters import AiAndComputeParameters, AlexNetParameters, WhatIfParameters
from mlfootprint.checks import ParameterError
from mlfootprint.parameter_kinds import Number
from mlfootprint.parameters import Spec, cell_source, convert, listing, param


@pytest.mark.parametrize("kind, value, expected", [
    ("int", "3", 3), ("float", "1e6", 1e6), ("bool", "true", True), ("date", 2012, "2012-01-01"),
    ("choice", "kg", "kg"), ("str", "none", "none"),
])
def test_a_kind_name_and_its_settings_declare_a_parameter(kind, value, expected):
    settings = {"int": dict(low=0, high=10), "float": dict(low=0, high=1e7), "choice": dict(choices=("lb", "kg"))}
    converted = convert("x", value, Spec(kind, "", "", **settings.get(kind, {})))
    assert converted == expected and type(converted) is type(expected)


def test_a_declaration_with_a_setting_its_kind_does_not_take_fails_where_it_is_written():
    with pytest.raises(ValueError, match=r"^kind 'bool' takes no setting \(got low, high\)$"):
        param(True, "bool", "train", low=0, high=10)
    with pytest.raises(ValueError, match=r"^kind must be one of int, float, .* \(got 'integer'\)$"):
        param(1, "integer", "count")
    spec = Spec(Number(low=1, high=5), "ratio", "data-centre PUE", optional=True)
    assert (spec.kind.low, spec.unit, spec.help) == (1, "ratio", "data-centre PUE")
    with pytest.raises(ValueError, match=r"^settings high belong in the kind"):
        Spec(Number(low=1), "ratio", "PUE", high=5)


def test_the_limit_explains_only_the_upper_bound():
    spec = Spec("float", "", "", low=0, high=10, limit="the reason")
    with pytest.raises(ParameterError, match=r"^x must be a number in \[0, 10\] \(got 11\); the reason$"):
        convert("x", 11, spec)
    with pytest.raises(ParameterError, match=r"^x must be a number in \[0, 10\] \(got -1\)$"):
        convert("x", -1, spec)


def test_optional_values_accept_none_in_any_spelling_and_say_so():
    spec = Spec("float", "", "", low=1, high=5, optional=True)
    assert convert("pue", None, spec) is None and convert("pue", "none", spec) is None
    assert convert("pue", " NULL ", spec) is None
    with pytest.raises(ParameterError, match=r"^pue must be a number in \[1, 5\] or None \(got 0.5\)$"):
        convert("pue", 0.5, spec)
    with pytest.raises(ParameterError, match=r"^pue must be a number in \[1, 5\] \(got 'none'\)$"):
        convert("pue", "none", Spec("float", "", "", low=1, high=5))
    assert Spec("str", "", "", optional=True).convert("country", "none") == "none"  # text stays text


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
        if isinstance(spec.kind, Number):
            assert spec.kind.high is not None, f"{name} has no upper bound"


def test_the_cell_and_the_listing_come_from_the_declaration():
    cell = cell_source(AlexNetParameters).splitlines()
    assert cell[3] == ("utilization = 0.33  # share of peak FLOP/s achieved; OpenAI assumes 0.33 for GPUs "
                       "(fraction, (0, 1])")
    assert cell[4].startswith("n_images = 1.2e+06  # ")
    rows = {row["name"]: row for row in listing(AlexNetParameters)}
    assert rows["days"]["allowed"] == "a number in (0, 3,650] (ten years)"
