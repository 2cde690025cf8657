#!/usr/bin/env python3
"""Replication into Snowflake, end to end on the Snowflake emulator (issue 15).

Key-pair JWT from an encrypted PKCS#8 key made with `openssl genpkey` (the emulator registers the
public key). The first run copies every table; new rows land; the second run is incremental and
copies exactly those, under a 429, a 503 and a connection dropped after the INSERT ran: each
INSERT executes once (the emulator's log), resubmitted with the same requestId and retry=true.
Then models on the replicated tables: incremental, merge, a dynamic table, a view and
time_interval partitions.

usage: snowflake_replication.py BUILD_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

from e2e_support import (check, finish, request, rocky, snowflake_sql, start_emulator, stop,
                         write_file, write_models)


def main():
    work = tempfile.mkdtemp(prefix="rocky-e2e-sf-")
    key, pub = os.path.join(work, "rsa_key.p8"), os.path.join(work, "rsa_key.pub")
    subprocess.run(f"openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | "
                   f"openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:s3cret -out {key}",
                   shell=True, check=True)
    subprocess.run(["openssl", "pkey", "-in", key, "-passin", "pass:s3cret", "-pubout", "-out", pub],
                   check=True, capture_output=True)
    proc, url = start_emulator("snowflake", "--token", "setup-token", "--public-key", pub,
                               "--account", "XY12345", "--user", "ROCKY_SVC", "--partition-rows", "2")
    try:
        def sql(statement):
            return snowflake_sql(url, "setup-token", statement)

        def control(path, body=None, method=None):
            return request(url + path, body, method)

        for s in ["CREATE DATABASE IF NOT EXISTS RAW", "CREATE DATABASE IF NOT EXISTS WH",
                  "CREATE SCHEMA IF NOT EXISTS RAW.RAW__SHOP",
                  "CREATE TABLE RAW.RAW__SHOP.ORDERS AS SELECT 1 AS ID, 2.5 AS AMOUNT, "
                  "'2026-12-01 00:00:00'::TIMESTAMP_NTZ AS _FIVETRAN_SYNCED UNION ALL SELECT 2, "
                  "3.5, '2026-12-01 01:00:00'::TIMESTAMP_NTZ UNION ALL SELECT 3, 4.5, "
                  "'2026-12-01 02:00:00'::TIMESTAMP_NTZ",
                  "CREATE TABLE RAW.RAW__SHOP.CUSTOMERS AS SELECT 1 AS ID, 'a' AS NAME, "
                  "'2026-12-01 00:00:00'::TIMESTAMP_NTZ AS _FIVETRAN_SYNCED"]:
            sql(s)
        write_file(work, "rocky.toml", f'''[adapter.sf]
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
            p = rocky(work, "run", "-o", "json", env=env)
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
        # Every statement answers 202 twice before it runs (polled), and results come in
        # partitions of 2 rows (the schema's columns take 3, read in order).
        control("/_emulator/snowflake/config", {"pending_polls": 2})
        control("/_emulator/requests", method="DELETE")
        p, second = run()
        control("/_emulator/snowflake/config", {"pending_polls": 0})
        log = control("/_emulator/requests")
        log = log.get("requests", log) if isinstance(log, dict) else log
        check(sum(1 for r in log if r["method"] == "POST" and r["status"] == 202) > 0 and
              sum(1 for r in log if r["method"] == "GET" and r["status"] == 202
                  and "partition=" not in r["target"]) > 0,
              "statements answered 202 were polled until done")
        check(any("partition=2" in r["target"] for r in log if r["method"] == "GET"),
              "a 3-partition result was fetched partition by partition")
        rows = {m["asset_key"][-1]: m.get("rows_copied") for m in second.get("materializations", [])}
        check(p.returncode == 0 and rows.get("orders") == 2 and rows.get("customers") == 0,
              f"second run copies exactly the 2 new orders: {rows} {p.stderr[-600:]}")
        check(control("/_emulator/faults") == [], "every fault was used")
        executed = control("/_emulator/snowflake/state")["executed"][before:]
        inserts = [s for s in executed if "INSERT INTO WH.staging__shop.orders" in s]
        check(len(inserts) == 1, f"the orders INSERT executed once: {len(inserts)}")
        check(sql("SELECT COUNT(*), COUNT(DISTINCT ID) FROM WH.STAGING__SHOP.ORDERS") == [["5", "5"]],
              "5 orders, each once")

        # Models on Snowflake: incremental, merge (explicit column lists), a dynamic table, a
        # view, and time_interval partitions each replaced by one multi-statement request.
        files = {
            "stg_orders.sql": "SELECT id, amount, _fivetran_synced AS synced_at, id % 2 AS customer_id\n"
                              "FROM WH.staging__shop.orders",
            "stg_orders.toml": '[strategy]\ntype = "incremental"\ntimestamp_column = "synced_at"\n',
            "customer_totals.sql": "SELECT customer_id, SUM(amount) AS total, COUNT(*) AS orders\n"
                                   "FROM stg_orders GROUP BY customer_id",
            "customer_totals.toml": '[strategy]\ntype = "merge"\nunique_key = ["customer_id"]\n',
            "revenue.sql": "SELECT SUM(total) AS revenue, SUM(orders) AS orders FROM customer_totals",
            "revenue.toml": '[strategy]\ntype = "dynamic_table"\ntarget_lag = "5 minutes"\n',
            "big_customers.sql": "SELECT customer_id, total FROM customer_totals WHERE total > 8",
            "big_customers.toml": '[strategy]\ntype = "view"\n',
            "daily.sql": "SELECT CAST(synced_at AS DATE) AS day, COUNT(*) AS orders\nFROM stg_orders\n"
                         "WHERE synced_at >= @start_date AND synced_at < @end_date\nGROUP BY 1",
            "daily.toml": '[strategy]\ntype = "time_interval"\ntime_column = "day"\n'
                          'granularity = "day"\n',
            "_defaults.toml": '[target]\ncatalog = "WH"\nschema = "analytics"\n',
        }
        write_models(work, files, "sf")

        def run_models(*flags):
            p = rocky(work, "-c", "models.toml", "run", "-o", "json", *flags, env=env)
            out = json.loads(p.stdout or "{}")
            check(p.returncode == 0, f"models run exit {p.returncode}: {out.get('errors')} "
                                     f"{p.stderr[-600:]}")
            built = {}
            for m in out.get("materializations", []):
                built.setdefault(m["asset_key"][-1], []).append(
                    (m["metadata"]["strategy"], m.get("rows_copied")))
            return built

        built = run_models("--from", "2026-12-01", "--to", "2026-12-02")
        check(built.get("stg_orders") == [("full_refresh", None)] and
              built.get("revenue") == [("dynamic_table", None)] and
              built.get("big_customers") == [("view", None)] and
              built.get("daily") == [("time_interval", 1), ("time_interval", 1)],
              f"models first run: {built}")
        sql("INSERT INTO WH.STAGING__SHOP.ORDERS SELECT 6, 7.5, '2026-12-02 05:00:00'::TIMESTAMP_NTZ "
            "UNION ALL SELECT 7, 8.5, '2026-12-02 06:00:00'::TIMESTAMP_NTZ")
        before = len(control("/_emulator/snowflake/state")["executed"])
        built = run_models("--partition", "2026-12-02")
        check(built.get("stg_orders") == [("incremental", 2)] and
              built.get("customer_totals") == [("merge", 2)] and
              built.get("daily") == [("time_interval", 1)], f"models second run: {built}")
        expect = sql("SELECT COUNT(*), SUM(AMOUNT) FROM WH.STAGING__SHOP.ORDERS")
        check(sql("SELECT COUNT(*), SUM(AMOUNT) FROM WH.ANALYTICS.STG_ORDERS") == expect,
              "stg_orders holds every order once")
        check(sql("SELECT SUM(ORDERS), SUM(TOTAL) FROM WH.ANALYTICS.CUSTOMER_TOTALS") == expect and
              sql("SELECT COUNT(*) FROM WH.ANALYTICS.CUSTOMER_TOTALS") == [["2"]],
              "customer_totals merged, one row per customer")
        check(sql("SELECT ORDERS, REVENUE FROM WH.ANALYTICS.REVENUE") == expect,
              "the dynamic table reads the merged totals")
        check(sql("SELECT SUM(ORDERS) FROM WH.ANALYTICS.DAILY") == [["7"]] and
              sql("SELECT COUNT(*) FROM WH.ANALYTICS.DAILY") == [["2"]],
              "each day's partition replaced, not appended")
        executed = control("/_emulator/snowflake/state")["executed"]
        check(any(s.startswith("CREATE OR REPLACE DYNAMIC TABLE WH.analytics.revenue\n"
                               "  TARGET_LAG = '5 minutes'\n  WAREHOUSE = WH\nAS\n")
                  for s in executed), "revenue is a dynamic table on the adapter's warehouse")
        merges = [s for s in executed[before:] if s.startswith("MERGE INTO WH.analytics.customer_totals")]
        # Snowflake describes unquoted names upper-cased; the merge lists them as described.
        check(len(merges) == 1 and "UPDATE SET TOTAL = s.TOTAL, ORDERS = s.ORDERS" in merges[0] and
              "INSERT (CUSTOMER_ID, TOTAL, ORDERS) VALUES (s.CUSTOMER_ID, s.TOTAL, s.ORDERS)"
              in merges[0], f"the merge names its columns: {merges}")
    finally:
        stop(proc)
    return finish("snowflake_replication")


if __name__ == "__main__":
    sys.exit(main())
