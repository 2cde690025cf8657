"""`rocky optimize`, `compact` (with `--measure-dedup`), `archive`, `profile-storage` and
`estimate` on real projects (issue 20).

The playground, extended so the optimizer's rules can fire: stg_orders becomes a view read by
three models, orders_synced is a full_refresh model with a Timestamp column and orders_inc an
incremental one. Before any run, optimize says there is no history. After five `rocky run --all`
the run units' durations are set in the state store (SQLite) so that rules (a) and (c) apply,
with the spec's savings arithmetic (mean hours x runs in 30 days x DBU/h x cost per DBU x
fraction) for the default and a configured warehouse size; rule (b) fires once orders_inc's
recorded rows reach half its latest row count; min_history_runs above the run count analyzes
nothing; --model filters by substring. The storage commands print DuckDB SQL that `rocky shell`
then runs without error; bad ages and sizes are usage errors (exit 2). estimate gives one EXPLAIN
per model. --measure-dedup hashes the day partitions of a time_interval model's table holding
known duplicates and reports their counts. On Databricks and Snowflake configurations the same
commands print those dialects' statements without connecting, and estimate explains through
their adapters on the emulators. Every JSON output validates against its exported schema."""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

from e2e_support import (BUILD, check, databricks_sql, finish, playground, rocky, snowflake_sql,
                          start_emulator, stop, write_file)

SCHEMA_CHECK = os.path.join(BUILD, "tests", "json_schema_check")


def run_json(project, schemas, *args, exit_code=0):
    """rocky ARGS -o json in `project`: the parsed document, checked against its exported schema
    (the completed process when `exit_code` is not 0). Another exit code ends the test."""
    done = rocky(project, *args, "-o", "json")
    if done.returncode != exit_code:
        # What follows reads this output: stop here.
        check(False, f"rocky {' '.join(args)}: exit {done.returncode}, expected {exit_code}: "
                     f"{done.stderr}")
        sys.exit(finish("cost_commands"))
    if exit_code != 0:
        return done
    doc = json.loads(done.stdout)
    name = doc["command"]
    if name == "compact" and "engine" in doc:
        name = "compact_dedup"
    schema = os.path.join(schemas, name + ".schema.json")
    valid = subprocess.run([SCHEMA_CHECK, schema], input=done.stdout, capture_output=True,
                           text=True)
    check(valid.returncode == 0, f"rocky {' '.join(args)}: not valid for {schema}: {valid.stdout}")
    return doc


def shell_ok(project, sql, what):
    """Runs `sql` through `rocky shell` (piped): no error on stderr."""
    done = subprocess.run([os.path.join(BUILD, "rocky"), "shell"], cwd=project, input=sql + "\n",
                          capture_output=True, text=True, timeout=120)
    check(done.returncode == 0 and "rror" not in done.stderr,
          f"{what} does not run on DuckDB: {done.stderr}")
    return done


def extend_playground(project):
    models = os.path.join(project, "models")
    toml = open(os.path.join(models, "stg_orders.toml")).read()
    write_file(models, "stg_orders.toml", toml.replace('type = "full_refresh"', 'type = "view"'))
    write_file(models, "orders_by_status.sql",
               "SELECT status, count(*) AS orders FROM stg_orders GROUP BY status\n")
    write_file(models, "orders_by_day.sql",
               "SELECT order_date, count(*) AS orders FROM stg_orders GROUP BY order_date\n")
    write_file(models, "orders_synced.sql",
               "SELECT order_id, _fivetran_synced AS synced_at "
               "FROM playground.staging__orders.orders\n")
    write_file(models, "orders_inc.sql",
               "SELECT order_id, _fivetran_synced AS synced_at "
               "FROM playground.staging__orders.orders\n")
    write_file(models, "orders_inc.toml",
               '[strategy]\ntype = "incremental"\ntimestamp_column = "synced_at"\n')


def savings(seconds, runs, dbu, fraction, cost_per_dbu=0.40):
    return round(seconds / 3600 * runs * dbu * cost_per_dbu * fraction, 2)


def check_optimize(project, schemas):
    doc = run_json(project, schemas, "optimize")
    check(doc["recommendations"] == [] and doc["total_models_analyzed"] == 0 and
          doc.get("message") == "no run history available", f"optimize without history: {doc}")

    for i in range(5):
        done = rocky(project, "run", "--all", "-o", "json")
        check(done.returncode == 0, f"run {i + 1}: {done.stderr[-2000:]}")
    db = sqlite3.connect(os.path.join(project, ".rocky", "state.db"))
    runs = db.execute("SELECT count(*) FROM run_units WHERE unit_name = 'orders_synced'").fetchone()[0]
    check(runs == 5, f"orders_synced has {runs} recorded executions, expected 5")
    # orders_inc loaded its 500 rows once, then nothing new: 100 rows a run on average, 20 % of
    # its latest row count, so rule (b) does not apply yet.
    rows = [r[0] for r in db.execute("SELECT rows_affected FROM run_units WHERE unit_name = "
                                      "'orders_inc' ORDER BY started_at")]
    latest = db.execute("SELECT row_count FROM quality_history WHERE model_name = 'orders_inc' "
                        "ORDER BY timestamp DESC LIMIT 1").fetchone()
    check(rows == [500, 0, 0, 0, 0] and latest == (500,), f"orders_inc history: {rows}, {latest}")
    with db:
        db.execute("UPDATE run_units SET duration_ms = 90000 WHERE unit_name = 'orders_synced'")
        db.execute("UPDATE run_units SET duration_ms = 45000 WHERE unit_name = 'stg_orders'")
    db.close()

    doc = run_json(project, schemas, "optimize")
    models = len([f for f in os.listdir(os.path.join(project, "models")) if f.endswith((".sql", ".rocky"))])
    check(doc["total_models_analyzed"] == models, f"optimize analyzed {doc['total_models_analyzed']}, expected {models}")
    got = [(r["model_name"], r["current_strategy"], r["recommended_strategy"],
            r["estimated_monthly_savings"]) for r in doc["recommendations"]]
    want = [("orders_synced", "full_refresh", "incremental", savings(90, 5, 24, 0.7)),
            ("stg_orders", "view", "full_refresh", savings(45, 5, 24, 0.5))]
    check(got == want, f"optimize recommendations {got}, expected {want}")
    check("message" not in doc, f"optimize with history has a message: {doc}")

    # Every run of orders_inc rewriting 300 of its 500 rows: rule (b), no saving.
    db = sqlite3.connect(os.path.join(project, ".rocky", "state.db"))
    with db:
        db.execute("UPDATE run_units SET rows_affected = 300 WHERE unit_name = 'orders_inc'")
    db.close()
    doc = run_json(project, schemas, "optimize", "--model", "orders_")
    got = [(r["model_name"], r["current_strategy"], r["recommended_strategy"],
            r["estimated_monthly_savings"]) for r in doc["recommendations"]]
    check(got == [("orders_synced", "full_refresh", "incremental", savings(90, 5, 24, 0.7)),
                  ("orders_inc", "incremental", "full_refresh", 0)] and
          doc["total_models_analyzed"] == 4, f"optimize --model orders_ with rule (b): {doc}")

    doc = run_json(project, schemas, "optimize", "--model", "synced")
    got = [r["model_name"] for r in doc["recommendations"]]
    check(got == ["orders_synced"] and doc["total_models_analyzed"] == 1,
          f"optimize --model synced: {doc}")

    config = os.path.join(project, "rocky.toml")
    base = open(config).read()
    write_file(project, "rocky.toml", base + '\n[cost]\nwarehouse_size = "Large"\ncompute_cost_per_dbu = 0.55\n')
    doc = run_json(project, schemas, "optimize")
    got = [r["estimated_monthly_savings"] for r in doc["recommendations"]]
    want = [savings(90, 5, 40, 0.7, 0.55), savings(45, 5, 40, 0.5, 0.55), 0]
    check(got == want, f"optimize on Large: savings {got}, expected {want}")

    write_file(project, "rocky.toml", base + "\n[cost]\nmin_history_runs = 6\n")
    doc = run_json(project, schemas, "optimize")
    check(doc["recommendations"] == [] and doc["total_models_analyzed"] == 0 and "message" not in doc,
          f"optimize with min_history_runs 6: {doc}")
    write_file(project, "rocky.toml", base)


def check_storage(project, schemas):
    doc = run_json(project, schemas, "compact", "customer_tiers", "--dry-run")
    check(doc["model"] == "customer_tiers" and doc["dry_run"] is True and
          doc["target_size_mb"] == 256 and
          doc["statements"] == [{"purpose": "checkpoint", "sql": "CHECKPOINT"}],
          f"compact: {doc}")
    doc = run_json(project, schemas, "compact", "playground.silver.customer_orders",
                   "--target-size", "1GB")
    check(doc["dry_run"] is False and doc["target_size_mb"] == 1024, f"compact 1GB: {doc}")
    done = run_json(project, schemas, "compact", "customer_tiers", "--target-size", "big",
                    exit_code=2)
    check("invalid --target-size 'big'" in done.stderr, f"compact bad size: {done.stderr}")

    doc = run_json(project, schemas, "archive", "--older-than", "6m", "--model", "orders_synced",
                   "--column", "synced_at", "--dry-run")
    want = [{"purpose": "delete", "sql": "DELETE FROM playground.silver.orders_synced WHERE "
             "synced_at < CURRENT_TIMESTAMP - INTERVAL 180 DAY"}]
    check(doc.get("model") == "orders_synced" and doc["older_than"] == "6m" and
          doc["older_than_days"] == 180 and doc["dry_run"] is True and doc["statements"] == want,
          f"archive: {doc}")
    shell_ok(project, doc["statements"][0]["sql"] + ";", "the archive DELETE")
    for age, days in (("90d", 90), ("1y", 365), ("45", 45)):
        doc = run_json(project, schemas, "archive", "--older-than", age, "--column", "synced_at")
        check(doc["older_than_days"] == days and "model" not in doc, f"archive {age}: {doc}")
        # Every model whose target is a table (stg_orders is a view).
        targets = sorted(s["sql"].split()[2] for s in doc["statements"])
        check(targets == ["playground.gold.customer_tiers", "playground.silver.customer_orders",
                          "playground.silver.orders_by_day", "playground.silver.orders_by_status",
                          "playground.silver.orders_inc", "playground.silver.orders_synced"],
              f"archive {age} targets: {targets}")
    for bad in ("90x", "0", "-1", "1.5y"):
        done = run_json(project, schemas, "archive", "--older-than", bad, exit_code=2)
        check(f"invalid --older-than '{bad}'" in done.stderr, f"archive {bad}: {done.stderr}")

    doc = run_json(project, schemas, "profile-storage", "customer_tiers")
    got = [(r["column"], r["data_type"], r["recommended_encoding"], r["estimated_cardinality"])
           for r in doc["recommendations"]]
    want = [("customer_id", "Int64", "delta", "high"), ("order_count", "Int64", "delta", "high"),
            ("total_amount", "Decimal(38,2)", "plain", "unknown"), ("tier", "String", "plain", "high")]
    check([g[0] for g in got] == [w[0] for w in want] and
          [g[2:] for g in got] == [w[2:] for w in want], f"profile-storage: {got}")
    check(doc["profile_sql"] == "SELECT COUNT(*) AS row_count, "
          "APPROX_COUNT_DISTINCT(customer_id) AS customer_id_distinct, "
          "APPROX_COUNT_DISTINCT(order_count) AS order_count_distinct, "
          "APPROX_COUNT_DISTINCT(total_amount) AS total_amount_distinct, "
          "APPROX_COUNT_DISTINCT(tier) AS tier_distinct FROM playground.gold.customer_tiers",
          f"profile_sql: {doc['profile_sql']}")
    shell_ok(project, doc["profile_sql"] + ";", "the profile query")
    doc = run_json(project, schemas, "profile-storage", "stg_orders")
    statuses = [r for r in doc["recommendations"] if r["column"] == "status"]
    check(statuses and statuses[0]["recommended_encoding"] == "plain", f"profile stg_orders: {doc}")
    done = run_json(project, schemas, "profile-storage", "nothing", exit_code=1)
    check("'nothing' is neither a model nor a table name" in done.stderr, done.stderr)


def check_estimate(project, schemas):
    doc = run_json(project, schemas, "estimate")
    names = sorted(e["model_name"] for e in doc["estimates"])
    check(doc["total_models"] == 7 and names == sorted(
        ["stg_orders", "customer_orders", "customer_tiers", "orders_by_status", "orders_by_day",
         "orders_synced", "orders_inc"]), f"estimate models: {names}")
    for e in doc["estimates"]:
        check(e["raw_explain"].strip() != "", f"estimate {e['model_name']}: empty raw_explain")
        check(isinstance(e.get("estimated_rows"), int),
              f"estimate {e['model_name']}: no estimated_rows in {e['raw_explain'][:400]}")
    synced = next(e for e in doc["estimates"] if e["model_name"] == "orders_synced")
    check(synced.get("estimated_rows") == 500, f"orders_synced estimate: {synced}")
    doc = run_json(project, schemas, "estimate", "--model", "customer_tiers")
    check(doc["total_models"] == 1, f"estimate --model: {doc}")
    done = run_json(project, schemas, "estimate", "--model", "nope", exit_code=1)
    check("model 'nope' not found" in done.stderr, done.stderr)


DEDUP_ROWS = [
    # day, user, action, loaded_at: day 2 repeats day 1 exactly, day 3 repeats it loaded later,
    # day 5 repeats day 4.
    ("2026-01-01", 1, "click", "2026-01-06 00:00:00"), ("2026-01-01", 2, "view", "2026-01-06 00:00:00"),
    ("2026-01-02", 1, "click", "2026-01-06 00:00:00"), ("2026-01-02", 2, "view", "2026-01-06 00:00:00"),
    ("2026-01-03", 1, "click", "2026-01-07 00:00:00"), ("2026-01-03", 2, "view", "2026-01-07 00:00:00"),
    ("2026-01-04", 3, "buy", "2026-01-06 00:00:00"), ("2026-01-04", 4, "view", "2026-01-06 00:00:00"),
    ("2026-01-05", 3, "buy", "2026-01-06 00:00:00"), ("2026-01-05", 4, "view", "2026-01-06 00:00:00"),
]


def check_dedup(parent, schemas):
    project = os.path.join(parent, "dedup")
    os.makedirs(os.path.join(project, "models"))
    write_file(project, "rocky.toml", '[adapter]\ntype = "duckdb"\npath = "dedup.duckdb"\n')
    write_file(os.path.join(project, "models"), "events_daily.sql",
               "SELECT event_date, user_id, action, loaded_at FROM main.events "
               "WHERE event_date >= @start_date AND event_date < @end_date\n")
    write_file(os.path.join(project, "models"), "events_daily.toml",
               '[target]\ncatalog = "dedup"\nschema = "main"\ntable = "events_daily"\n\n'
               '[strategy]\ntype = "time_interval"\ntime_column = "event_date"\ngranularity = "day"\n')
    values = ", ".join(f"(TIMESTAMP '{d} 00:00:00', {u}, '{a}', TIMESTAMP '{l}')"
                       for d, u, a, l in DEDUP_ROWS)
    shell_ok(project, "CREATE TABLE main.events_daily AS SELECT * FROM (VALUES " + values +
             ") AS t(event_date, user_id, action, loaded_at);", "the dedup table")

    doc = run_json(project, schemas, "compact", "events_daily", "--measure-dedup",
                   "--exclude-columns", "event_date, loaded_at")
    check(doc["engine"] == "duckdb" and doc["project"] == "dedup" and doc["tables_scanned"] == 1 and
          doc["partitions_scanned"] == 5 and doc["excluded_columns"] == ["event_date", "loaded_at"],
          f"measure-dedup: {doc}")
    check(doc["raw"] == {"total_rows": 10, "unique_partitions": 5, "duplicate_partitions": 0,
                         "dedup_ratio": 1, "estimated_savings_pct": 0}, f"raw: {doc['raw']}")
    check(doc["semantic"] == {"total_rows": 10, "unique_partitions": 2, "duplicate_partitions": 3,
                              "dedup_ratio": 2.5, "estimated_savings_pct": 60},
          f"semantic: {doc['semantic']}")
    pairs = [(p["first"], p["second"], p["rows"]) for p in doc["top_dedup_pairs"]]
    check(pairs == [("dedup.main.events_daily/2026-01-01",
                     "dedup.main.events_daily/2026-01-02", 2),
                    ("dedup.main.events_daily/2026-01-01",
                     "dedup.main.events_daily/2026-01-03", 2),
                    ("dedup.main.events_daily/2026-01-04",
                     "dedup.main.events_daily/2026-01-05", 2)], f"pairs: {pairs}")
    check(doc["per_table"] == [{"table": "dedup.main.events_daily", "partitions": 5, "rows": 10,
                                "raw_duplicate_partitions": 0, "semantic_duplicate_partitions": 3}],
          f"per_table: {doc['per_table']}")
    check("calibration" not in doc, f"calibration without --calibrate-bytes: {doc}")
    # Sizes: days 1-3 hold rows of one length B, days 4-5 ('buy' for 'click') of B - 2.
    doc = run_json(project, schemas, "compact", "events_daily", "--measure-dedup",
                   "--exclude-columns", "event_date,loaded_at", "--calibrate-bytes")
    c = doc.get("calibration", {})
    b = (c.get("total_bytes", 0) + 4) / 5
    check(c.get("method") == "row_text_bytes" and b > 0 and c["total_bytes"] == 5 * b - 4 and
          c["raw_duplicate_bytes"] == 0 and c["semantic_duplicate_bytes"] == 3 * b - 2 and
          c["bytes_per_row"] == round(c["total_bytes"] / 10, 2), f"calibration: {c}")
    # Only loaded_at excluded: no partition repeats another (event_date differs).
    doc = run_json(project, schemas, "compact", "events_daily", "--measure-dedup",
                   "--exclude-columns", "loaded_at")
    check(doc["semantic"]["duplicate_partitions"] == 0, f"semantic with event_date: {doc['semantic']}")
    # A table named as written is one partition.
    doc = run_json(project, schemas, "compact", "main.events_daily", "--measure-dedup")
    check(doc["partitions_scanned"] == 1 and doc["raw"]["total_rows"] == 10 and
          doc["excluded_columns"] == [], f"whole-table measure: {doc}")
    done = run_json(project, schemas, "compact", "events_daily", "--exclude-columns", "a",
                    exit_code=2)
    check("need --measure-dedup" in done.stderr, done.stderr)


def check_other_dialects(parent, schemas):
    """The storage commands on Databricks and Snowflake configurations: SQL only, no connection."""
    dbx = os.path.join(parent, "dbx")
    os.makedirs(dbx)
    write_file(dbx, "rocky.toml", '[adapter]\ntype = "databricks"\nhost = "dbc.example.com"\n'
               'http_path = "/sql/1.0/warehouses/w1"\ntoken = "t"\n')
    doc = run_json(dbx, schemas, "compact", "main.sales.orders")
    check(doc["statements"] == [{"purpose": "optimize", "sql": "OPTIMIZE main.sales.orders"},
                                {"purpose": "vacuum",
                                 "sql": "VACUUM main.sales.orders RETAIN 168 HOURS"}] and
          "note" not in doc, f"databricks compact: {doc}")
    doc = run_json(dbx, schemas, "archive", "--older-than", "1y", "--model", "main.sales.orders")
    check(doc["statements"] == [
        {"purpose": "delete", "sql": "DELETE FROM main.sales.orders WHERE _fivetran_synced < "
                                     "DATEADD(DAY, -365, CURRENT_TIMESTAMP())"},
        {"purpose": "vacuum", "sql": "VACUUM main.sales.orders RETAIN 0 HOURS"}],
          f"databricks archive: {doc}")
    done = run_json(dbx, schemas, "compact", "main.sales.orders", "--measure-dedup", exit_code=1)
    check("not supported on databricks" in done.stderr, f"databricks measure-dedup: {done.stderr}")

    sf = os.path.join(parent, "sf")
    os.makedirs(sf)
    write_file(sf, "rocky.toml", '[adapter]\ntype = "snowflake"\naccount = "acme"\n'
               'warehouse = "WH"\nusername = "u"\ntoken = "t"\n')
    doc = run_json(sf, schemas, "compact", "ANALYTICS.MARTS.ORDERS", "--dry-run")
    check(doc["statements"] == [] and "Snowflake" in doc.get("note", "") and doc["dry_run"] is True,
          f"snowflake compact: {doc}")
    doc = run_json(sf, schemas, "archive", "--older-than", "30", "--model", "ANALYTICS.MARTS.ORDERS")
    check(doc["statements"] == [
        {"purpose": "delete", "sql": "DELETE FROM ANALYTICS.MARTS.ORDERS WHERE _fivetran_synced < "
                                     "DATEADD(DAY, -30, CURRENT_TIMESTAMP())"}],
          f"snowflake archive: {doc}")
    done = run_json(sf, schemas, "compact", "ANALYTICS.MARTS.bad-name", exit_code=1)
    check("invalid SQL identifier 'bad-name'" in done.stderr, f"snowflake bad name: {done.stderr}")


def check_estimate_on_emulators(parent, schemas):
    """estimate through the Databricks and Snowflake adapters, on their emulators (which plan on
    DuckDB): one estimate per model with the plan text, and the rows the plan states."""
    dbx, dbx_url = start_emulator("databricks", "--token", "dapi-cost")
    sf, sf_url = start_emulator("snowflake", "--token", "sf-cost")
    try:
        for statement in ["CREATE CATALOG IF NOT EXISTS shop", "CREATE SCHEMA IF NOT EXISTS shop.raw",
                          "CREATE TABLE shop.raw.orders AS SELECT i AS id, i * 2 AS amount "
                          "FROM range(1, 41) t(i)"]:
            databricks_sql(dbx_url, "dapi-cost", statement)
        for statement in ["CREATE DATABASE IF NOT EXISTS SHOP", "CREATE SCHEMA IF NOT EXISTS SHOP.RAW",
                          "CREATE TABLE SHOP.RAW.ORDERS (ID INTEGER, AMOUNT INTEGER)",
                          "INSERT INTO SHOP.RAW.ORDERS VALUES (1, 2), (2, 4), (3, 60)"]:
            snowflake_sql(sf_url, "sf-cost", statement)
        configs = {
            "dbx": (f'[adapter]\ntype = "databricks"\nhost = "{dbx_url}"\n'
                    'http_path = "/sql/1.0/warehouses/emulator-warehouse"\ntoken = "dapi-cost"\n',
                    "SELECT id, amount FROM shop.raw.orders WHERE amount > 10\n", "shop"),
            "sfe": (f'[adapter]\ntype = "snowflake"\naccount = "xy12345"\nwarehouse = "WH"\n'
                    f'oauth_token = "sf-cost"\nbase_url = "{sf_url}"\n',
                    "SELECT ID, AMOUNT FROM SHOP.RAW.ORDERS WHERE AMOUNT > 10\n", "SHOP"),
        }
        for name, (config, sql, catalog) in configs.items():
            work = os.path.join(parent, name)
            os.makedirs(os.path.join(work, "models"))
            write_file(work, "rocky.toml", config)
            write_file(os.path.join(work, "models"), "big_orders.sql", sql)
            write_file(os.path.join(work, "models"), "big_orders.toml",
                       f'[target]\ncatalog = "{catalog}"\nschema = "marts"\n')
            doc = run_json(work, schemas, "estimate")
            check(doc["total_models"] == 1 and doc["estimates"][0]["model_name"] == "big_orders" and
                  "SEQ_SCAN" in doc["estimates"][0]["raw_explain"] and
                  isinstance(doc["estimates"][0].get("estimated_rows"), int),
                  f"estimate on the {name} emulator: {doc}")
    finally:
        stop(dbx, sf)


def main():
    with tempfile.TemporaryDirectory(prefix="rocky-cost-") as tmp:
        schemas = os.path.join(tmp, "schemas")
        done = rocky(tmp, "export-schemas", schemas, "-o", "json")
        if done.returncode != 0:
            sys.exit(f"export-schemas failed: {done.stderr}")
        project, _ = playground(tmp)
        extend_playground(project)
        check_optimize(project, schemas)
        check_storage(project, schemas)
        check_estimate(project, schemas)
        check_dedup(tmp, schemas)
        check_other_dialects(tmp, schemas)
        check_estimate_on_emulators(tmp, schemas)
    return finish("cost_commands")


if __name__ == "__main__":
    sys.exit(main())
