"""data/README.md describes every data file and records its SHA-256, which must match the file."""

import hashlib
import re

from mlfootprint.paths import DATA_DIR

README = (DATA_DIR / "README.md").read_text()
LISTED = dict((name, digest) for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+)$", README, re.MULTILINE))
HEADINGS = [line for line in README.splitlines() if line.startswith("## ")]
FILES = sorted(p.name for p in DATA_DIR.rglob("*") if p.is_file() and p.name != "README.md")


def test_every_data_file_has_a_section_and_a_checksum():
    assert FILES, "no data files found"
    for name in FILES:
        assert any(name in line for line in HEADINGS), f"data/README.md has no section for {name}"
        assert name in LISTED, f"data/README.md has no checksum for {name}"
    assert sorted(LISTED) == FILES, "data/README.md lists checksums of files that do not exist"


def test_checksums_match():
    for name, digest in LISTED.items():
        actual = hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest()
        assert actual == digest, f"data/{name} changed: update its SHA-256 in data/README.md to {actual}"
