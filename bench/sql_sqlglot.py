#!/usr/bin/env python3
"""Parses the same repeated TPC-H input with sqlglot (python3-sqlglot) and prints MB/s."""
import sys
import time

import sqlglot

text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
trees = sqlglot.parse(text)
seconds = time.perf_counter() - start
mb = len(text.encode()) / 1e6
print(f"sqlglot {mb:.1f} MB, {len(trees)} statements: {seconds:.3f} s, {mb / seconds:.2f} MB/s")
