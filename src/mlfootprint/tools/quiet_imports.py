"""Skip a 2.4 s import that running and testing notebooks never needs.

jsonschema checks the "iri" string format with `rfc3987_syntax` when that package is installed (jupyterlab brings
it in through jupyter-events). Importing it builds a grammar: 2.4 of papermill's 3.2 s import time on a 2-core
machine (python -X importtime). Notebook schemas use no "iri" format, so the runner, and pytest (through
`-p mlfootprint.tools.quiet_imports` in pyproject.toml), block that import; jsonschema then skips only iri checks.
Importing this module before nbformat is all it takes.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)
