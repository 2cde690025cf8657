#!/usr/bin/env python3
"""`rocky test-adapter` against the Databricks and Snowflake emulators (issue 15): every
applicable conformance test passes, each ran (duration_ms > 0), and the JSON report adds up.

On Snowflake, tag objects must exist before they are set (adapters.md §2): the emulator starts
with the tag the suite sets, as an administrator would have created it.

usage: conformance_emulators.py BUILD_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

BUILD = os.path.abspath(sys.argv[1])
ROCKY = os.path.join(BUILD, "rocky")
EMULATORS = os.path.join(BUILD, "tests", "emulators")
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL", what, flush=True)


def start(argv):
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        sys.exit(f"{argv[0]} did not start: {line}")
    return proc, line[len("listening on "):]


def post(url, body, headers):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers)
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())


def conformance(work, adapter, catalog, expected):
    p = subprocess.run([ROCKY, "-o", "json", "test-adapter", "--adapter", adapter, "--catalog",
                        catalog], cwd=work, capture_output=True, text=True, timeout=300)
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
    dbx, dbx_url = start([os.path.join(EMULATORS, "databricks", "databricks_emulator"),
                          "--token", "dapi-conf"])
    sf, sf_url = start([os.path.join(EMULATORS, "snowflake", "snowflake_emulator"),
                        "--token", "sf-conf", "--tag", "rocky_conformance"])
    try:
        post(dbx_url + "/api/2.0/sql/statements",
             {"warehouse_id": "emulator-warehouse", "statement": "CREATE CATALOG IF NOT EXISTS conf"},
             {"Authorization": "Bearer dapi-conf"})
        post(sf_url + "/api/v2/statements?requestId=0f0e0d0c-0b0a-4908-8706-050403020100",
             {"statement": "CREATE DATABASE IF NOT EXISTS CONF", "warehouse": "WH"},
             {"Authorization": "Bearer sf-conf", "X-Snowflake-Authorization-Token-Type": "OAUTH",
              "Content-Type": "application/json"})
        with open(os.path.join(work, "rocky.toml"), "w") as f:
            f.write(f'''[adapter.dbx]
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
        for proc in (dbx, sf):
            proc.terminate()
            proc.wait(timeout=10)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("conformance_emulators: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
