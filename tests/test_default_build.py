"""One default build of every notebook with the fast engine (issue #13), checked two ways:
- against the stored notebooks, which `make notebooks` executes in fresh Jupyter kernels (the reference engine) and
  nbval re-executes in kernels on every test run: same cells, output types and texts, and the same figures (by
  presence and pixel size);
- as the static site (make html): offline, and in headless Chromium every page loads, every figure image has
  loaded with a non-zero size, and the scorecard lists every claim."""

import base64
import functools
import http.server
import json
import re
import shutil
import struct
import subprocess
import threading
from pathlib import Path

import pandas as pd
import pytest

from mlfootprint import claims
from mlfootprint.catalogue import NOTEBOOKS
from mlfootprint.checks import ParameterError
from mlfootprint.paths import ROOT
from mlfootprint.tools import runner, website

pytestmark = pytest.mark.slow  # a whole build of every notebook: make test-slow (CI runs it too)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NO_CHROMIUM = ("headless Chromium not found, so the site was not opened in a browser; install it to run this test "
               "(Debian/Ubuntu: sudo apt-get install chromium)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    results = runner.build(folder / "results", engine="warm")
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    return folder / "results", website.build_site(folder / "results", folder / "site")


IGNORED = "NBVAL_IGNORE_OUTPUT"  # cells whose outputs differ from run to run (measured times and energy)


def png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def comparable(path):
    """A notebook's cells as (type, source, execution count, outputs), images reduced to their pixel size, and the
    outputs of cells marked NBVAL_IGNORE_OUTPUT to their types."""
    cells = []
    for cell in json.loads(path.read_text())["cells"]:
        outputs = []
        for output in cell.get("outputs", []):
            if IGNORED in "".join(cell["source"]):
                outputs.append(output["output_type"])
                continue
            kept = {k: v for k, v in output.items() if k != "data"}
            kept["data"] = {m: (png_size(base64.b64decode(v)) if m == "image/png" else v)
                            for m, v in output.get("data", {}).items()}
            outputs.append(kept)
        cells.append((cell["cell_type"], "".join(cell["source"]), cell.get("execution_count"), outputs))
    return cells


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda n: n.stem)
def test_the_fast_engine_gives_what_a_kernel_gives(built, notebook):
    results, _ = built
    run = results / notebook.stem
    assert comparable(run / notebook.path.name) == comparable(notebook.path)
    for stem in notebook.figure_stems():
        assert png_size((run / f"{stem}.png").read_bytes())[0] > 0 and (run / f"{stem}.svg").is_file()


def test_index_lists_every_notebook_in_article_order(built):
    _, index = built
    page = index.read_text()
    positions = [page.index(f'href="{n.stem}.html"') for n in NOTEBOOKS]
    assert positions == sorted(positions)
    for notebook in NOTEBOOKS:
        assert (index.parent / f"{notebook.stem}.html").is_file()
        assert f'href="outputs/{notebook.stem}/ledger.csv"' in page
        figures = [f'src="outputs/{notebook.stem}/{stem}.png"' for stem in notebook.figure_stems()]
        assert [page.index(f) for f in figures] == sorted(page.index(f) for f in figures), "figures in saved order"


def test_no_page_needs_the_network(built):
    _, index = built
    for page in index.parent.glob("*.html"):
        text = page.read_text()
        assert not re.search(r"<script[^>]*src=\"https?://", text), page.name
        assert not re.search(r"<link[^>]*href=\"https?://", text), page.name
        assert "cdnjs" not in text, page.name


def test_scorecard_lists_every_claim_with_the_levels_apart(built):
    results, index = built
    ledgers = pd.concat(pd.read_csv(p) for p in sorted(results.glob("*/ledger.csv")))
    page = index.read_text()
    assert page.count('<tr class="claim">') == len(ledgers) > 50
    starts = [page.index(f'id="scorecard-{level}"') for level in ("article", "source", "extension")]
    assert starts == sorted(starts)
    parts = {"article": page[starts[0]:starts[1]], "source": page[starts[1]:starts[2]], "extension": page[starts[2]:]}
    for level, part in parts.items():
        assert part.count('<tr class="claim">') == (ledgers["level"] == level).sum() > 5, level
    assert "at least 250000" in page  # what "more than 300,000x" (one figure, one-sided) stands for


def serve(folder: Path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


HARNESS = """<!DOCTYPE html><html><body><script>
const pages = PAGES;
function check(page) {
  return new Promise(resolve => {
    const frame = document.createElement("iframe");
    frame.onload = () => {
      const d = frame.contentDocument, images = Array.from(d.images);
      resolve({page, title: d.title, text: d.body.innerText.length, images: images.length,
               loaded: images.filter(i => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0).length,
               claims: d.querySelectorAll("tr.claim").length});
    };
    frame.src = page;
    document.body.appendChild(frame);
  });
}
(async () => {
  const results = [];
  for (const page of pages) results.push(await check(page));
  const out = document.createElement("pre"); out.id = "result"; out.textContent = JSON.stringify(results);
  document.body.appendChild(out);
})();
</script></body></html>"""


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_site_in_headless_chromium(built, tmp_path):
    results, index = built
    pages = ["index.html"] + [f"{n.stem}.html" for n in NOTEBOOKS]
    (index.parent / "harness.html").write_text(HARNESS.replace("PAGES", json.dumps(pages)))
    server = serve(index.parent)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                              "--virtual-time-budget=60000", "--dump-dom", f"{url}/harness.html"],
                             capture_output=True, text=True, timeout=120).stdout
        screenshot = ROOT / "build" / "screenshots" / "site-index.png"
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile2'}", "--window-size=1280,2400",
                        f"--screenshot={screenshot}", f"{url}/index.html"], capture_output=True, timeout=120)
    finally:
        server.shutdown()
    found = re.search(r'<pre id="result">(.*?)</pre>', dom, re.DOTALL)
    assert found, f"the harness did not finish; Chromium printed: {dom[-500:]}"
    checked = {entry["page"]: entry for entry in json.loads(found.group(1).replace("&quot;", '"'))}
    assert sorted(checked) == sorted(pages)
    for page, entry in checked.items():
        assert entry["text"] > 500, f"{page} shows almost no text"
        assert entry["images"] > 0 and entry["loaded"] == entry["images"], f"{page}: {entry}"
    n_claims = sum(len(pd.read_csv(p)) for p in results.glob("*/ledger.csv"))
    assert checked["index.html"]["claims"] == n_claims
    assert screenshot.stat().st_size > 50_000


def test_the_index_escapes_what_it_shows(tmp_path, monkeypatch):
    """Text from the ledgers reaches the page through an autoescaping template, never as markup."""
    results = tmp_path / "results" / NOTEBOOKS[1].stem
    results.mkdir(parents=True)
    (results / f"{NOTEBOOKS[1].stem}.ipynb").write_text(NOTEBOOKS[1].path.read_text())
    row = claims.judge("x", "<script>alert(1)</script>", "s", 1.0, 1.0, "u", 1, reason="a & b")
    pd.DataFrame([row], columns=claims.LEDGER_COLUMNS).to_csv(results / "claims.csv", index=False)
    index = website.build_site(tmp_path / "results", tmp_path / "site")
    page = index.read_text()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_results_folder_with_nothing_built_is_refused(tmp_path):
    with pytest.raises(ParameterError, match="no built notebook found there"):
        website.build_site(tmp_path, tmp_path / "site")
    assert not (tmp_path / "site").exists()
