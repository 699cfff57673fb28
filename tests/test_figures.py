"""Every figure of every notebook, drawn with the default parameters by the analyses' chain of steps, can be read on a
slide and in a paper (issues #12 and #21): no text overlaps, is cut off, covers a point or is under 14 pt on a slide;
no legend covers data or lists nothing; every numeric axis has two tick labels; its caption has the one form and its
colours the one palette; and it is laid out once, then saved as PNG and SVG (text kept as text) from that layout.
The same checks over non-default runs: test_figure_stress.py."""

import os
import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.layout_engine import ConstrainedLayoutEngine

from mlfootprint import plotting
from mlfootprint.analyses import model_size_growth
from mlfootprint.catalogue import NOTEBOOKS
from mlfootprint.plotting import checks

matplotlib.use("Agg")


SMALL = {"06": dict(n_samples=200, mlp_hidden=16, mlp_max_iter=20, repeats=3)}
"""Parameters that keep a figure's data small where the defaults take long (notebook 06 trains for about 15 s; the
figure's texts do not depend on how long its runs take)."""
STEMS = [stem for notebook in NOTEBOOKS for stem in notebook.figure_stems()]


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    here = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("codecarbon"))  # CodeCarbon must write nothing into the project
    try:
        built = {stem: fig for notebook in NOTEBOOKS
                 for stem, fig in notebook.steps(notebook.parameters(**SMALL.get(notebook.number, {}))).figures()}
    finally:
        os.chdir(here)
    yield built
    plt.close("all")


def test_every_catalogued_figure_is_drawn(figures):
    assert list(figures) == STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_every_figure_can_be_read(figures, stem):
    fig = figures[stem]
    assert len(checks.drawn_texts(fig)) > 5  # title, axis and tick labels, caption at least
    assert {check: found for check, found in checks.problems(fig).items() if found} == {}


@pytest.mark.parametrize("stem", STEMS)
def test_one_caption_form_and_one_title(figures, stem):
    caption = figures[stem].get_supxlabel()
    assert caption.startswith("Data: ")
    assert re.search(r"Code: mlfootprint\.analyses\.[\w.]+$", caption.replace("\n", " "))
    assert figures[stem]._suptitle is not None and figures[stem]._suptitle.get_text()


def _colours(fig) -> set:
    """Every colour an artist of `fig` is filled, stroked or written in (alpha and white left aside)."""
    found = []
    for ax in fig.axes:
        for artist in ax.get_children():
            for getter in ("get_facecolor", "get_edgecolor", "get_color"):
                value = getattr(artist, getter, lambda: None)()
                if isinstance(value, str) or (value is not None and np.ndim(value) == 1):
                    value = [value]
                for colour in [] if value is None or isinstance(value, str) and value == "none" else value:
                    if not (isinstance(colour, str) and colour == "none") and np.size(colour) and (
                            np.size(colour) < 4 or np.asarray(colour)[3] > 0):
                        found.append(tuple(round(c, 3) for c in to_rgb(colour)))
    return set(found)


@pytest.mark.parametrize("stem", STEMS)
def test_one_palette_colours_or_greys(figures, stem):
    palette = {tuple(round(c, 3) for c in to_rgb(c)) for c in plotting.COLORS.values()}
    image = [image for ax in figures[stem].axes for image in ax.images]  # the heatmap's colour scale is separate
    strays = {c for c in _colours(figures[stem]) - palette if len(set(c)) > 1}  # greys, black and white allowed
    assert strays == set() or image, f"colours outside the palette: {strays}"


def test_the_palette_keeps_colours_apart_in_grey_print():
    def lightness(colour):
        red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour))
        y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
        return 116 * y ** (1 / 3) - 16
    pairs = [("this run", "low end"), ("this run", "frontier"), ("this run", "context"), ("published", "this run")]
    for first, second in pairs:  # colours drawn side by side: lightness (CIE L*) at least 15 apart
        assert abs(lightness(plotting.COLORS[first]) - lightness(plotting.COLORS[second])) > 15, (first, second)


def test_a_figure_is_laid_out_once_and_saved_from_that_layout(tmp_path, monkeypatch):
    run = NOTEBOOKS[3].steps()
    fig = run.figure_table3_bars  # laid out by its drawing function
    assert fig.get_layout_engine() is None and fig.laid_out
    calls = []
    monkeypatch.setattr(ConstrainedLayoutEngine, "execute", lambda self, f: calls.append(f))
    draws = []
    original = type(fig).draw
    monkeypatch.setattr(type(fig), "draw", lambda self, renderer: (draws.append(renderer), original(self, renderer)))
    plotting.savefig(fig, tmp_path)
    assert calls == [] and len(draws) == 2  # no layout, one draw for the PNG and one for the SVG
    svg = (tmp_path / "strubell-table3-bars.svg").read_text()
    assert svg.count("<text") > 20 and "glyph" not in svg  # text kept as text, no glyph outlines
    assert "font-family: 'DejaVu Sans', 'Bitstream Vera Sans', 'Verdana', 'Liberation Sans'" in svg  # fallbacks


def test_the_overlap_check_finds_an_overlap_and_ignores_touching():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    ax.text(0.5, 0.5, "first label", transform=ax.transAxes)
    ax.text(0.5, 0.5, "second label", transform=ax.transAxes)
    assert ("first label", "second label") in checks.overlapping_labels(fig)
    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    ax.set_xticks([0, 1], ["a", "b"])
    assert checks.overlapping_labels(fig) == []
    plt.close("all")


def test_placed_labels_clear_each_other_and_the_points():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    x, y = [1, 1.02, 1.04, 2, 3], [1, 1.01, 0.99, 2, 3]  # three points almost on top of each other
    ax.scatter(x, y)
    ax.set_xlim(0, 4)
    ax.set_ylim(0, 4)
    plotting.place_labels(ax, x, y, ["alpha", "beta", "gamma", "delta", "epsilon"])
    assert checks.overlapping_labels(fig) == []
    assert checks.labels_over_markers(fig) == []
    plt.close("all")


def test_a_label_written_over_a_point_is_found():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    ax.scatter([1, 2], [1, 1])
    ax.set_xlim(0, 3)
    ax.annotate("beside", (1, 1), xytext=(6, 0), textcoords="offset points", va="center")  # clear of both points
    ax.text(2, 1, "on top", ha="center", va="center")
    assert checks.labels_over_markers(fig) == [("on top", "axes 0")]
    plt.close("all")


def test_each_check_finds_what_it_looks_for():
    fig, ax = plt.subplots(figsize=(11, 6), dpi=100)
    ax.plot([1, 2, 3], [1, 2, 3], "o-", label="data")
    ax.plot([10, 11], [10, 11], label="a line off the axes")
    ax.plot([3.5], [2], "s", label="5-95 %:")
    ax.set_xlim(0.5, 3.2)
    ax.set_ylim(0.5, 3.2)
    ax.legend(loc="center")
    ax.annotate("0", (1, 1), fontsize=8)
    ax.set_xscale("log")
    ax.set_xticks([1], ["1"])  # set by hand: not counted
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(matplotlib.ticker.FixedLocator([1]))
    ax.yaxis.set_major_formatter(matplotlib.ticker.LogFormatter())
    found = checks.problems(fig)
    assert found["legends over data"]
    assert "5-95 %:" in found["empty legend entries"]
    assert "a line off the axes (nothing of it inside the axes)" in found["empty legend entries"]
    assert found["value labels that read 0"] == ["0"]
    assert found["marks outside their axes"] == ["axes 0: 5-95 %:"]
    assert ("0", 9.7) in found["texts under 14 pt on a slide"]  # 8 pt at 11 inches: 9.7 pt on a slide
    plt.close("all")


def test_an_axis_with_one_tick_label_is_found():
    fig, ax = plt.subplots(figsize=(11, 6), dpi=100)
    ax.plot([0.11, 0.5], [1, 2])
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(matplotlib.ticker.LogLocator(numticks=3))
    ax.set_xlim(0.11, 0.5)  # no power of ten inside: no labelled tick
    assert checks.axes_with_few_ticks(fig, checks.drawn_texts(fig)) == ["axes 0: x axis"]
    plotting.log_axis(ax, "x")  # the house's log axis always labels two ticks at least
    assert checks.axes_with_few_ticks(fig, checks.drawn_texts(fig)) == []
    plt.close("all")


@pytest.mark.parametrize("flagged", [True, False], ids=["after_article column", "dates past the window"])
def test_models_after_the_window_are_drawn_hollow_grey_and_not_fitted(flagged):
    article = "2022-03-10"  # HACARUS, Edge AI Evangelist's Thoughts Vol. 18
    table = model_size_growth.models(model_size_growth.Parameters(end="2023-12-31"))
    late = table["date"] > article
    assert late.sum() >= 3  # PaLM, LLaMA-65B, ViT-22B
    table["in_fit"] &= ~late
    if flagged:
        table["after_article"] = late
    else:  # a table without the column (e.g. from an Epoch download): the window's end decides
        table = table.drop(columns="after_article", errors="ignore")
    params = model_size_growth.Parameters(end=article, n_bootstrap=100)
    fitted = model_size_growth.domain_trends(params, table)
    fig = model_size_growth.figure(params, table, fitted, model_size_growth.domain_bands(params, table),
                                   {"language": 3.4, "vision": 3.4}, "a test table")  # data of its own
    legends = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    expected = "not fitted: after the article" if flagged else f"not fitted: after {article}"
    assert expected in legends
    hollow = [c for ax in fig.axes for c in ax.collections if c.get_label() == expected]
    assert sum(len(c.get_offsets()) for c in hollow) == late.sum()
    assert checks.overlapping_labels(fig) == []
    plt.close(fig)
