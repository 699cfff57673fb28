"""A static site of the executed notebooks: an index of the article's figures in catalogue order (each with its
notebook, output files and data) and one scorecard of every claim: what the article says and what its sources say
apart, each grouped by verdict.

Works offline: notebook pages are rendered by nbconvert with a child of its JupyterLab template that loads nothing
from the network (templates/offline); the index is a Jinja2 template with autoescape. The figures of each notebook
are the ones its run recorded as it saved them (figures.json, written by `plotting.savefig`), in that order.

Safe to build from any results folder, including one that someone else made:
- it never follows a symbolic link and reads only regular files, each of at most MAX_FILE_BYTES, at most MAX_FILES
  of them and MAX_FOLDER_BYTES in all per notebook (a link, a device or too much is refused in one line);
- no script from the results runs in the site: a notebook's markdown and HTML outputs pass an allow-list of tags,
  attributes and URL schemes (`sanitized`), outputs of other types (JavaScript, SVG, widgets, ...) are dropped, an
  SVG file with active content is refused, and every page forbids scripts (Content-Security-Policy) but the index's
  own sorting script;
- it builds in a temporary folder that is put in place only when complete, and removed on any error or signal.
"""

import base64
import hashlib
import io
import json
import os
import re
import stat
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pandas as pd

from ..catalogue import NOTEBOOKS
from ..checks import DataError, ParameterError
from ..claims import LEDGER_COLUMNS, LEVELS, VERDICTS, display_table
from ..paths import DATA_DIR, LEDGER_FILE, OLD_LEDGER_FILE, shown
from ..plotting import FIGURE_RECORD
from . import folders, processes
from .reading import read_bounded

TEMPLATES = Path(__file__).with_name("templates")
SCORECARD_COLUMNS = ["notebook", "claim", "published", "stands for", "recomputed", "unit", "ratio", "verdict",
                     "explanation"]
LEVEL_TITLES = {
    "article": ("What the article says", "each statement of the article that a number, date, label or attribution "
                "can check, against what its sources and data give (data/article_statements.csv lists every "
                "statement, checkable or not)"),
    "source": ("What the sources say", "the numbers of the article's sources (OpenAI, Strubell et al., Patterson et "
               "al., ...) recomputed from their own stated inputs"),
    "extension": ("Beyond the article: its numbers on today's data", "the article's numbers held against data "
                  "published after it (Epoch AI's snapshot): an extension shown beside the audit, never a verdict on "
                  "the article"),
}
COPIED = (".png", ".svg", ".csv", ".json", ".ipynb", ".md", ".tex")
"""The files of a run that the site copies (a run writes nothing else that a reader needs)."""
MAX_FILE_BYTES = 50_000_000
"""Largest file copied (the largest executed notebook, with its figures, is about 2 MB)."""
MAX_FILES = 200
MAX_FOLDER_BYTES = 200_000_000
"""Most files, and bytes in all, copied from one notebook's folder."""
MAX_CELLS = 1000
"""Most cells of a notebook page (the notebooks have fewer than 100)."""
OUTPUT_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex", "image/png", "image/jpeg")
"""The output types a notebook page shows; HTML and Markdown after `sanitized`."""
TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div", "dl",
        "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "q", "s",
        "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
        "u", "ul"}
"""What notebook markdown and HTML outputs (pandas tables) may hold; anything else is removed."""
DROPPED_WITH_CONTENT = {"script", "style"}
"""Elements removed together with their text (pandas puts a <style> block before its tables)."""
ATTRIBUTES = {"*": ["class", "id", "title", "align", "style"], "a": ["href"], "img": ["src", "alt", "width", "height"],
              "td": ["colspan", "rowspan"], "th": ["colspan", "rowspan"], "table": ["border"]}
SCHEMES = {"http", "https", "mailto"}
IMAGE_DATA = re.compile(r"data:image/(png|jpeg|gif);base64,", re.IGNORECASE)
SVG_ACTIVE = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}
CSP = "script-src {scripts}; object-src 'none'; base-uri 'none'; form-action 'none'"
"""The Content-Security-Policy of every page: no script but the index's own (by its hash)."""


def _attribute_allowed(tag: str, name: str, value: str) -> bool:
    if name not in ATTRIBUTES.get(tag, []) + ATTRIBUTES["*"]:
        return False
    if tag == "img" and name == "src":
        return bool(IMAGE_DATA.match(value.strip())) or not re.match(r"^\s*[\w+.-]+:", value)
    return True


def sanitized(html) -> str:
    """HTML from a notebook, reduced to the allow-list (TAGS, ATTRIBUTES, SCHEMES; images also from data: URLs):
    no script, event handler, frame, form or javascript: link survives."""
    import bleach
    from bleach.css_sanitizer import CSSSanitizer
    from bleach.html5lib_shim import Filter

    class WithoutContent(Filter):
        def __iter__(self):
            inside = 0
            for token in Filter.__iter__(self):
                if token.get("name") in DROPPED_WITH_CONTENT:
                    inside += {"StartTag": 1, "EndTag": -1}.get(token["type"], 0)
                elif inside <= 0:
                    yield token

    cleaner = bleach.Cleaner(tags=TAGS | DROPPED_WITH_CONTENT, attributes=_attribute_allowed, protocols=SCHEMES,
                             strip=True, strip_comments=True, css_sanitizer=CSSSanitizer(), filters=[WithoutContent])
    return cleaner.clean(html.decode() if isinstance(html, bytes) else str(html))


def check_svg(data: bytes, where: Path) -> None:
    """Refuse an SVG file that could run something when opened: a script, a frame or foreign object, an event
    handler, or a link that is not to itself or to an embedded image."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise ParameterError(f"{shown(where)}: not a valid SVG file ({error})") from None
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] in SVG_ACTIVE:
            raise ParameterError(f"{shown(where)}: holds a <{element.tag.rsplit('}', 1)[-1]}> element, which a site "
                                 f"of results never carries")
        for name, value in element.attrib.items():
            local, text = name.rsplit("}", 1)[-1].lower(), value.strip().lower()
            if local.startswith("on") or "javascript:" in text or (
                    local == "href" and not (text.startswith("#") or IMAGE_DATA.match(text))):
                raise ParameterError(f"{shown(where)}: an attribute {local}={value[:40]!r} could run or load "
                                     f"something; a site of results never carries one")


def run_files(run: Path) -> dict[str, bytes]:
    """The files the site copies from one notebook's folder (COPIED), read within the limits; ParameterError on a
    link, a file that is not regular, or too much."""
    status = os.lstat(run)
    if not stat.S_ISDIR(status.st_mode):
        raise ParameterError(f"{shown(run)}: a symbolic link or a file, not a folder; the site never follows links")
    names = sorted(entry.name for entry in os.scandir(run) if not entry.name.startswith("."))
    if len(names) > MAX_FILES:
        raise ParameterError(f"{shown(run)}: {len(names):,} files; a notebook's folder may hold at most {MAX_FILES}")
    files, total = {}, 0
    for name in names:
        if Path(name).suffix in COPIED:
            files[name] = read_bounded(run / name, MAX_FILE_BYTES, links=False)
            total += len(files[name])
            if total > MAX_FOLDER_BYTES:
                raise ParameterError(f"{shown(run)}: more than {MAX_FOLDER_BYTES:,} bytes of outputs; at most that "
                                     f"many are copied")
            if name.endswith(".svg"):
                check_svg(files[name], run / name)
    return files


def notebook_page(notebook: bytes, source: Path, target: Path) -> None:
    """An executed notebook (the bytes of `source`) as an HTML page that needs no network and runs no script."""
    import nbformat
    from nbconvert import HTMLExporter

    try:
        nb = nbformat.reads(notebook.decode("utf-8-sig"), as_version=4)
    except Exception as error:  # not UTF-8, not JSON, or not a notebook: nbformat's errors have no common base
        first = str(error).strip().splitlines()[0][:80] if str(error).strip() else ""
        raise ParameterError(f"{shown(source)}: not a valid notebook ({type(error).__name__}: {first})") from None
    if len(nb.cells) > MAX_CELLS:
        raise ParameterError(f"{shown(source)}: {len(nb.cells):,} cells; a page shows at most {MAX_CELLS:,}")
    nb.metadata = {"kernelspec": nb.metadata.get("kernelspec", {}), "language_info": {"name": "python"}}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "data" in output:
                output["data"] = {key: value for key, value in output["data"].items() if key in OUTPUT_TYPES}
        cell.pop("attachments", None)
    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)], sanitize_html=True,
                            filters={"clean_html": sanitized})
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": target.stem},
                                                         "csp": CSP.format(scripts="'none'")})
    target.write_text(body, encoding="utf-8")


def figures_of(files: dict[str, bytes]) -> list[str]:
    """The PNG figures a run saved, in the order it saved them."""
    try:
        stems = json.loads(files.get(FIGURE_RECORD, b"[]"))
    except ValueError:
        stems = []
    return [f"{stem}.png" for stem in (stems if isinstance(stems, list) else [])
            if isinstance(stem, str) and f"{stem}.png" in files]


def ledger(files: dict[str, bytes], where: Path) -> pd.DataFrame:
    """A run's ledger (`where`: ledger.csv, or claims.csv in a run made before version 0.2), checked: every ledger
    column, and a level and verdict the scorecard shows."""
    try:
        table = pd.read_csv(io.BytesIO(files[where.name]), keep_default_na=False, na_values=[""],
                            dtype={"level": str, "verdict": str})
    except ValueError as error:  # empty, not UTF-8, or not CSV
        raise DataError(f"{shown(where)}: not a readable ledger ({str(error).strip().splitlines()[0][:80]})") from None
    missing = [c for c in LEDGER_COLUMNS if c not in table.columns]
    if missing:
        raise DataError(f"{shown(where)}: missing column(s) {', '.join(map(repr, missing))}")
    for column, allowed in (("level", LEVELS), ("verdict", VERDICTS)):
        bad = ~table[column].isin(allowed)
        if bad.any():
            line = int(table.index[bad][0]) + 2
            raise DataError(f"{shown(where)}, line {line}, column '{column}': expected one of {', '.join(allowed)}, "
                            f"got {table[column][bad].iloc[0]!r}")
    return table


def _sections(results_dir: Path, staging: Path) -> tuple[list, list]:
    """Copy each built notebook's outputs and render its page into `staging`: the index's sections, and each
    notebook's ledger (with its notebook)."""
    sections, ledgers = [], []
    for notebook in NOTEBOOKS:
        processes.check()
        run = results_dir / notebook.stem
        section = {"figure": notebook.figure, "title": notebook.title, "stem": notebook.stem, "built": False,
                   "data": list(notebook.data)}
        if os.path.lexists(run):
            files = run_files(run)
            section["built"] = f"{notebook.stem}.ipynb" in files
        if section["built"]:
            (staging / "outputs" / notebook.stem).mkdir(parents=True)
            for name, data in files.items():
                (staging / "outputs" / notebook.stem / name).write_bytes(data)
            notebook_page(files[f"{notebook.stem}.ipynb"], run / f"{notebook.stem}.ipynb",
                          staging / f"{notebook.stem}.html")
            section["images"] = figures_of(files)
            section["files"] = sorted(name for name in files if Path(name).suffix in (".png", ".svg", ".csv"))
            name = next((n for n in (LEDGER_FILE, OLD_LEDGER_FILE) if n in files), None)
            if name is not None:
                ledgers.append(ledger(files, run / name).assign(notebook=notebook.stem))
        sections.append(section)
    return sections, ledgers


def scorecard(ledgers: list) -> tuple[list, int]:
    """Every claim of every built notebook, with its notebook, grouped by level and verdict: the index's levels,
    and how many claims there are."""
    table = pd.concat(ledgers, ignore_index=True) if ledgers else pd.DataFrame(columns=[*LEDGER_COLUMNS, "notebook"])
    shown_table = display_table(table.drop(columns=["source"])).reset_index()
    shown_table["notebook"] = table["notebook"].to_numpy()
    levels = []
    for level in LEVELS:
        mine = shown_table[shown_table["level"] == level][SCORECARD_COLUMNS]
        title, description = LEVEL_TITLES[level]
        levels.append({
            "name": level, "title": title, "description": description, "total": len(mine),
            "counts": [(v, int((mine["verdict"] == v).sum())) for v in VERDICTS],
            "groups": [{"verdict": v, "rows": mine[mine["verdict"] == v].values.tolist()}
                       for v in VERDICTS if (mine["verdict"] == v).any()],
        })
    return levels, len(table)


def _index(sections: list, levels: list, total: int) -> str:
    import jinja2
    from markupsafe import Markup

    script = (TEMPLATES / "sort-tables.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    return environment.get_template("site-index.html.j2").render(
        sections=sections, levels=levels, total=total, columns=SCORECARD_COLUMNS, script=Markup(script),  # noqa: S704
        csp=CSP.format(scripts=f"'sha256-{digest}'"))


def build_site(results_dir: Path, out_dir: Path) -> Path:
    """Render every executed notebook of `results_dir` (one folder per notebook, as `mlfootprint build` writes)
    into `out_dir`, copy its output files and the data, and write out_dir/index.html. Returns the index path."""
    results_dir = Path(results_dir)
    if not any(os.path.lexists(results_dir / n.stem / f"{n.stem}.ipynb") for n in NOTEBOOKS):
        raise ParameterError(f"--results {results_dir}: no built notebook found there; run `make figures` (or "
                             f"`mlfootprint build --out {results_dir}`) first")
    out_dir = folders.check_target(out_dir, "site")
    with processes.held(), folders.Lock(out_dir):
        staging = folders.temporary_sibling(out_dir)
        try:
            (staging / "data").mkdir()
            for data_file in sorted(DATA_DIR.glob("*")):
                if data_file.suffix in (".csv", ".md"):
                    (staging / "data" / data_file.name).write_bytes(data_file.read_bytes())
            sections, ledgers = _sections(results_dir, staging)
            levels, total = scorecard(ledgers)
            (staging / "index.html").write_text(_index(sections, levels, total), encoding="utf-8")
            folders.write_marker(staging, "site")
            processes.check()
            folders.publish(staging, out_dir)
        except BaseException:
            folders.remove(staging)
            raise
    return out_dir / "index.html"
