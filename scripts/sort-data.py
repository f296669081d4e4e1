#!/usr/bin/env python3
"""Sorts and de-duplicates the rows of kg data files in place, keeping the three header lines.
Usage: scripts/sort-data.py data/name_cues.tsv data/fact_cues.tsv data/patterns.tsv ..."""
import sys

for path in sys.argv[1:]:
    lines = open(path, encoding="utf-8").read().split("\n")
    head = [l for l in lines if l.startswith("#")]
    rows = sorted({l for l in lines if l and not l.startswith("#")}, key=lambda l: l.encode())
    open(path, "w", encoding="utf-8").write("\n".join(head + rows) + "\n")
