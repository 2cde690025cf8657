#!/usr/bin/env python3
"""`make demo-databricks`: the databricks-fivetran flow end to end, without an account.

Starts the repository's Databricks and Fivetran emulators (tests/emulators) on 127.0.0.1, lands
Fivetran-style tables in the emulated warehouse, creates a project with
`rocky init --template databricks-fivetran`, points its environment variables at the emulators
(exactly as a user fills them in for the real services) and walks through validate, doctor,
discover, plan, run, an incremental run after new rows land, and models on the bronze layer.
Every step is checked; the script exits non-zero when one does not do what it shows.

usage: demo_databricks.py BUILD_DIR [--quiet]
"""
import json
import os
import shutil
import subprocess
import sys
import urllib.request

BUILD = os.path.abspath(sys.argv[1])
QUIET = "--quiet" in sys.argv
ROCKY = os.path.join(BUILD, "rocky")
EMULATORS = os.path.join(BUILD, "tests", "emulators")
TOKEN = "dapi-demo-token"
FIVETRAN_SECRET = "demo-fivetran-secret"
BOLD = "\033[1m" if sys.stdout.isatty() else ""
PLAIN = "\033[0m" if sys.stdout.isatty() else ""

FIXTURE = {"destination_id": "warehouse_dest", "connectors": [
    {"id": "shopify_us", "service": "shopify", "schema": "src__acme__us_west__shopify",
     "paused": False, "status": {"setup_state": "connected", "sync_state": "scheduled"},
     "succeeded_at": "2026-12-01T06:00:00Z",
     "schema_config": {"schemas": {"shopify": {
         "enabled": True, "name_in_destination": "src__acme__us_west__shopify",
         "tables": {"orders": {"enabled": True}, "customers": {"enabled": True},
                    "abandoned_checkouts": {"enabled": False}}}}}},
    {"id": "stripe_eu", "service": "stripe", "schema": "src__acme__eu__stripe", "paused": True,
     "status": {"setup_state": "connected", "sync_state": "paused"},
     "succeeded_at": "2026-11-28T06:00:00Z",
     "schema_config": {"schemas": {"stripe": {"enabled": True, "tables": {"charges": {}}}}}}]}

LANDED = [
    "CREATE CATALOG IF NOT EXISTS fivetran",
    "CREATE SCHEMA IF NOT EXISTS fivetran.src__acme__us_west__shopify",
    "CREATE TABLE fivetran.src__acme__us_west__shopify.orders AS SELECT i AS id, "
    "1 + i % 7 AS customer_id, CAST(10 + i * 2.5 AS DECIMAL(10, 2)) AS amount, "
    "date_trunc('second', CAST(now() AS TIMESTAMP)) - INTERVAL (300 - i) MINUTE "
    "AS _fivetran_synced FROM range(1, 201) t(i)",
    "CREATE TABLE fivetran.src__acme__us_west__shopify.customers AS SELECT i AS id, "
    "'customer ' || i AS name, date_trunc('second', CAST(now() AS TIMESTAMP)) - INTERVAL 5 HOUR "
    "AS _fivetran_synced FROM range(1, 8) t(i)",
]

MODELS = {
    "_defaults.toml": '[target]\ncatalog = "analytics"\nschema = "silver"\n',
    "stg_orders.sql": "SELECT id AS order_id, customer_id, amount, _fivetran_synced AS synced_at\n"
                      "FROM acme_warehouse.staging__us_west__shopify.orders\n",
    "stg_orders.toml": '[strategy]\ntype = "incremental"\ntimestamp_column = "synced_at"\n',
    "customer_revenue.sql": "SELECT c.id AS customer_id, c.name, COUNT(*) AS orders, "
                            "SUM(o.amount) AS revenue\n"
                            "FROM stg_orders AS o\n"
                            "JOIN acme_warehouse.staging__us_west__shopify.customers AS c "
                            "ON c.id = o.customer_id\nGROUP BY c.id, c.name\n",
    "customer_revenue.toml": '[strategy]\ntype = "merge"\nunique_key = ["customer_id"]\n',
}

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print(f"DEMO CHECK FAILED: {what}", file=sys.stderr, flush=True)


def start(argv):
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        sys.exit(f"{argv[0]} did not start: {line}")
    return proc, line[len("listening on "):]


def sql(url, statement):
    req = urllib.request.Request(
        url + "/api/2.0/sql/statements",
        data=json.dumps({"warehouse_id": "emulator-warehouse", "statement": statement}).encode())
    req.add_header("Authorization", "Bearer " + TOKEN)
    with urllib.request.urlopen(req) as r:
        reply = json.loads(r.read())
    if reply["status"]["state"] != "SUCCEEDED":
        sys.exit(f"emulator SQL failed: {statement}: {reply['status']}")
    return reply.get("result", {}).get("data_array", [])


def step(title):
    if not QUIET:
        print(f"\n{BOLD}$ {title}{PLAIN}", flush=True)


def rocky(project, env, *args, json_out=False):
    argv = [ROCKY] + (["-o", "json"] if json_out else ["-o", "table"]) + list(args)
    p = subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True)
    if not QUIET and not json_out:
        sys.stdout.write(p.stdout)
        sys.stdout.write(p.stderr)
    for secret in (TOKEN, FIVETRAN_SECRET):
        check(secret not in p.stdout + p.stderr, f"a secret in the output of rocky {' '.join(args)}")
    return p


def main():
    demo_dir = os.path.join(BUILD, "demo-databricks")
    shutil.rmtree(demo_dir, ignore_errors=True)
    os.makedirs(demo_dir)
    with open(os.path.join(demo_dir, "fivetran_fixture.json"), "w") as f:
        json.dump(FIXTURE, f)
    dbx, dbx_url = start([os.path.join(EMULATORS, "databricks", "databricks_emulator"),
                          "--token", TOKEN])
    ft, ft_url = start([os.path.join(EMULATORS, "fivetran", "fivetran_emulator"),
                        "--fixture", os.path.join(demo_dir, "fivetran_fixture.json"),
                        "--api-key", "demo-key", "--api-secret", FIVETRAN_SECRET])
    try:
        for statement in LANDED:
            sql(dbx_url, statement)
        if not QUIET:
            print(f"Databricks emulator on {dbx_url}, Fivetran emulator on {ft_url}.\n"
                  "Fivetran landed shopify (orders, customers) in catalog fivetran; the stripe "
                  "connection is paused.")

        step("rocky init acme --template databricks-fivetran")
        p = subprocess.run([ROCKY, "-o", "table", "init", "acme", "--template",
                            "databricks-fivetran"], cwd=demo_dir, capture_output=True, text=True)
        check(p.returncode == 0, f"init: {p.stderr}")
        project = os.path.join(demo_dir, "acme")
        env = dict(os.environ,
                   DATABRICKS_HOST=dbx_url,
                   DATABRICKS_HTTP_PATH="/sql/1.0/warehouses/emulator-warehouse",
                   DATABRICKS_TOKEN=TOKEN,
                   FIVETRAN_DESTINATION_ID="warehouse_dest",
                   FIVETRAN_API_KEY="demo-key",
                   FIVETRAN_API_SECRET=FIVETRAN_SECRET,
                   FIVETRAN_BASE_URL=ft_url)
        if not QUIET:
            print("The project reads its credentials from the environment; here they point at "
                  "the emulators:\n"
                  f"  DATABRICKS_HOST={dbx_url}\n"
                  "  DATABRICKS_HTTP_PATH=/sql/1.0/warehouses/emulator-warehouse\n"
                  "  DATABRICKS_TOKEN=…  FIVETRAN_API_KEY=…  FIVETRAN_API_SECRET=…\n"
                  f"  FIVETRAN_DESTINATION_ID=warehouse_dest  FIVETRAN_BASE_URL={ft_url}")

        step("rocky validate")
        check(rocky(project, env, "validate").returncode == 0, "validate")
        if not QUIET:
            print("(freshness checks use the landed _fivetran_synced, within the last day here)")

        step("rocky doctor --check auth")
        p = rocky(project, env, "doctor", "--check", "auth")
        check(p.returncode == 0 and "DATABRICKS_TOKEN" in p.stdout and
              "FIVETRAN_API_KEY, FIVETRAN_API_SECRET" in p.stdout, f"doctor: {p.stdout[-400:]}")

        step("rocky discover   (the paused stripe connection is skipped)")
        rocky(project, env, "discover")
        found = json.loads(rocky(project, env, "discover", json_out=True).stdout or "{}")
        check([s["id"] for s in found.get("sources", [])] == ["shopify_us"], "discover sources")

        step("rocky plan   (catalog, schema, tags and the two copies)")
        check(rocky(project, env, "plan").returncode == 0, "plan")

        step("rocky run")
        check(rocky(project, env, "run").returncode == 0, "first run")
        target = "acme_warehouse.staging__us_west__shopify"
        check(sql(dbx_url, f"SELECT COUNT(*) FROM {target}.orders") == [["200"]],
              "200 orders in bronze")

        step("Fivetran syncs 25 new orders; rocky run copies exactly those")
        sql(dbx_url, "INSERT INTO fivetran.src__acme__us_west__shopify.orders SELECT i, "
                     "1 + i % 7, CAST(10 + i * 2.5 AS DECIMAL(10, 2)), date_trunc('second', "
                     "CAST(now() AS TIMESTAMP)) - INTERVAL (226 - i) SECOND "
                     "FROM range(201, 226) t(i)")
        p = rocky(project, env, "run", json_out=True)
        copied = {m["asset_key"][-1]: m["rows_copied"]
                  for m in json.loads(p.stdout or "{}").get("materializations", [])}
        rocky(project, env, "history")
        check(copied.get("orders") == 25, f"the incremental run copies 25 orders: {copied}")
        check(sql(dbx_url, f"SELECT COUNT(*), COUNT(DISTINCT id) FROM {target}.orders")
              == [["225", "225"]], "225 orders, each once")

        step("models on the bronze layer (models/stg_orders, models/customer_revenue), "
             "then rocky run --all")
        os.makedirs(os.path.join(project, "models"))
        for name, text in MODELS.items():
            with open(os.path.join(project, "models", name), "w") as f:
                f.write(text)
        check(rocky(project, env, "compile").returncode == 0, "compile")
        check(rocky(project, env, "run", "--all").returncode == 0, "run --all")
        rows = sql(dbx_url, "SELECT SUM(orders), SUM(revenue) FROM analytics.silver.customer_revenue")
        expected = sql(dbx_url, f"SELECT COUNT(*), SUM(amount) FROM {target}.orders")
        check(rows == expected, f"customer_revenue adds up to the orders: {rows} vs {expected}")
        if not QUIET:
            print("analytics.silver.customer_revenue:")
            for row in sql(dbx_url, "SELECT customer_id, name, orders, revenue FROM "
                                    "analytics.silver.customer_revenue ORDER BY customer_id"):
                print("  " + " | ".join(str(c) for c in row))

        step("rocky discover --since 2026-12-01T00:00:00Z   (sync detection for a sensor)")
        rocky(project, env, "discover", "--since", "2026-12-01T00:00:00Z")
    finally:
        for proc in (dbx, ft):
            proc.terminate()
            proc.wait(timeout=10)
    if failures:
        print(f"\n{len(failures)} demo check(s) failed", file=sys.stderr)
        return 1
    if not QUIET:
        print(f"\nThe project is in {project}. Against a real workspace, set the same variables "
              "to your workspace host, SQL warehouse HTTP path and token (or DATABRICKS_CLIENT_ID "
              "and DATABRICKS_CLIENT_SECRET), and your Fivetran destination and API key.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
