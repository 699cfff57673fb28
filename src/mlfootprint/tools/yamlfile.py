"""Reading the YAML files a user gives (`run -f`, `sweep --grid`): safe, small and unambiguous.

- the safe loader only (no Python objects);
- UTF-8, with or without a byte-order mark; anything else is refused as "not UTF-8";
- aliases (`*name`) are refused: a few hundred bytes of nested aliases can expand to gigabytes;
- a key given twice in one mapping is refused with its name (YAML would keep the last silently);
- a regular file of at most MAX_BYTES, checked before it is read (`/dev/zero` or a pipe is refused at once).
Values keep YAML's types (numbers, dates, lists); every value is then checked against the notebook's declared
parameters, which also read text such as "1e6" as a number.
"""

from pathlib import Path

import yaml

from ..checks import ParameterError
from .reading import read_bounded

MAX_BYTES = 100_000
"""Largest parameter or grid file: a product grid of 10,000 runs takes a few hundred bytes, and YAML's safe parser
reads about 200 KB a second on a loaded 2-core machine, so any file is answered within a second."""


class _Loader(yaml.SafeLoader):
    """The safe loader without aliases and without repeated keys."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ParameterError(f"line {event.start_mark.line + 1}: YAML aliases (*{event.anchor}) are not accepted; "
                                 f"write the values out")
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise ParameterError(f"line {key_node.start_mark.line + 1}: the key {key!r} is given twice")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path):
    """The content of a YAML file; ParameterError (one line, naming the file) when it cannot be used."""
    path = Path(path)
    raw = read_bounded(path, MAX_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParameterError(f"{path}: not UTF-8 (byte {error.start} cannot be decoded); save it as UTF-8") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except ParameterError as error:
        raise ParameterError(f"{path}, {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ParameterError(f"{path}{where}: not valid YAML ({problem})") from None


def read_parameter_file(path) -> dict:
    """A YAML mapping of parameter names to values."""
    values = read_yaml(path)
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        raise ParameterError(f"{path}: expected a mapping of parameter names to values")
    return values
