#!/usr/bin/env python3
"""Fivetran-fed replication into Databricks, end to end on the emulators (issue 14).

Starts tests/emulators' databricks_emulator and fivetran_emulator on ephemeral ports, writes a
databricks-fivetran project pointing at them and drives build/rocky:
  - discover lists exactly the enabled schemas/tables of the connected, unpaused connections
    (3 connections over 2 pages: one paused, one not yet connected);
  - the first run copies every table (full refresh) into the templated catalog/schema with the
    metadata column; new rows land; the second run is incremental and copies exactly those;
  - an INSERT whose connection drops after the warehouse ran it still lands exactly once;
  - governance from config and --governance-override (tags, grants, workspace bindings,
    isolation) is applied, and a second run applies nothing new;
  - a statement held past timeout_secs fails its table with the cancel message while the others
    succeed, and --resume-latest then copies only that table;
  - with OAuth M2M tokens that expire within the run, tokens are refreshed and the run succeeds;
  - doctor names the credential, and no token or secret appears in any output or log line.
Usage: databricks_fivetran.py BUILD_DIR
"""
import base64
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from e2e_support import (ROCKY, bearer, check, databricks_sql, finish, request, rocky,
                         start_emulator, stop, write_file, write_models)

TOKEN = "dapi-e2e-TOPSECRET-token"
CLIENT_SECRET = "sp-e2e-TOPSECRET-secret"
FT_SECRET = "ft-e2e-TOPSECRET-secret"
outputs = []  # every stdout/stderr, checked for secrets at the end


def main():
    work = tempfile.mkdtemp(prefix="rocky-e2e-dbx-")
    fixture = {"destination_id": "dest_1", "connectors": [
        {"id": "shop_us", "service": "shopify", "schema": "src__acme__us_west__shopify",
         "paused": False, "status": {"setup_state": "connected", "sync_state": "scheduled"},
         "succeeded_at": "2026-12-01T10:00:00.245Z",
         "schema_config": {"schemas": {"shopify": {
             "enabled": True, "name_in_destination": "src__acme__us_west__shopify",
             "tables": {"orders": {"enabled": True}, "Customers": {"enabled": True},
                        "abandoned_checkouts": {"enabled": False}}}}}},
        {"id": "stripe_eu", "service": "stripe", "schema": "src__acme__eu__stripe",
         "paused": True, "status": {"setup_state": "connected", "sync_state": "paused"},
         "succeeded_at": "2026-11-30T08:00:00Z",
         "schema_config": {"schemas": {"stripe": {"enabled": True, "tables": {"charges": {}}}}}},
        {"id": "hubspot_new", "service": "hubspot", "schema": "src__acme__us_west__hubspot",
         "paused": False, "status": {"setup_state": "incomplete", "sync_state": "scheduled"},
         "succeeded_at": None}]}
    with open(os.path.join(work, "fixture.json"), "w") as f:
        json.dump(fixture, f)
    dbx, dbx_url = start_emulator("databricks", "--token", TOKEN)
    ft, ft_url = start_emulator("fivetran", "--fixture", os.path.join(work, "fixture.json"),
                                "--page-size", "2", "--api-key", "ft-key", "--api-secret", FT_SECRET)
    try:
        def sql(statement):
            return databricks_sql(dbx_url, TOKEN, statement)

        for s in ["CREATE CATALOG IF NOT EXISTS fivetran",
                  "CREATE SCHEMA IF NOT EXISTS fivetran.src__acme__us_west__shopify",
                  "CREATE TABLE fivetran.src__acme__us_west__shopify.orders AS SELECT i AS id, "
                  "i * 1.5 AS amount, TIMESTAMP '2026-12-01 00:00:00' + INTERVAL (i) MINUTE AS "
                  "_fivetran_synced FROM range(1, 11) t(i)",
                  "CREATE TABLE fivetran.src__acme__us_west__shopify.customers AS SELECT i AS id, "
                  "'c' || i AS name, TIMESTAMP '2026-12-01 00:00:00' AS _fivetran_synced "
                  "FROM range(1, 5) t(i)"]:
            sql(s)
        write_file(work, "rocky.toml", f'''[adapter.dbx]
type = "databricks"
host = "{dbx_url}"
http_path = "/sql/1.0/warehouses/emulator-warehouse"
token = "{TOKEN}"
timeout_secs = 4

[adapter.fivetran]
type = "fivetran"
destination_id = "dest_1"
api_key = "ft-key"
api_secret = "{FT_SECRET}"
base_url = "{ft_url}"

[pipeline.bronze]
strategy = "incremental"
metadata_columns = [{{ name = "_loaded_by", type = "STRING", value = "'rocky'" }}]

[pipeline.bronze.source]
adapter = "dbx"
catalog = "fivetran"
schema_pattern = {{ prefix = "src__", separator = "__", components = ["tenant", "regions...", "source"] }}
discovery = {{ adapter = "fivetran" }}

[pipeline.bronze.target]
adapter = "dbx"
catalog_template = "{{tenant}}_warehouse"
schema_template = "staging__{{regions}}__{{source}}"

[pipeline.bronze.target.governance]
auto_create_catalogs = true
auto_create_schemas = true
tag_prefix = "rocky_"
tags = {{ owner = "data-platform" }}
isolation = {{ enabled = true, workspace_ids = [{{ id = 42, binding_type = "READ_ONLY" }}] }}
grants = [{{ principal = "analysts", permissions = ["USE CATALOG", "SELECT"] }}]
schema_grants = [{{ principal = "analysts", permissions = ["USE SCHEMA"] }}]
''')

        def run(*args, verbose=False):
            p = rocky(work, *(["-v"] if verbose else []), *args)
            outputs.append(p.stdout + p.stderr)
            return p

        p = run("discover", "-o", "json")
        check(p.returncode == 0, f"discover exit {p.returncode}: {p.stderr[-500:]}")
        doc = json.loads(p.stdout or "{}")
        sources = doc.get("sources", [])
        check([s["id"] for s in sources] == ["shop_us"], f"discover sources: {sources}")
        check(sources and [t["name"] for t in sources[0]["tables"]] == ["customers", "orders"],
              f"discover tables: {sources}")

        # Sync detection for sensors: --since a cursor says which sources synced after it.
        p = run("discover", "-o", "json", "--since", "2026-12-01T09:00:00Z")
        sync = json.loads(p.stdout or "{}").get("sync", {})
        check(sync == {"since": "2026-12-01T09:00:00Z", "has_new_data": True,
                       "cursor": "2026-12-01T10:00:00.245Z"}, f"discover --since: {sync}")
        p = run("discover", "-o", "json", "--since", "2026-12-01T10:00:00.245Z")
        doc = json.loads(p.stdout or "{}")
        check(doc.get("sync", {}).get("has_new_data") is False and
              [s.get("has_new_data") for s in doc.get("sources", [])] == [False],
              f"nothing synced after the cursor: {doc.get('sync')}")
        connections = request(ft_url + "/_emulator/fivetran/connectors")
        connections[0]["succeeded_at"] = "2026-12-01T11:30:00Z"
        request(ft_url + "/_emulator/fivetran/connectors", connections)
        p = run("discover", "-o", "json", "--since", "2026-12-01T10:00:00.245Z")
        sync = json.loads(p.stdout or "{}").get("sync", {})
        check(sync.get("has_new_data") is True and sync.get("cursor") == "2026-12-01T11:30:00Z",
              f"a new sync is detected: {sync}")
        p = run("discover", "--since", "yesterday")
        check(p.returncode == 2 and "invalid --since 'yesterday'" in p.stderr,
              f"a bad cursor is a usage error: {p.returncode} {p.stderr[-300:]}")

        # plan shows every governance statement and Unity Catalog call, and makes none of them.
        requests_before = len(request(dbx_url + "/_emulator/requests"))
        p = run("plan", "-o", "json")
        check(p.returncode == 0, f"plan exit {p.returncode}: {p.stderr[-500:]}")
        planned = [(s["purpose"], s["target"]) for s in json.loads(p.stdout or "{}").get("statements", [])]
        check(planned[:9] == [("create_catalog", "acme_warehouse"), ("set_tags", "acme_warehouse"),
                              ("bind_workspace", "acme_warehouse"), ("set_isolation", "acme_warehouse"),
                              ("grant", "acme_warehouse"), ("grant", "acme_warehouse"),
                              ("create_schema", "acme_warehouse.staging__us_west__shopify"),
                              ("set_tags", "acme_warehouse.staging__us_west__shopify"),
                              ("grant", "acme_warehouse.staging__us_west__shopify")],
              f"plan's governance: {planned[:9]}")
        check([x for x, _ in planned[9:]] == ["full_refresh_copy", "full_refresh_copy", "set_tags",
                                              "set_tags"], f"plan's copies and table tags: {planned[9:]}")
        made = [r for r in request(dbx_url + "/_emulator/requests")[requests_before:]
                if r["method"] in ("PATCH", "DELETE") or '"GRANT' in r.get("body", "")
                or "SET TAGS" in r.get("body", "") or "CREATE " in r.get("body", "")]
        check(made == [], f"plan changed something: {made[:3]}")

        p = run("run", "-o", "json", verbose=True)
        check(p.returncode == 0, f"first run exit {p.returncode}: {p.stderr[-800:]}")
        first = json.loads(p.stdout or "{}")
        check(first.get("tables_copied") == 2, f"first run tables_copied: {first.get('tables_copied')}")
        target = "acme_warehouse.staging__us_west__shopify"
        check(sql(f"SELECT COUNT(*), MAX(_loaded_by) FROM {target}.orders") == [["10", "rocky"]],
              "orders after the first run")
        grants = sql("SHOW GRANTS ON CATALOG acme_warehouse")
        check(sorted(r[1] for r in grants if r[0] == "analysts") == ["SELECT", "USE CATALOG"],
              f"catalog grants: {grants}")
        check(any(r[1] == "USE SCHEMA" for r in sql(f"SHOW GRANTS ON SCHEMA {target}")),
              "schema grants")

        def uc(path):
            return request(dbx_url + path, headers=bearer(TOKEN))

        bindings = {b["workspace_id"]: b["binding_type"]
                    for b in uc("/api/2.1/unity-catalog/bindings/catalog/acme_warehouse")["bindings"]}
        check(bindings.get(42) == "BINDING_TYPE_READ_ONLY", f"workspace binding: {bindings}")
        check(uc("/api/2.1/unity-catalog/catalogs/acme_warehouse").get("isolation_mode") == "ISOLATED",
              "catalog isolation")
        state = request(dbx_url + "/_emulator/databricks/state")
        tag_statements = [g for g in state["executed"] if "SET TAGS" in g]
        check(any("'owner' = 'data-platform'" in t for t in tag_statements), f"tags: {tag_statements}")
        grants_before = len([g for g in state["executed"] if g.startswith("GRANT")])
        patches_before = len([r for r in request(dbx_url + "/_emulator/requests") if r["method"] == "PATCH"])
        check(sql(f"SELECT COUNT(*) FROM {target}.customers") == [["4"]], "customers after the first run")

        sql("INSERT INTO fivetran.src__acme__us_west__shopify.orders SELECT i, i * 1.5, "
            "TIMESTAMP '2026-12-02 00:00:00' + INTERVAL (i) MINUTE FROM range(11, 14) t(i)")
        p = run("run", "-o", "json")
        check(p.returncode == 0, f"second run exit {p.returncode}: {p.stderr[-800:]}")
        second = json.loads(p.stdout or "{}")
        rows = {m["asset_key"][-1]: m.get("rows_copied") for m in second.get("materializations", [])}
        check(rows.get("orders") == 3, f"second run copies exactly the 3 new orders: {rows}")
        check(sql(f"SELECT COUNT(*), COUNT(DISTINCT id) FROM {target}.orders") == [["13", "13"]],
              "orders after the incremental run")
        state = request(dbx_url + "/_emulator/databricks/state")
        check(len([g for g in state["executed"] if g.startswith("GRANT")]) == grants_before,
              "a second run grants nothing new")
        check(len([r for r in request(dbx_url + "/_emulator/requests") if r["method"] == "PATCH"])
              == patches_before, "a second run changes no binding or isolation")
        p = run("plan", "-o", "json")
        planned = [s["purpose"] for s in json.loads(p.stdout or "{}").get("statements", [])]
        check(not {"grant", "bind_workspace", "set_isolation"} & set(planned),
              f"once applied, plan shows no grant, binding or isolation: {planned}")
        p = run("plan", "-o", "json", "--governance-override",
                '{"workspace_ids": [{"id": 77, "binding_type": "READ_WRITE"}]}')
        planned = [s["sql"] for s in json.loads(p.stdout or "{}").get("statements", [])
                   if s["purpose"] == "bind_workspace"]
        check(len(planned) == 1 and '"workspace_id":77' in planned[0] and "-- API PATCH" in planned[0],
              f"plan with an override shows its binding call: {planned}")

        # --governance-override adds a workspace binding for this run.
        p = run("run", "-o", "json", "--governance-override",
                '{"workspace_ids": [{"id": 77, "binding_type": "READ_WRITE"}]}')
        check(p.returncode == 0, f"override run exit {p.returncode}: {p.stderr[-500:]}")
        bindings = {b["workspace_id"]: b["binding_type"]
                    for b in uc("/api/2.1/unity-catalog/bindings/catalog/acme_warehouse")["bindings"]}
        check(bindings.get(77) == "BINDING_TYPE_READ_WRITE" and 42 in bindings,
              f"override binding: {bindings}")

        # 429 (Retry-After) and 503 on the INSERT submits, and every statement PENDING for two
        # polls: the run succeeds and each INSERT runs once.
        sql("INSERT INTO fivetran.src__acme__us_west__shopify.orders SELECT i, i * 1.5, "
            "TIMESTAMP '2026-12-02 12:00:00' + INTERVAL (i) MINUTE FROM range(100, 102) t(i)")
        sql("INSERT INTO fivetran.src__acme__us_west__shopify.customers SELECT i, 'c' || i, "
            "TIMESTAMP '2026-12-02 12:00:00' FROM range(100, 102) t(i)")
        request(dbx_url + "/_emulator/faults", [
            {"match": "POST /api/2.0/sql/statements$", "body_match": f"INSERT INTO {target}.orders",
             "status": 429, "headers": {"Retry-After": "1"}},
            {"match": "POST /api/2.0/sql/statements$",
             "body_match": f"INSERT INTO {target}.customers", "status": 503}])
        request(dbx_url + "/_emulator/databricks/config", {"pending_polls": 2})
        before = request(dbx_url + "/_emulator/databricks/state")["executed"]
        p = run("run", "-o", "json")
        request(dbx_url + "/_emulator/databricks/config", {"pending_polls": 0})
        check(p.returncode == 0, f"run under faults exit {p.returncode}: {p.stderr[-800:]}")
        check(request(dbx_url + "/_emulator/databricks/state")["cancelled"] == [],
              f"nothing cancelled under faults: {[l for l in p.stderr.splitlines() if 'cancel' in l or 'timed out' in l or 'FAILED' in l][:6]}")
        check(request(dbx_url + "/_emulator/faults") == [], "both submit faults were used")
        ran = request(dbx_url + "/_emulator/databricks/state")["executed"][len(before):]
        for table in ("orders", "customers"):
            n = len([s for s in ran if f"INSERT INTO {target}.{table}" in s])
            check(n == 1, f"the {table} INSERT ran {n} times under faults")
        check(sql(f"SELECT COUNT(*), COUNT(DISTINCT id) FROM {target}.orders") == [["15", "15"]],
              "orders exactly once under faults")
        check(sql(f"SELECT COUNT(*), COUNT(DISTINCT id) FROM {target}.customers") == [["6", "6"]],
              "customers exactly once under faults")

        # The connection drops after the warehouse ran the INSERT: found again, never re-run.
        sql("INSERT INTO fivetran.src__acme__us_west__shopify.orders SELECT i, i * 1.5, "
            "TIMESTAMP '2026-12-03 00:00:00' + INTERVAL (i) MINUTE FROM range(14, 16) t(i)")
        request(dbx_url + "/_emulator/faults",
             {"match": "POST /api/2.0/sql/statements$", "body_match": f"INSERT INTO {target}.orders",
              "drop_connection": True, "after_handler": True, "count": 1})
        p = run("run", "-o", "json")
        check(p.returncode == 0, f"faulted run exit {p.returncode}: {p.stderr[-800:]}")
        check(sql(f"SELECT COUNT(*), COUNT(DISTINCT id) FROM {target}.orders") == [["17", "17"]],
              "orders exactly once after a dropped connection")
        check(request(dbx_url + "/_emulator/faults") == [], "the drop fault was used")
        executed = request(dbx_url + "/_emulator/databricks/state")["executed"]
        inserts = [s for s in executed if f"INSERT INTO {target}.orders" in s]
        check(len(inserts) == 4 and len(set(inserts)) == 4,  # second, override and two faulted runs
              f"each incremental INSERT executed exactly once: {inserts}")

        # A copy held RUNNING past timeout_secs: cancelled, its table fails, the other succeeds;
        # --resume-latest then copies only the failed one.
        sql("INSERT INTO fivetran.src__acme__us_west__shopify.customers SELECT i, 'c' || i, "
            "TIMESTAMP '2026-12-04 00:00:00' FROM range(5, 7) t(i)")
        sql("INSERT INTO fivetran.src__acme__us_west__shopify.orders SELECT i, i * 1.5, "
            "TIMESTAMP '2026-12-04 00:00:00' + INTERVAL (i) MINUTE FROM range(16, 18) t(i)")
        request(dbx_url + "/_emulator/databricks/hold",
             {"match": f"INSERT INTO {target}.customers", "polls": -1, "count": 2})  # + its retry
        p = run("run", "-o", "json")
        held = json.loads(p.stdout or "{}")
        check(p.returncode != 0, "a run with a failed table does not exit 0")
        errors = " ".join(e.get("error", "") for e in held.get("errors", []))
        check("timed out after 4s (cancelled)" in errors, f"timeout error: {errors[:400]}")
        check(held.get("tables_copied") == 1 and held.get("tables_failed") == 1,
              f"held run counts: {held.get('tables_copied')} / {held.get('tables_failed')}")
        check(len(request(dbx_url + "/_emulator/databricks/state")["cancelled"]) == 2,
              "the emulator received the cancels (the copy and its retry)")
        check(sql(f"SELECT COUNT(*) FROM {target}.orders") == [["19"]], "orders despite the failure")
        p = run("run", "--resume-latest", "-o", "json")
        check(p.returncode == 0, f"resume exit {p.returncode}: {p.stderr[-500:]}")
        resumed = json.loads(p.stdout or "{}")
        copied = [m["asset_key"][-1] for m in resumed.get("materializations", [])]
        check(copied == ["customers"], f"resume copies only the failed table: {copied}")
        check(sql(f"SELECT COUNT(*), COUNT(DISTINCT id) FROM {target}.customers") == [["8", "8"]],
              "customers after the resume")

        # SIGINT while a copy runs on the warehouse: the statement is cancelled there, the run
        # stops with exit 1 and no watermark moves; the next run copies the rows exactly once.
        sql("INSERT INTO fivetran.src__acme__us_west__shopify.orders SELECT i, i * 1.5, "
            "TIMESTAMP '2026-12-04 06:00:00' + INTERVAL (i) MINUTE FROM range(18, 20) t(i)")
        request(dbx_url + "/_emulator/databricks/hold",
             {"match": f"INSERT INTO {target}.orders", "polls": -1, "count": 1})
        cancelled_before = len(request(dbx_url + "/_emulator/databricks/state")["cancelled"])
        log_before = len(request(dbx_url + "/_emulator/requests"))
        proc = subprocess.Popen([ROCKY, "run", "-o", "json"], cwd=work, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while time.time() < deadline and not any(
                f"INSERT INTO {target}.orders" in r.get("body", "")
                for r in request(dbx_url + "/_emulator/requests")[log_before:]):
            time.sleep(0.05)
        time.sleep(0.3)  # past the submit: the statement is RUNNING on the warehouse
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        outputs.append(out + err)
        check(proc.returncode == 1 and "interrupted by shutdown signal" in err,
              f"SIGINT: exit {proc.returncode}: {err[-400:]}")
        check(len(request(dbx_url + "/_emulator/databricks/state")["cancelled"]) == cancelled_before + 1,
              "the running statement was cancelled on the warehouse")
        request(dbx_url + "/_emulator/databricks/hold", method="DELETE")
        p = run("run", "-o", "json")
        check(p.returncode == 0, f"run after SIGINT exit {p.returncode}: {p.stderr[-500:]}")
        check(sql(f"SELECT COUNT(*), COUNT(DISTINCT id) FROM {target}.orders") == [["21", "21"]],
              "after the interrupted run, the next one copies the new orders exactly once")

        # Models on Databricks: bare references, incremental, merge and a materialized view.
        files = {
            "stg_orders.sql": "SELECT id, amount, _fivetran_synced AS synced_at, id % 3 AS customer_id\n"
                              f"FROM {target}.orders",
            "stg_orders.toml": '[strategy]\ntype = "incremental"\ntimestamp_column = "synced_at"\n',
            "customer_totals.sql": "SELECT customer_id, SUM(amount) AS total, COUNT(*) AS orders\n"
                                   "FROM stg_orders GROUP BY customer_id",
            "customer_totals.toml": '[strategy]\ntype = "merge"\nunique_key = ["customer_id"]\n',
            "revenue.sql": "SELECT SUM(total) AS revenue, SUM(orders) AS orders FROM customer_totals",
            "revenue.toml": '[strategy]\ntype = "materialized_view"\n',
            "_defaults.toml": '[target]\ncatalog = "acme_warehouse"\nschema = "analytics"\n',
        }
        write_models(work, files, "dbx")

        def model_rows(out):
            return {m["asset_key"][-1]: (m["metadata"]["strategy"], m.get("rows_copied"))
                    for m in out.get("materializations", [])}

        p = run("-c", "models.toml", "run", "-o", "json")
        check(p.returncode == 0, f"models run exit {p.returncode}: {p.stderr[-800:]}")
        built = model_rows(json.loads(p.stdout or "{}"))
        check(built.get("stg_orders") == ("full_refresh", 21) and
              built.get("customer_totals") == ("full_refresh", 3) and
              built.get("revenue", ("",))[0] == "materialized_view", f"models first run: {built}")
        sql(f"INSERT INTO {target}.orders SELECT i, 2.0, TIMESTAMP '2026-12-05 00:00:00', 'rocky' "
            "FROM range(500, 503) t(i)")
        p = run("-c", "models.toml", "run", "-o", "json")
        check(p.returncode == 0, f"models second run exit {p.returncode}: {p.stderr[-800:]}")
        built = model_rows(json.loads(p.stdout or "{}"))
        check(built.get("stg_orders") == ("incremental", 3) and
              built.get("customer_totals", ("",))[0] == "merge", f"models second run: {built}")
        expect = sql(f"SELECT COUNT(*), SUM(amount) FROM {target}.orders")
        check(sql("SELECT COUNT(*), SUM(amount) FROM acme_warehouse.analytics.stg_orders") == expect,
              "stg_orders holds every order once")
        check(sql("SELECT SUM(orders), SUM(total) FROM acme_warehouse.analytics.customer_totals")
              == expect and sql("SELECT COUNT(*) FROM acme_warehouse.analytics.customer_totals")
              == [["3"]], "customer_totals merged, one row per customer")
        check(sql("SELECT orders, revenue FROM acme_warehouse.analytics.revenue") == expect,
              "the materialized view reads the merged totals")
        executed = request(dbx_url + "/_emulator/databricks/state")["executed"]
        check(any("CREATE OR REPLACE MATERIALIZED VIEW acme_warehouse.analytics.revenue" in s
                  for s in executed), "revenue is created as a materialized view")
        check(any("MERGE INTO acme_warehouse.analytics.customer_totals" in s for s in executed),
              "customer_totals is merged")

        p = run("doctor", "--check", "auth", "-o", "json")
        check("personal access token from rocky.toml" in p.stdout, f"doctor: {p.stdout[-600:]}")
        check("API key from rocky.toml" in p.stdout, f"doctor fivetran: {p.stdout[-600:]}")

        # OAuth M2M against a second warehouse whose tokens live 2 s: refreshed during the run.
        oauth, oauth_url = start_emulator("databricks", "--client-id", "sp-rocky",
                                          "--client-secret", CLIENT_SECRET, "--expires-in", "2")
        try:
            basic = base64.b64encode(f"sp-rocky:{CLIENT_SECRET}".encode()).decode()
            token = json.loads(urllib.request.urlopen(urllib.request.Request(
                oauth_url + "/oidc/v1/token", data=b"grant_type=client_credentials&scope=all-apis",
                headers={"Authorization": "Basic " + basic})).read())["access_token"]
            for st in ["CREATE CATALOG IF NOT EXISTS fivetran",
                       "CREATE SCHEMA IF NOT EXISTS fivetran.src__acme__us_west__shopify",
                       "CREATE TABLE fivetran.src__acme__us_west__shopify.orders AS SELECT 1 AS id, "
                       "TIMESTAMP '2026-12-01 00:00:00' AS _fivetran_synced",
                       "CREATE TABLE fivetran.src__acme__us_west__shopify.customers AS SELECT 1 AS "
                       "id, TIMESTAMP '2026-12-01 00:00:00' AS _fivetran_synced"]:
                databricks_sql(oauth_url, token, st)
            config = open(os.path.join(work, "rocky.toml")).read()
            config = config.replace(dbx_url, oauth_url).replace(
                f'token = "{TOKEN}"', f'client_id = "sp-rocky"\nclient_secret = "{CLIENT_SECRET}"')
            write_file(work, "oauth.toml", config)
            p = run("-c", "oauth.toml", "run", "-o", "json", verbose=True)
            check(p.returncode == 0, f"OAuth run exit {p.returncode}: {p.stderr[-800:]}")
            issued = [r for r in request(oauth_url + "/_emulator/requests") if r["target"] == "/oidc/v1/token"]
            # One for the seeding above, then Rocky's: more than one, as each lives 2 s.
            check(len(issued) >= 3, f"OAuth tokens refreshed during the run: {len(issued)} issued")

            # A 401 on a stale token: one refresh and the request is retried.
            request(oauth_url + "/_emulator/requests", method="DELETE")
            request(oauth_url + "/_emulator/faults",
                 {"match": "POST /api/2.0/sql/statements$", "body_match": "information_schema",
                  "status": 401, "count": 1})
            p = run("-c", "oauth.toml", "run", "-o", "json", "--full-refresh")
            check(p.returncode == 0, f"run after a 401 exit {p.returncode}: {p.stderr[-800:]}")
            log = request(oauth_url + "/_emulator/requests")
            first_401 = next((i for i, r in enumerate(log) if r["status"] == 401), None)
            check(first_401 is not None and log[first_401 + 1]["target"] == "/oidc/v1/token"
                  and log[first_401 + 2]["target"] == log[first_401]["target"],
                  "a 401 is followed by one token request and the same call again")
            # A 401 that persists: refreshed once per call, then the table fails; no loop.
            request(oauth_url + "/_emulator/requests", method="DELETE")
            request(oauth_url + "/_emulator/faults",
                 {"match": "POST /api/2.0/sql/statements$", "body_match": "CREATE OR REPLACE TABLE",
                  "status": 401, "count": -1})
            p = run("-c", "oauth.toml", "run", "-o", "json", "--full-refresh")
            request(oauth_url + "/_emulator/faults", method="DELETE")
            check(p.returncode != 0, "a persistent 401 fails the run")
            out = json.loads(p.stdout or "{}")
            check(out.get("tables_failed") == 2, f"both tables fail on a persistent 401: {out.get('tables_failed')}")
            log = request(oauth_url + "/_emulator/requests")
            rejected = len([r for r in log if r["status"] == 401])
            # Each attempt: the call, one refresh, the call again; then the table's retries.
            check(0 < rejected <= 16 and rejected % 2 == 0,
                  f"a persistent 401 is bounded: {rejected} rejected calls")
            errors = " ".join(e.get("error", "") for e in out.get("errors", []))
            check("401" in errors and "credential" in errors.lower(),
                  f"the 401 error names the credential: {errors[:300]}")
        finally:
            stop(oauth)

        for text in outputs:
            for secret in (TOKEN, FT_SECRET, CLIENT_SECRET):
                check(secret not in text, f"a secret appears in the output: {secret[:8]}…")
    finally:
        stop(dbx, ft)
    return finish("databricks_fivetran")


if __name__ == "__main__":
    sys.exit(main())
