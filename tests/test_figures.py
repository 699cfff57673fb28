"""Every figure of every notebook, drawn with the default parameters by the analyses' chain of steps, can be read:
no two of its texts overlap, none is cut off at the figure's edge, and its caption names its data (issue #12)."""

import os

import matplotlib
import matplotlib.pyplot as plt
import pytest

from mlfootprint import plotting
from mlfootprint.analyses import model_size_growth
from mlfootprint.catalogue import NOTEBOOKS

matplotlib.use("Agg")


SMALL = {"06": dict(n_samples=200, mlp_hidden=16, mlp_max_iter=20, repeats=3)}
"""Parameters that keep a figure's data small where the defaults take long (notebook 06 trains for about 15 s; the
figure's texts do not depend on how long its runs take)."""


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
    assert list(figures) == [stem for notebook in NOTEBOOKS for stem in notebook.figure_stems()]


@pytest.mark.parametrize("stem", [stem for notebook in NOTEBOOKS for stem in notebook.figure_stems()])
def test_no_two_labels_overlap_none_is_cut_off_or_covers_a_point(figures, stem):
    fig = figures[stem]
    labels = plotting.drawn_labels(fig)
    assert len(labels) > 5  # title, axis and tick labels, caption at least
    assert plotting.overlapping_labels(fig, labels=labels) == []
    assert plotting.labels_outside(fig, labels=labels) == []
    assert plotting.labels_over_markers(fig, labels=labels) == []
    assert "Code: mlfootprint.analyses." in fig.get_supxlabel()


def test_the_overlap_check_finds_an_overlap_and_ignores_touching():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    ax.text(0.5, 0.5, "first label", transform=ax.transAxes)
    ax.text(0.5, 0.5, "second label", transform=ax.transAxes)
    assert ("first label", "second label") in plotting.overlapping_labels(fig)
    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    ax.set_xticks([0, 1], ["a", "b"])
    assert plotting.overlapping_labels(fig) == []
    plt.close("all")


def test_placed_labels_clear_each_other_and_the_points():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    x, y = [1, 1.02, 1.04, 2, 3], [1, 1.01, 0.99, 2, 3]  # three points almost on top of each other
    ax.scatter(x, y)
    ax.set_xlim(0, 4)
    ax.set_ylim(0, 4)
    plotting.place_labels(ax, x, y, ["alpha", "beta", "gamma", "delta", "epsilon"])
    assert plotting.overlapping_labels(fig) == []
    assert plotting.labels_over_markers(fig) == []
    plt.close("all")


def test_a_label_written_over_a_point_is_found():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    ax.scatter([1, 2], [1, 1])
    ax.set_xlim(0, 3)
    ax.annotate("beside", (1, 1), xytext=(6, 0), textcoords="offset points", va="center")  # clear of both points
    ax.text(2, 1, "on top", ha="center", va="center")
    assert plotting.labels_over_markers(fig) == [("on top", "axes 0")]
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
    fig = model_size_growth.figure(params, table, model_size_growth.domain_trends(params, table))  # data of its own
    legends = [t.get_text() for ax in fig.axes for t in ax.get_legend().get_texts()]
    expected = "published after the article (not fitted)" if flagged else f"published after {article} (not fitted)"
    assert expected in legends
    hollow = [c for ax in fig.axes for c in ax.collections if c.get_label() == expected]
    assert sum(len(c.get_offsets()) for c in hollow) == late.sum()
    assert plotting.overlapping_labels(fig) == []
    plt.close(fig)
