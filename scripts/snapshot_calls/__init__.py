"""The call tables of the snapshot case files, one module per file (see scripts/snapshots.py)."""
