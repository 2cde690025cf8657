#!/usr/bin/env python3
"""Replication of 1,000 small tables with `rocky run` against the same CTAS statements executed
directly in DuckDB (one process, one connection). Target (spec README): rocky <= 1.15x direct.

usage: replication_bench.py BUILD_DIR [TABLES]
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

BUILD = os.path.abspath(sys.argv[1])
TABLES = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
ROCKY = os.path.join(BUILD, "rocky")
EXEC = os.path.join(BUILD, "tests", "duckdb_exec")
CONFIG = """
[adapter]
type = "duckdb"
path = "wh.duckdb"

[pipeline.bronze]
strategy = "full_refresh"
source.schema_pattern = { prefix = "raw__", separator = "__", components = ["source"] }
target = { catalog_template = "wh", schema_template = "stg" }
"""


def run(argv, cwd):
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    work = tempfile.mkdtemp(prefix="rocky-bench-")
    try:
        open(os.path.join(work, "rocky.toml"), "w").write(CONFIG)
        setup = ["CREATE SCHEMA raw__shop"] + [
            f"CREATE TABLE raw__shop.t{i:04d} AS SELECT r AS id, r * 2 AS v FROM range(100) t(r)"
            for i in range(TABLES)]
        run([EXEC, "wh.duckdb", ";\n".join(setup)], work)
        direct_sql = ";\n".join(["CREATE SCHEMA IF NOT EXISTS wh.stg"] + [
            f"CREATE OR REPLACE TABLE wh.stg.t{i:04d} AS SELECT * FROM raw__shop.t{i:04d}"
            for i in range(TABLES)])
        direct, rocky = [], []
        for _ in range(3):
            direct.append(run([EXEC, "wh.duckdb", direct_sql], work))
            run([EXEC, "wh.duckdb", "DROP SCHEMA stg CASCADE"], work)
            rocky.append(run([ROCKY, "run", "-o", "json"], work))
            run([EXEC, "wh.duckdb", "DROP SCHEMA stg CASCADE"], work)
        d, r = min(direct), min(rocky)
        ratio = r / d
        print(f"replication of {TABLES} tables: rocky run {r * 1000:.0f} ms, direct DuckDB "
              f"{d * 1000:.0f} ms, ratio {ratio:.2f}x (target <= 1.15x) "
              f"{'ok' if ratio <= 1.15 else 'OVER'}")
        return 0 if ratio <= 1.15 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
