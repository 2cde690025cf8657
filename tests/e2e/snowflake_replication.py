#!/usr/bin/env python3
"""Replication into Snowflake, end to end on the Snowflake emulator (issue 15).

Key-pair JWT from an encrypted PKCS#8 key made with `openssl genpkey` (the emulator registers the
public key). The first run copies every table; new rows land; the second run is incremental and
copies exactly those, under a 429, a 503 and a connection dropped after the INSERT ran: each
INSERT executes once (the emulator's log), resubmitted with the same requestId and retry=true.

usage: snowflake_replication.py BUILD_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import uuid

BUILD = os.path.abspath(sys.argv[1])
ROCKY = os.path.join(BUILD, "rocky")
EMULATOR = os.path.join(BUILD, "tests", "emulators", "snowflake", "snowflake_emulator")
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL", what, flush=True)


def main():
    work = tempfile.mkdtemp(prefix="rocky-e2e-sf-")
    key, pub = os.path.join(work, "rsa_key.p8"), os.path.join(work, "rsa_key.pub")
    subprocess.run(f"openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | "
                   f"openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:s3cret -out {key}",
                   shell=True, check=True)
    subprocess.run(["openssl", "pkey", "-in", key, "-passin", "pass:s3cret", "-pubout", "-out", pub],
                   check=True, capture_output=True)
    proc = subprocess.Popen([EMULATOR, "--token", "setup-token", "--public-key", pub, "--account",
                             "XY12345", "--user", "ROCKY_SVC", "--partition-rows", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = proc.stdout.readline().strip().removeprefix("listening on ")
    try:
        def sql(statement):
            req = urllib.request.Request(
                f"{url}/api/v2/statements?requestId={uuid.uuid4()}",
                data=json.dumps({"statement": statement, "warehouse": "WH"}).encode(),
                headers={"Authorization": "Bearer setup-token", "Content-Type": "application/json",
                         "X-Snowflake-Authorization-Token-Type": "OAUTH"})
            with urllib.request.urlopen(req) as r:
                return json.loads(r.read()).get("data")

        def control(path, body=None, method=None):
            req = urllib.request.Request(url + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
            with urllib.request.urlopen(req) as r:
                return json.loads(r.read() or b"{}")

        for s in ["CREATE DATABASE IF NOT EXISTS RAW", "CREATE DATABASE IF NOT EXISTS WH",
                  "CREATE SCHEMA IF NOT EXISTS RAW.RAW__SHOP",
                  "CREATE TABLE RAW.RAW__SHOP.ORDERS AS SELECT 1 AS ID, 2.5 AS AMOUNT, "
                  "'2026-12-01 00:00:00'::TIMESTAMP_NTZ AS _FIVETRAN_SYNCED UNION ALL SELECT 2, "
                  "3.5, '2026-12-01 01:00:00'::TIMESTAMP_NTZ UNION ALL SELECT 3, 4.5, "
                  "'2026-12-01 02:00:00'::TIMESTAMP_NTZ",
                  "CREATE TABLE RAW.RAW__SHOP.CUSTOMERS AS SELECT 1 AS ID, 'a' AS NAME, "
                  "'2026-12-01 00:00:00'::TIMESTAMP_NTZ AS _FIVETRAN_SYNCED"]:
            sql(s)
        with open(os.path.join(work, "rocky.toml"), "w") as f:
            f.write(f'''[adapter.sf]
type = "snowflake"
account = "xy12345.us-east-1"
warehouse = "WH"
username = "rocky_svc"
private_key_path = "rsa_key.p8"
private_key_passphrase = "${{SF_KEY_PASSPHRASE}}"
base_url = "{url}"
[adapter.sf.retry]
initial_backoff_ms = 50

[adapter.src]
type = "manual"
[[adapter.src.schemas]]
name = "raw__shop"
tables = ["orders", "customers"]

[pipeline.bronze]
strategy = "incremental"
[pipeline.bronze.source]
adapter = "sf"
catalog = "RAW"
schema_pattern = {{ prefix = "raw__", separator = "__", components = ["source"] }}
discovery = {{ adapter = "src" }}
[pipeline.bronze.target]
adapter = "sf"
catalog_template = "WH"
schema_template = "staging__{{source}}"
[pipeline.bronze.target.governance]
auto_create_schemas = true
''')
        env = dict(os.environ, SF_KEY_PASSPHRASE="s3cret")

        def run():
            p = subprocess.run([ROCKY, "run", "-o", "json"], cwd=work, env=env,
                               capture_output=True, text=True, timeout=300)
            check("s3cret" not in p.stdout + p.stderr, "the key passphrase appears in the output")
            return p, json.loads(p.stdout or "{}")

        p, first = run()
        check(p.returncode == 0 and first.get("tables_copied") == 2,
              f"first run: exit {p.returncode}, {first.get('tables_copied')} copied: {p.stderr[-600:]}")
        check(sql("SELECT COUNT(*) FROM WH.STAGING__SHOP.ORDERS") == [["3"]], "3 orders copied")

        sql("INSERT INTO RAW.RAW__SHOP.ORDERS SELECT 4, 5.5, '2026-12-02 00:00:00'::TIMESTAMP_NTZ "
            "UNION ALL SELECT 5, 6.5, '2026-12-02 01:00:00'::TIMESTAMP_NTZ")
        control("/_emulator/faults", [
            {"match": "POST /api/v2/statements$", "body_match": "INSERT INTO WH.staging__shop.orders",
             "drop_connection": True, "after_handler": True},
            {"match": "POST /api/v2/statements$", "status": 429},
            {"match": "POST /api/v2/statements$", "status": 503}])
        before = len(control("/_emulator/snowflake/state")["executed"])
        p, second = run()
        rows = {m["asset_key"][-1]: m.get("rows_copied") for m in second.get("materializations", [])}
        check(p.returncode == 0 and rows.get("orders") == 2 and rows.get("customers") == 0,
              f"second run copies exactly the 2 new orders: {rows} {p.stderr[-600:]}")
        check(control("/_emulator/faults") == [], "every fault was used")
        executed = control("/_emulator/snowflake/state")["executed"][before:]
        inserts = [s for s in executed if "INSERT INTO WH.staging__shop.orders" in s]
        check(len(inserts) == 1, f"the orders INSERT executed once: {len(inserts)}")
        check(sql("SELECT COUNT(*), COUNT(DISTINCT ID) FROM WH.STAGING__SHOP.ORDERS") == [["5", "5"]],
              "5 orders, each once")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("snowflake_replication: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
