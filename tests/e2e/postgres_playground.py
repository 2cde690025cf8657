#!/usr/bin/env python3
"""The playground project on PostgreSQL through adapters/postgres/rocky-postgres (issue 15),
checked against the same project on DuckDB.

`rocky playground` writes the project and lands data/seed.sql in DuckDB: that copy runs as
generated (the reference). A second copy switches [adapter] to `type = "process"` running the
PostgreSQL adapter on a database named `playground` (the target catalog) of a server started for
the test, where seed_pg.sql below lands the same rows. `rocky run --all` (replication, then the
models) on both; every table has the same row count and the same contents (sums, counts per
tier). Then three orders land in both sources with a later _fivetran_synced: the incremental run
copies exactly those 3 rows into staging__orders.orders on each (rows_copied), none into
customers, and both sides agree again. Port and password come to rocky.toml as ${VAR}s; the
password never appears in Rocky's output.

usage: postgres_playground.py BUILD_DIR
"""
import decimal
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg_server import PgServer  # noqa: E402

BUILD = os.path.abspath(sys.argv[1])
ROCKY = os.path.join(BUILD, "rocky")
DUCKDB_EXEC = os.path.join(BUILD, "tests", "duckdb_exec")
ADAPTER = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                       "adapters", "postgres", "rocky-postgres"))
PASSWORD = "Play-pw-91c2e4"
failures = []

# data/seed.sql of the playground, in PostgreSQL: the same rows (generate_series for DuckDB's
# range, BIGINT ids as there), the sync times relative to now() in UTC.
SEED_PG = """
SET TIME ZONE 'UTC';
CREATE SCHEMA raw__customers;
CREATE SCHEMA raw__orders;
CREATE TABLE raw__customers.customers AS
SELECT
    i AS customer_id,
    'Customer ' || i AS name,
    'customer' || i || '@example.com' AS email,
    CASE i % 3 WHEN 0 THEN 'EU' WHEN 1 THEN 'US' ELSE 'APAC' END AS region,
    date_trunc('second', CAST(now() AS TIMESTAMP)) - (120 - i) * INTERVAL '1 minute'
        AS _fivetran_synced
FROM generate_series(CAST(1 AS BIGINT), 50) AS t(i);
CREATE TABLE raw__orders.orders AS
SELECT
    i AS order_id,
    1 + (i * 7) % 50 AS customer_id,
    CAST(10 + (i * 37) % 490 + ((i * 13) % 100) / 100.0 AS DECIMAL(10, 2)) AS amount,
    CASE i % 4 WHEN 0 THEN 'pending' WHEN 1 THEN 'shipped' WHEN 2 THEN 'delivered'
        ELSE 'returned' END AS status,
    DATE '2026-01-01' + CAST(i % 90 AS INTEGER) AS order_date,
    date_trunc('second', CAST(now() AS TIMESTAMP)) - (600 - i) * INTERVAL '1 minute'
        AS _fivetran_synced
FROM generate_series(CAST(1 AS BIGINT), 500) AS t(i);
"""

# Three new orders (one returned), synced after everything landed so far: the same statement
# runs on both databases.
NEW_ORDERS = """
INSERT INTO raw__orders.orders (order_id, customer_id, amount, status, order_date,
                                _fivetran_synced)
SELECT v.order_id, v.customer_id, CAST(v.amount AS DECIMAL(10, 2)), v.status,
       CAST(v.order_date AS DATE), m.ts + INTERVAL '5 minutes'
FROM (VALUES (501, 7, '123.45', 'shipped', '2026-04-01'),
             (502, 12, '2600.00', 'delivered', '2026-04-02'),
             (503, 7, '10.00', 'returned', '2026-04-03'))
     AS v(order_id, customer_id, amount, status, order_date),
     (SELECT MAX(_fivetran_synced) AS ts FROM raw__orders.orders) AS m
"""

TABLES = ["staging__customers.customers", "staging__orders.orders", "silver.stg_orders",
          "silver.customer_orders", "gold.customer_tiers"]

# Contents compared between the two warehouses, beyond the row counts.
CONTENT = [
    "SELECT COUNT(DISTINCT customer_id), COUNT(DISTINCT region), MIN(email), MAX(name) "
    "FROM staging__customers.customers",
    "SELECT SUM(amount), COUNT(DISTINCT order_id), MIN(order_date), MAX(order_date), "
    "COUNT(*) FILTER (WHERE status = 'returned') FROM staging__orders.orders",
    "SELECT SUM(amount), COUNT(DISTINCT customer_id), MAX(status) FROM silver.stg_orders",
    "SELECT SUM(order_count), SUM(total_amount), MIN(first_order), MAX(last_order) "
    "FROM silver.customer_orders",
    "SELECT tier, COUNT(*), SUM(total_amount), SUM(order_count) FROM gold.customer_tiers "
    "GROUP BY tier ORDER BY tier",
]


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL", what, flush=True)


def cell(text):
    """A value compared by meaning: numbers as decimals (12.5 == 12.50), the rest as text."""
    try:
        return decimal.Decimal(text)
    except decimal.InvalidOperation:
        return text


def rows(text):
    return [[cell(c) for c in line.split("|")] for line in text.strip().splitlines()]


def duck_query(db, sql):
    p = subprocess.run([DUCKDB_EXEC, "-q", db, sql], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError(f"duckdb_exec failed: {p.stderr}\n{sql}")
    return rows(p.stdout)


def rocky_run(project, env):
    p = subprocess.run([ROCKY, "-o", "json", "run", "--all"], cwd=project, env=env,
                       capture_output=True, text=True, timeout=300)
    check(PASSWORD not in p.stdout + p.stderr, f"the password appears in the output ({project})")
    try:
        report = json.loads(p.stdout or "{}")
    except ValueError:
        report = {}
    check(p.returncode == 0 and not report.get("errors"),
          f"rocky run --all in {os.path.basename(project)}: exit {p.returncode}, "
          f"errors {report.get('errors')}: {p.stderr[-800:]}")
    return report


def rows_copied(report):
    return {".".join(m["asset_key"][-2:]): m.get("rows_copied")
            for m in report.get("materializations", [])}


def compare(pg, duck_db, when):
    for table in TABLES:
        want = duck_query(duck_db, f"SELECT COUNT(*) FROM {table}")
        got = rows(pg.psql(f"SELECT COUNT(*) FROM {table}", "playground"))
        check(got == want and want[0][0] > 0,
              f"{when}: {table} has {got} rows on PostgreSQL, {want} on DuckDB")
    for sql in CONTENT:
        want = duck_query(duck_db, sql)
        got = rows(pg.psql(sql, "playground"))
        check(got == want, f"{when}: {sql}\n  PostgreSQL {got}\n  DuckDB     {want}")


def postgres_config(toml):
    """The generated rocky.toml with the PostgreSQL process adapter as [adapter], and schemas
    created on demand (auto_create_schemas defaults to false for a remote target)."""
    duckdb_adapter = '[adapter]\ntype = "duckdb"\npath = "playground.duckdb"\n'
    if duckdb_adapter not in toml or "[pipeline.bronze.checks]" not in toml:
        raise RuntimeError("the playground's rocky.toml changed; update this test")
    toml = toml.replace(duckdb_adapter, f'''[adapter]
type = "process"
command = "{ADAPTER}"
timeout_secs = 120

[adapter.config]
host = "127.0.0.1"
port = "${{ROCKY_PG_PORT}}"
dbname = "playground"
user = "${{ROCKY_PG_USER}}"
password = "${{ROCKY_PG_PASSWORD}}"
''')
    return toml.replace("[pipeline.bronze.checks]", "[pipeline.bronze.target.governance]\n"
                        "auto_create_schemas = true\n\n[pipeline.bronze.checks]")


def main():
    work = tempfile.mkdtemp(prefix="rocky-e2e-pg-")
    try:
        duck = os.path.join(work, "duck")
        p = subprocess.run([ROCKY, "playground", duck], capture_output=True, text=True,
                           timeout=120)
        if p.returncode != 0:
            sys.exit(f"rocky playground failed: {p.stderr}")
        pgdir = os.path.join(work, "pg")
        shutil.copytree(duck, pgdir, ignore=shutil.ignore_patterns("*.duckdb*", ".rocky"))
        with open(os.path.join(pgdir, "rocky.toml")) as f:
            toml = postgres_config(f.read())
        with open(os.path.join(pgdir, "rocky.toml"), "w") as f:
            f.write(toml)
        duck_db = os.path.join(duck, "playground.duckdb")

        with PgServer(password=PASSWORD) as pg:
            pg.psql("CREATE DATABASE playground")
            pg.psql(SEED_PG, "playground")
            env = dict(os.environ, ROCKY_PG_PORT=str(pg.port), ROCKY_PG_USER=pg.user,
                       ROCKY_PG_PASSWORD=PASSWORD)

            duck_first = rocky_run(duck, dict(os.environ))
            pg_first = rocky_run(pgdir, env)
            copied = rows_copied(pg_first)
            check(copied == rows_copied(duck_first) and copied.get("orders.orders") == 500,
                  f"first run copies and builds the same rows: PostgreSQL {copied}, "
                  f"DuckDB {rows_copied(duck_first)}")
            checks = [c for r in pg_first.get("check_results", []) for c in r["checks"]]
            check(len(checks) == 6 and all(c.get("passed") for c in checks),
                  f"row_count, column_match and freshness pass on PostgreSQL: {checks}")
            compare(pg, duck_db, "first run")

            subprocess.run([DUCKDB_EXEC, duck_db, NEW_ORDERS], check=True, timeout=60)
            pg.psql(NEW_ORDERS, "playground")
            duck_second = rocky_run(duck, dict(os.environ))
            pg_second = rocky_run(pgdir, env)
            copied = rows_copied(pg_second)
            check(copied.get("orders.orders") == 3 and copied.get("customers.customers") == 0,
                  f"the incremental run copies exactly the 3 new orders: {copied}")
            check(copied == rows_copied(duck_second),
                  f"second run: PostgreSQL {copied}, DuckDB {rows_copied(duck_second)}")
            strategies = {".".join(m["asset_key"][-2:]): m["metadata"].get("strategy")
                          for m in pg_second.get("materializations", [])}
            check(strategies.get("orders.orders") == "incremental",
                  f"the second copy is incremental: {strategies}")
            final = rows(pg.psql("SELECT COUNT(*), COUNT(DISTINCT order_id), MAX(order_id) "
                                 "FROM staging__orders.orders", "playground"))
            check(final == [[503, 503, 503]], f"503 orders, each once: {final}")
            compare(pg, duck_db, "second run")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("postgres_playground: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
