"""The sourced data tables of mlfootprint, importable as `mlfootprint.data` so that they travel inside the package
(see data/README.md for what each file holds and where its values come from)."""
