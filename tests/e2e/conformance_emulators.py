#!/usr/bin/env python3
"""`rocky test-adapter` against the Databricks and Snowflake emulators (issue 15): every
applicable conformance test passes, each ran (duration_ms > 0), and the JSON report adds up.

On Snowflake, tag objects must exist before they are set (adapters.md §2): the emulator starts
with the tag the suite sets, as an administrator would have created it.

usage: conformance_emulators.py BUILD_DIR
"""
import json
import sys
import tempfile

from e2e_support import (check, databricks_sql, finish, rocky, snowflake_sql, start_emulator, stop,
                         write_file)


def conformance(work, adapter, catalog, expected):
    p = rocky(work, "-o", "json", "test-adapter", "--adapter", adapter, "--catalog", catalog)
    report = json.loads(p.stdout or "{}")
    counts = (report.get("tests_passed"), report.get("tests_failed"), report.get("tests_skipped"))
    failed = [f"{r['name']}: {r.get('message')}" for r in report.get("results", [])
              if r["status"] == "failed"]
    check(p.returncode == 0 and counts == expected,
          f"{adapter}: exit {p.returncode}, passed/failed/skipped {counts}, expected {expected}; "
          f"{failed[:3]} {p.stderr[-300:]}")
    ran = [r for r in report.get("results", []) if r["status"] != "skipped"]
    check(report.get("tests_run") == 26 and all(r["duration_ms"] > 0 for r in ran),
          f"{adapter}: 26 tests, each that ran with a duration")


def main():
    work = tempfile.mkdtemp(prefix="rocky-conformance-")
    dbx, dbx_url = start_emulator("databricks", "--token", "dapi-conf")
    sf, sf_url = start_emulator("snowflake", "--token", "sf-conf", "--tag", "rocky_conformance")
    try:
        databricks_sql(dbx_url, "dapi-conf", "CREATE CATALOG IF NOT EXISTS conf")
        snowflake_sql(sf_url, "sf-conf", "CREATE DATABASE IF NOT EXISTS CONF")
        write_file(work, "rocky.toml", f'''[adapter.dbx]
type = "databricks"
host = "{dbx_url}"
http_path = "/sql/1.0/warehouses/emulator-warehouse"
token = "dapi-conf"

[adapter.sf]
type = "snowflake"
account = "xy12345"
warehouse = "WH"
oauth_token = "sf-conf"
base_url = "{sf_url}"
''')
        # Neither has a discovery role: discover is skipped.
        conformance(work, "dbx", "conf", (25, 0, 1))
        conformance(work, "sf", "CONF", (25, 0, 1))
    finally:
        stop(dbx, sf)
    return finish("conformance_emulators")


if __name__ == "__main__":
    sys.exit(main())
