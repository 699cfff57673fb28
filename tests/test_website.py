"""`mlfootprint site` from a results folder that someone else made (issue #24): links are never followed, files that
are not regular or too large are refused, no script from the results runs in the site, and a refused, failed or
interrupted build leaves nothing behind."""

import json
import os
import shutil
import signal
import subprocess
from html.parser import HTMLParser

import pytest
from helpers import MLFOOTPRINT, mlfootprint, one_line

from mlfootprint.catalogue import NOTEBOOKS, find
from mlfootprint.checks import DataError, ParameterError
from mlfootprint.paths import ROOT
from mlfootprint.tools import website

ALEXNET = find("02")
PAYLOAD = "alert(document.cookie)"


@pytest.fixture
def results(tmp_path):
    """A results folder as `mlfootprint build` writes it, for notebook 02 only (its stored executed notebook and its
    ledger)."""
    run = tmp_path / "results" / ALEXNET.stem
    run.mkdir(parents=True)
    shutil.copy(ALEXNET.path, run / ALEXNET.path.name)
    ALEXNET.steps().ledger.to_csv(run / "ledger.csv", index=False)
    return tmp_path / "results"


def refused(results, site, message):
    """build_site refuses with `message` (a regular expression) and leaves nothing behind."""
    with pytest.raises(ParameterError, match=message):
        website.build_site(results, site)
    assert not site.exists() and not list(site.parent.glob(f"{site.name}.*")), "the site left something behind"


@pytest.mark.parametrize("make, fragment", [
    (lambda run, tmp: (run / "secret.csv").symlink_to(tmp / "secret.txt"), r"secret.csv: a symbolic link"),
    (lambda run, tmp: (run / "zeros.csv").symlink_to("/dev/zero"), r"zeros.csv: a symbolic link"),
    (lambda run, tmp: os.mkfifo(run / "pipe.csv"), r"pipe.csv: not a regular file"),
])
def test_links_and_special_files_in_results_are_refused(results, tmp_path, make, fragment):
    (tmp_path / "secret.txt").write_text("the user's secret")
    make(results / ALEXNET.stem, tmp_path)
    refused(results, tmp_path / "site", fragment)


def test_a_linked_notebook_folder_is_refused(results, tmp_path):
    (results / ALEXNET.stem).rename(tmp_path / "elsewhere")
    (results / ALEXNET.stem).symlink_to(tmp_path / "elsewhere")
    refused(results, tmp_path / "site", "never follows links")


def test_a_file_too_large_is_refused_before_it_is_read(results, tmp_path):
    with open(results / ALEXNET.stem / "huge.csv", "wb") as handle:
        handle.truncate(website.MAX_FILE_BYTES + 1)  # sparse: takes no disk
    done = mlfootprint("site", "--results", results, "--out", tmp_path / "site")
    one_line(done, f"huge.csv: {website.MAX_FILE_BYTES + 1:,} bytes; at most {website.MAX_FILE_BYTES:,} are read")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]


@pytest.mark.parametrize("svg", [
    f'<svg xmlns="http://www.w3.org/2000/svg"><script>{PAYLOAD}</script></svg>',
    f'<svg xmlns="http://www.w3.org/2000/svg"><rect onload="{PAYLOAD}"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
    '<a x:href="javascript:0">a</a></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
])
def test_an_svg_that_could_run_something_is_refused(results, tmp_path, svg):
    (results / ALEXNET.stem / "figure.svg").write_text(svg)
    refused(results, tmp_path / "site", "figure.svg: ")


class Page(HTMLParser):
    """Every tag of a page with its attributes, and the text of its scripts."""

    def __init__(self, text):
        super().__init__()
        self.tags, self.scripts, self._in_script = [], [], False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _hostile_notebook(path):
    doc = json.loads(path.read_text())
    doc["metadata"]["title"] = f"</title><script>{PAYLOAD}</script>"
    doc["cells"].insert(0, {"cell_type": "markdown", "id": "hostile-markdown", "metadata": {}, "source": [
        f"<script>{PAYLOAD}</script> [link](javascript:{PAYLOAD}) <img src=x onerror=\"{PAYLOAD}\"> "
        f"<iframe src=\"https://example.org\"></iframe> <a href=\"JaVaScRiPt:{PAYLOAD}\">b</a> "
        f"<svg><script>{PAYLOAD}</script></svg> <style>body {{color: rgb(1, 2, 3)}}</style>"]})
    doc["cells"].append({"cell_type": "code", "id": "hostile-outputs", "metadata": {}, "execution_count": 99,
                         "source": ["x"], "outputs": [
        {"output_type": "display_data", "metadata": {}, "data": {
            "text/html": [f"<b onmouseover=\"{PAYLOAD}\">bold</b><script>{PAYLOAD}</script><object data=x></object>"],
            "application/javascript": [PAYLOAD], "text/vnd.mermaid": [f"</pre><script>{PAYLOAD}</script>"],
            "image/svg+xml": [f"<svg><script>{PAYLOAD}</script></svg>"],
            "text/markdown": [f"[m](javascript:{PAYLOAD})"],
            "text/plain": ["<script>plain</script>"]}}]})
    path.write_text(json.dumps(doc))


def test_no_script_from_the_results_runs_in_the_site(results, tmp_path):
    _hostile_notebook(results / ALEXNET.stem / ALEXNET.path.name)
    index = website.build_site(results, tmp_path / "site")
    sort_script = (website.TEMPLATES / "sort-tables.js").read_text()
    for page_path in (index, index.with_name(f"{ALEXNET.stem}.html")):
        page = Page(page_path.read_text())
        assert page.scripts == ([sort_script] if page_path == index else []), page_path
        csp = [a["content"] for tag, a in page.tags
               if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert len(csp) == 1 and "object-src 'none'" in csp[0]
        assert ("script-src 'sha256-" if page_path == index else "script-src 'none'") in csp[0]
        for tag, attributes in page.tags:
            assert tag not in ("iframe", "object", "embed", "svg", "foreignobject", "base", "form"), (tag, attributes)
            for name, value in attributes.items():
                assert not name.startswith("on"), (tag, name)
                assert "javascript:" not in (value or "").lower().replace(" ", ""), (tag, name, value)
    page_text = index.with_name(f"{ALEXNET.stem}.html").read_text()
    assert "<b>bold</b>" in page_text and "<table" in page_text  # what is safe stays
    assert "rgb(1, 2, 3)" not in page_text and PAYLOAD not in page_text.replace(f"javascript:{PAYLOAD}", "")


@pytest.mark.parametrize("text", ["{}", '{"cells": [', "\xff\xfe",
                                  '{"cells": [{"cell_type": "magic"}], "nbformat": 4}'])
def test_a_broken_notebook_is_refused_in_one_line(results, tmp_path, text):
    (results / ALEXNET.stem / ALEXNET.path.name).write_bytes(text.encode("latin-1"))
    refused(results, tmp_path / "site", rf"{ALEXNET.stem}.ipynb: not a valid notebook \(")


@pytest.mark.parametrize("text", ["", "\x00\xff", '"a'])
def test_a_broken_ledger_is_refused_in_one_line(results, tmp_path, text):
    (results / ALEXNET.stem / "ledger.csv").write_bytes(text.encode("latin-1"))
    (results / ALEXNET.stem / "figures.json").write_text("5")  # not a list: no figure, no error
    with pytest.raises(DataError, match=r"ledger.csv: (not a readable ledger|missing column)"):
        website.build_site(results, tmp_path / "site")


def test_a_claim_of_unknown_level_is_refused_with_its_line(results, tmp_path):
    ledger = results / ALEXNET.stem / "ledger.csv"
    lines = ledger.read_text().splitlines()
    lines[2] = lines[2].replace(",source,", ",rumour,", 1).replace(",article,", ",rumour,", 1)
    ledger.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match="ledger.csv, line 3, column 'level': expected one of article, source, "
                                        "extension, got 'rumour'"):
        website.build_site(results, tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]


@pytest.mark.slow
def test_an_interrupted_site_build_leaves_nothing(tmp_path):
    results = tmp_path / "results"
    for notebook in NOTEBOOKS:  # nine pages: seconds of work after the temporary folder appears
        (results / notebook.stem).mkdir(parents=True)
        shutil.copy(notebook.path, results / notebook.stem / notebook.path.name)
    command = subprocess.Popen([str(MLFOOTPRINT), "site", "--results", results, "--out", tmp_path / "site"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while not list(tmp_path.glob("site.partial-*")):
        assert command.poll() is None, command.communicate()
    command.send_signal(signal.SIGINT)
    _, stderr = command.communicate(timeout=120)
    assert command.returncode == 130 and stderr.strip() == "interrupted; nothing was written", stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]


def test_a_run_made_before_the_ledger_was_renamed_still_shows_its_claims(results, tmp_path):
    run = results / ALEXNET.stem
    (run / "ledger.csv").rename(run / "claims.csv")  # the ledger's name before version 0.2
    page = website.build_site(results, tmp_path / "site").read_text()
    plain = [claim for claim in ALEXNET.steps().ledger["claim"] if claim.replace(" ", "").isalnum()]
    assert plain and all(claim in page for claim in plain)
