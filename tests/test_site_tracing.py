"""The site as a reader without a checkout uses it (issue #23 items 3, 4 and 7): a table of contents, the scorecard
on its own page, links back to the index from every page, every link resolving to a file of the site, and every
claim traceable from its row: its id, its data rows (file and line), the function that recomputes it, its sources,
and the other rows that share its published number. Built from real runs' files, the pages parsed."""

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest
from helpers import default_ledgers

from mlfootprint.catalogue import find
from mlfootprint.paths import DATA_DIR, PACKAGE_DIR
from mlfootprint.references import load_references
from mlfootprint.tools import tracing, website

STRUBELL, COMPARISONS = find("04"), find("05")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A site of notebooks 04 and 05 (their stored executed notebooks and ledgers), and the ledgers."""
    folder = tmp_path_factory.mktemp("traced")
    ledgers = {}
    for notebook in (STRUBELL, COMPARISONS):
        run = folder / "results" / notebook.stem
        run.mkdir(parents=True)
        shutil.copy(notebook.path, run / notebook.path.name)
        ledgers[notebook.stem] = notebook.steps().ledger
        ledgers[notebook.stem].to_csv(run / "ledger.csv", index=False)
    return website.build_site(folder / "results", folder / "site").parent, ledgers


class Parsed(HTMLParser):
    """A page's links (tag, attribute, value), element ids, and the scorecard's rows: each row's id and links."""

    def __init__(self, path: Path):
        super().__init__()
        self.links, self.ids, self.rows, self._row = [], set(), {}, None
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "tr" and "claim" in (attrs.get("class") or "").split():
            self._row = attrs["id"]
            self.rows[self._row] = []
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append((tag, attrs.get("rel"), attrs[name]))
                if self._row and tag == "a":
                    self.rows[self._row].append(attrs[name])

    def handle_endtag(self, tag):
        if tag == "tr":
            self._row = None


def resolve(site: Path, page: Path, link: str):
    """The file and fragment a relative link of `page` points to (None for a link off the site)."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    return target, parts.fragment


def test_every_link_on_the_site_resolves_to_a_file_in_it(built):
    site, _ = built
    pages = [site / "index.html", site / "scorecard.html", site / f"{STRUBELL.stem}.html",
             site / f"{COMPARISONS.stem}.html", site / "code" / "index.html", site / "data" / "claims.csv.html",
             site / "code" / "mlfootprint" / "analyses" / "co2e_comparisons.py.html"]
    parsed, checked = {}, 0
    for page in pages:
        for tag, _, link in Parsed(page).links:
            resolved = resolve(site, page, link)
            if resolved is None:
                assert urlsplit(link).scheme in ("https", "mailto", "data"), (page.name, link[:80])
                continue
            target, fragment = resolved
            assert target.is_file() and site.resolve() in target.parents, (page.name, link)
            if fragment and target.suffix == ".html":
                ids = parsed.setdefault(target, Parsed(target).ids)
                assert fragment in ids or unquote(fragment) in ids, (page.name, link)  # as browsers look
            checked += 1
    assert checked > 1000  # the scorecard's links to data lines and code, the pages' line anchors


def test_the_index_has_contents_and_every_page_links_back(built):
    site, _ = built
    index = Parsed(site / "index.html")
    links = [link for _, _, link in index.links]
    assert "scorecard.html" in links and f"#{STRUBELL.stem}" in links and f"#{COMPARISONS.stem}" in links
    assert {STRUBELL.stem, COMPARISONS.stem, "contents", "data-and-code"} <= index.ids
    assert "<table" not in (site / "index.html").read_text() and not index.rows, "the scorecard is on its own page"
    for page, root in ((site / "scorecard.html", ""), (site / f"{STRUBELL.stem}.html", ""),
                       (site / "code" / "mlfootprint" / "claims.py.html", "../../"),
                       (site / "data" / "claims.csv.html", "../")):
        links = [link for _, _, link in Parsed(page).links]
        assert links.count(f"{root}index.html") >= 2 and links.count(f"{root}scorecard.html") >= 2, page.name
    notebook_links = [link for _, _, link in Parsed(site / f"{STRUBELL.stem}.html").links]
    assert f"index.html#{STRUBELL.stem}" in notebook_links and "site.css" in notebook_links


def _line(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8-sig").splitlines()[number - 1]


def _trace(row_links: list[str], folder: str) -> list[tuple[str, int]]:
    """The (file, line) of a row's links into `folder` (data/ or code/)."""
    found = []
    for link in row_links:
        parts = urlsplit(link)
        if parts.path.startswith(folder) and parts.fragment.startswith("L"):
            found.append((unquote(parts.path).removeprefix(folder).removesuffix(".html"), int(parts.fragment[1:])))
    return found


def test_each_row_links_to_its_data_rows_code_and_sources(built):
    site, ledgers = built
    rows = Parsed(site / "scorecard.html").rows
    table = pd.concat(ledgers.values())
    assert sorted(rows) == sorted(tracing.anchor(c) for c in table["claim_id"])
    urls = load_references()["url"]
    for claim_id, source in zip(table["claim_id"], table["source"]):
        links = rows[tracing.anchor(claim_id)]
        data, code = _trace(links, "data/"), _trace(links, "code/")
        assert data and len(code) == 1, claim_id
        for name, line in data:
            text = _line(DATA_DIR / name, line)
            assert (text.startswith(f"{claim_id},") if name == "claims.csv" else
                    f",{claim_id}," in text if name == "article_statements.csv" else name.startswith("strubell2019_"))
        path, line = code[0]
        assert _line(PACKAGE_DIR.parent / path, line).startswith("def "), (claim_id, path, line)
        sources = [link for link in links if link.startswith("https://")]
        assert sources and set(sources) <= set(urls), claim_id
    links = rows[tracing.anchor("strubell-t3-5-co2e_lb")]  # NAS on P100x8: Table 3's row, table3_rows
    (name, line), = _trace(links, "data/")
    assert name == "strubell2019_table3.csv" and _line(DATA_DIR / name, line).startswith("NAS,P100x8,")
    assert _trace(links, "code/")[0][0] == "mlfootprint/analyses/strubell_energy_table.py"
    assert "table3_rows" in _line(PACKAGE_DIR / "analyses" / "strubell_energy_table.py", _trace(links, "code/")[0][1])
    article = rows[tracing.anchor("fig5-nas-five-cars")]
    assert urls["hacarus-2022"] in article and urls["strubell-2019"] in article  # the article's URL, the paper's DOI


def test_rows_that_share_a_published_number_say_so(built):
    site, ledgers = built
    rows = Parsed(site / "scorecard.html").rows
    table = pd.concat(ledgers.values())
    numbers = table[table["unit"] != "wording"]
    for claim_id, published, unit in zip(numbers["claim_id"], numbers["published"], numbers["unit"]):
        same_unit = numbers["unit"].str.replace(" ", "") == unit.replace(" ", "")
        same = numbers[(numbers["published"] == published) & same_unit & (numbers["claim_id"] != claim_id)]
        noted = {link[1:] for link in rows[tracing.anchor(claim_id)] if link.startswith("#claim-")}
        noted.discard(tracing.anchor(claim_id))
        assert noted == {tracing.anchor(c) for c in same["claim_id"]}, claim_id
    h_row = rows[tracing.anchor("fig5-transformer-big-626155")]  # 626,155 lb: Table 1's H and Table 3's NAS cell
    assert "#claim-strubell-t1-H" in h_row and "#claim-strubell-t3-5-co2e_lb" in h_row
    assert "Same published number as" in (site / "scorecard.html").read_text()


def test_notebook_pages_carry_the_style_that_shows_tables_whole(built):
    site, ledgers = built
    page = (site / f"{STRUBELL.stem}.html").read_text()
    tables = [part.split("</table>")[0] for part in page.split('class="dataframe mlfootprint-whole"')[1:]]
    assert tables and "<style" not in page.split("</head>")[1], "notebook styles stay out"
    assert max(t.count("<tr") for t in tables) > len(ledgers[STRUBELL.stem]) * 0.9  # not cut at pandas' 10 rows
    css = (site / "site.css").read_text()
    assert ".jp-RenderedHTMLCommon table.mlfootprint-whole td" in css and "white-space: normal" in css


def test_every_claim_of_every_notebook_has_data_rows_code_and_a_source():
    """The tracer knows every ledger row of every notebook with the default parameters: a claim added to
    data/claims.csv, or a new kind of table cell (TABLE_CELLS), cannot reach the site untraced."""
    tracer = tracing.Tracer()
    for number, ledger in default_ledgers().items():
        notebook = find(number)
        for claim_id, source in zip(ledger["claim_id"], ledger["source"]):
            code = tracer.code(notebook.analysis, claim_id)
            assert tracer.data_rows(claim_id) and tracer.references(source), (number, claim_id)
            assert code is not None and (PACKAGE_DIR.parent / code.path).is_file(), (number, claim_id)
