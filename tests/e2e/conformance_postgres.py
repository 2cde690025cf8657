#!/usr/bin/env python3
"""`rocky test-adapter` on adapters/postgres/rocky-postgres against a real PostgreSQL server
started for the test (pg_server.py): every applicable conformance test passes and ran
(duration_ms > 0); create_catalog and the governance tests are skipped (the adapter declares
neither). The password (scram-sha-256 on 127.0.0.1) never appears in Rocky's output, also when
it is wrong and initialize fails with the server's message.

usage: conformance_postgres.py BUILD_DIR
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg_server import PgServer  # noqa: E402

BUILD = os.path.abspath(sys.argv[1])
ROCKY = os.path.join(BUILD, "rocky")
ADAPTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "adapters",
                       "postgres", "rocky-postgres")
PASSWORD = "Conf-pw-7f3a9c"
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL", what, flush=True)


def test_adapter(config, output):
    p = subprocess.run([ROCKY, "-o", output, "test-adapter", "--command", ADAPTER,
                        "--adapter-config", json.dumps(config)],
                       capture_output=True, text=True, timeout=300, cwd=BUILD)
    check(PASSWORD not in p.stdout + p.stderr, f"the password appears in the -o {output} output")
    return p


def main():
    with PgServer(password=PASSWORD) as pg:
        pg.psql("CREATE DATABASE conformance")
        config = pg.adapter_config("conformance")

        p = test_adapter(config, "table")
        print(p.stdout, flush=True)
        check(p.returncode == 0 and "Result: 23 passed, 0 failed, 3 skipped" in p.stdout,
              f"table report: exit {p.returncode}: {p.stderr[-600:]}")
        check("- create_catalog SKIPPED (not supported)" in p.stdout, "create_catalog skipped")

        p = test_adapter(config, "json")
        report = json.loads(p.stdout or "{}")
        results = report.get("results", [])
        counts = (report.get("tests_passed"), report.get("tests_failed"),
                  report.get("tests_skipped"))
        check(p.returncode == 0 and counts == (23, 0, 3), f"json report: {counts}")
        ran = [r for r in results if r["status"] != "skipped"]
        check(report.get("tests_run") == 26 and all(r["duration_ms"] > 0 for r in ran),
              "26 tests, each that ran with a duration")
        skipped = sorted(r["name"] for r in results if r["status"] == "skipped")
        check(skipped == ["create_catalog", "get_grants", "set_tags"], f"skipped: {skipped}")

        # The scratch schemas are dropped at the end.
        left = pg.psql("SELECT count(*) FROM information_schema.schemata "
                       "WHERE schema_name LIKE 'rocky_conformance_%'", "conformance").strip()
        check(left == "0", f"{left} scratch schema(s) left behind")

        p = test_adapter(dict(config, password="not-" + PASSWORD), "table")
        check(p.returncode != 0 and "password authentication failed" in p.stdout + p.stderr,
              f"a wrong password fails with the server's message: {p.stdout[-400:]}")
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("conformance_postgres: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
