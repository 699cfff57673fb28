"""Reading a results folder that someone else may have made, for the site: only regular files, never through a
link, within limits (`run_files`); notebook HTML reduced to an allow-list (`sanitized`); SVG files without active
content (`check_svg`). See `mlfootprint.tools.website` for what the site guarantees."""

import os
import re
import stat
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from ..checks import ParameterError
from ..paths import shown
from .reading import read_bounded

COPIED = (".png", ".svg", ".csv", ".json", ".ipynb", ".md", ".tex")
"""The files of a run that the site copies (a run writes nothing else that a reader needs)."""
MAX_FILE_BYTES = 50_000_000
"""Largest file copied (the largest executed notebook, with its figures, is about 2 MB)."""
MAX_FILES = 200
MAX_FOLDER_BYTES = 200_000_000
"""Most files, and bytes in all, copied from one notebook's folder."""
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
