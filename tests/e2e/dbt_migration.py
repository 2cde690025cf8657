#!/usr/bin/env python3
"""Coming from dbt, as a new user would (issue 20): `rocky import-dbt` on the rocky_shop dbt
fixture (tests/migrate), without and with target/manifest.json. Each time: every model imported
or explained; `rocky compile` clean; `rocky seed` + `rocky run` on DuckDB build every model; each
built table equals the model's SQL hand-translated here and run directly in DuckDB (EXCEPT ALL
both ways, through build/tests/duckdb_exec); the converted schema tests pass under
`rocky test --declarative`, and a broken seed row makes the matching test fail. Then
`rocky validate-migration` (its JSON checked against the exported schema), and `--run` with
`--expect` tables: equal for the good models, a difference once a table is altered.

Usage: dbt_migration.py BUILD_DIR"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import BUILD, check, finish, rocky  # noqa: E402

TESTS = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SHOP = os.path.join(TESTS, "migrate", "rocky_shop")
MANIFEST = os.path.join(TESTS, "migrate", "rocky_shop_manifest.json")
DUCKDB_EXEC = os.path.join(BUILD, "tests", "duckdb_exec")
SCHEMA_CHECK = os.path.join(BUILD, "tests", "json_schema_check")

DBT_MODELS = ["customers", "order_updates", "orders", "stg_customers", "stg_orders",
              "stg_payment_columns", "stg_payment_dollars", "stg_payments"]
FAILING = "stg_payment_columns"  # its macro asks the warehouse for columns (adapter.*)

# Each model hand-translated to plain DuckDB SQL (refs to the hand-built expected.* tables, seeds
# and sources by the names `rocky seed` gives them), in dependency order: (model, built table, SQL).
METHODS = ["credit_card", "coupon", "bank_transfer", "gift_card"]
EXPECTED = [
    ("stg_customers", "staging.stg_customers",
     "SELECT id AS customer_id, first_name, last_name FROM seeds.raw_customers"),
    ("stg_orders", "staging.stg_orders",
     "SELECT id AS order_id, user_id AS customer_id, order_date, status, updated_at "
     "FROM seeds.raw_orders WHERE order_date >= '2018-01-01' "
     "AND status NOT IN ('returned', 'return_pending')"),
    ("stg_payments", "staging.stg_payments",
     "SELECT id AS payment_id, order_id, payment_method, amount / 100.0 AS amount "
     "FROM seeds.raw_payments"),
    ("customers", "marts.customers",
     "WITH co AS (SELECT customer_id, min(order_date) AS first_order, max(order_date) AS "
     "most_recent_order, count(order_id) AS number_of_orders FROM expected.stg_orders "
     "GROUP BY customer_id), "
     "cp AS (SELECT o.customer_id, sum(p.amount) AS total_amount FROM expected.stg_payments p "
     "JOIN expected.stg_orders o ON p.order_id = o.order_id GROUP BY o.customer_id) "
     "SELECT c.customer_id, c.first_name, c.last_name, co.first_order, co.most_recent_order, "
     "coalesce(co.number_of_orders, 0) AS number_of_orders, "
     "coalesce(cp.total_amount, 0) AS customer_lifetime_value FROM expected.stg_customers c "
     "LEFT JOIN co ON c.customer_id = co.customer_id LEFT JOIN cp ON c.customer_id = cp.customer_id"),
    ("orders", "marts.orders",
     "WITH op AS (SELECT order_id, "
     + "".join(f"sum(CASE WHEN payment_method = '{m}' THEN amount ELSE 0 END) AS {m}_amount, "
               for m in METHODS)
     + "sum(amount) AS total_amount FROM expected.stg_payments GROUP BY order_id) "
     "SELECT o.order_id, o.customer_id, o.order_date, o.status, "
     + "".join(f"op.{m}_amount, " for m in METHODS)
     + "op.total_amount AS amount FROM expected.stg_orders o "
     "LEFT JOIN op ON o.order_id = op.order_id"),
    ("order_updates", "marts.order_updates",
     "SELECT order_id, status, updated_at FROM expected.stg_orders"),
]
PAYMENT_DOLLARS = ("stg_payment_dollars", "staging.stg_payment_dollars",
                   "SELECT id AS payment_id, (amount / 100)::numeric(16, 2) AS amount_dollars "
                   "FROM seeds.raw_payments")
EXPECTED.append(PAYMENT_DOLLARS)
# Only the manifest carries this one (dbt expanded its macro against the warehouse).
PAYMENT_COLUMNS = ("stg_payment_columns", "staging.stg_payment_columns",
                   "SELECT order_id, payment_method, amount FROM seeds.raw_payments")


def run_json(work, *args, expect_exit=0):
    """`rocky ARGS -o json` in `work`: the parsed document (None after a failed check)."""
    done = rocky(work, *args, "-o", "json")
    check(done.returncode == expect_exit,
          f"rocky {' '.join(args)}: exit {done.returncode}, expected {expect_exit}: {done.stderr[-2000:]}")
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        check(False, f"rocky {' '.join(args)}: stdout is not JSON: {done.stdout[:500]}")
        return None


def duck(db, sql, query=True):
    """Runs SQL on the DuckDB file through duckdb_exec; the rows (lists of cells) of a query."""
    argv = [DUCKDB_EXEC, "-q", db, sql] if query else [DUCKDB_EXEC, db, sql]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        check(False, f"duckdb_exec {sql[:120]}: {done.stderr}")
        return []
    return [line.split("|") for line in done.stdout.splitlines()]


def schema_valid(doc, schemas, name):
    path = os.path.join(schemas, f"{name}.schema.json")
    done = subprocess.run([SCHEMA_CHECK, path], input=json.dumps(doc), capture_output=True,
                          text=True)
    check(done.returncode == 0, f"{name} output does not match its schema: {done.stdout}{done.stderr}")


def import_project(work, dbt_dir, schemas):
    doc = run_json(work, "import-dbt", "--dbt-project", dbt_dir)
    if doc:
        schema_valid(doc, schemas, "import-dbt")
    return doc


def check_every_model_accounted(doc, label):
    imported = set(doc["imported_models"])
    failed = {f["name"] for f in doc["failed_details"]}
    for m in DBT_MODELS:
        check(m in imported or m in failed, f"{label}: model {m} neither imported nor explained")
    check(doc["imported"] == len(imported) and doc["failed"] == len(failed),
          f"{label}: counts disagree with the lists")
    check(not (imported & failed), f"{label}: a model both imported and failed")


def build_and_compare(work, expected_models, label):
    """compile, seed, run; then every built table against its hand translation."""
    compiled = run_json(work, "compile")
    if compiled:
        check(compiled["has_errors"] is False, f"{label}: compile has errors: {compiled['diagnostics']}")
        check(compiled["models"] == len(expected_models), f"{label}: compile saw {compiled['models']} models")
    seeded = run_json(work, "seed")
    if seeded:
        check(seeded["tables_loaded"] == 3 and seeded["tables_failed"] == 0, f"{label}: seed {seeded}")
    ran = run_json(work, "run")
    if ran:
        check(ran["tables_failed"] == 0 and ran["tables_copied"] == len(expected_models),
              f"{label}: run built {ran['tables_copied']}, failed {ran['tables_failed']}")
    db = os.path.join(work, "warehouse.duckdb")
    duck(db, "CREATE SCHEMA IF NOT EXISTS expected", query=False)
    for model, table, sql in expected_models:
        duck(db, f"CREATE OR REPLACE TABLE expected.{model} AS {sql}", query=False)
    for model, table, _ in expected_models:
        rows = duck(db, f"SELECT (SELECT COUNT(*) FROM {table}), "
                        f"(SELECT COUNT(*) FROM (SELECT * FROM {table} EXCEPT ALL "
                        f"SELECT * FROM expected.{model})), "
                        f"(SELECT COUNT(*) FROM (SELECT * FROM expected.{model} EXCEPT ALL "
                        f"SELECT * FROM {table}))")
        if not rows:
            continue
        count, extra, missing = (int(x) for x in rows[0])
        check(count > 0, f"{label}: {table} is empty")
        check(extra == 0 and missing == 0,
              f"{label}: {table} differs from the hand translation: {extra} extra, {missing} missing")


def declarative(work, label, expect_exit=0):
    doc = run_json(work, "test", "--declarative", expect_exit=expect_exit)
    return doc["declarative"] if doc and "declarative" in doc else None


def check_tests_pass_then_break(work, imported_doc, label):
    result = declarative(work, label)
    if result:
        converted = imported_doc["tests_converted"] + imported_doc["tests_converted_custom"]
        check(result["total"] == converted, f"{label}: {result['total']} declarative tests, {converted} converted")
        check(result["passed"] == result["total"] and result["errored"] == 0,
              f"{label}: declarative tests not all passing: "
              f"{[r for r in result['results'] if r['status'] != 'pass']}")
    # A broken seed row: an order status the accepted_values test of stg_orders does not allow.
    csv = os.path.join(work, "seeds", "raw_orders.csv")
    with open(csv) as f:
        original = f.read()
    with open(csv, "a") as f:
        f.write("21,3,2018-05-01,lost,2018-05-01 10:00:00\n")
    run_json(work, "seed")
    run_json(work, "run")
    broken = declarative(work, label, expect_exit=1)
    if broken:
        failing = [(r["model"], r["test_type"], r.get("column")) for r in broken["results"]
                   if r["status"] == "fail"]
        check(failing == [("stg_orders", "accepted_values", "status")],
              f"{label}: the broken seed row should fail exactly stg_orders accepted_values: {failing}")
    with open(csv, "w") as f:
        f.write(original)
    run_json(work, "seed")
    run_json(work, "run")


def main():
    parent = tempfile.mkdtemp(prefix="rocky-dbt-")
    try:
        schemas = os.path.join(parent, "schemas")
        run_json(parent, "export-schemas", schemas)

        # ---- without a manifest: the raw Jinja -----------------------------------------------
        jinja = os.path.join(parent, "jinja")
        os.makedirs(jinja)
        doc = import_project(jinja, SHOP, schemas)
        if doc:
            check(doc["import_method"] == "jinja", f"import_method {doc['import_method']}")
            check_every_model_accounted(doc, "jinja")
            check([f["name"] for f in doc["failed_details"]] == [FAILING],
                  f"only the adapter macro's model fails: {doc['failed_details']}")
            reason = doc["failed_details"][0]["reason"] if doc["failed_details"] else ""
            check("models/staging/stg_payment_columns.sql:2" in reason
                  and "macros/column_list_except.sql:4" in reason
                  and "adapter.get_columns_in_relation()" in reason,
                  f"the failure names the files, lines and construct: {reason}")
            unsupported = [w for w in doc["warning_details"] if w["category"] == "unsupported_jinja"]
            check(len(unsupported) == 1 and unsupported[0]["model"] == FAILING
                  and "adapter.get_columns_in_relation()" in unsupported[0]["message"]
                  and unsupported[0].get("suggestion"), f"unsupported_jinja warning: {unsupported}")
            with open(os.path.join(jinja, "models", "staging", "stg_payment_dollars.sql")) as f:
                check("(amount / 100)::numeric(16, 2)" in f.read(), "the project macro is expanded")
            check(any(w["category"] == "incremental" and w["model"] == "order_updates"
                      for w in doc["warning_details"]), "the is_incremental() block is reported")
            check(doc["tests_found"] == doc["tests_converted"] + doc["tests_converted_custom"]
                  + doc["tests_skipped"], "tests_found is the sum of its parts")
            check(any(w["category"] == "snapshot" for w in doc["warning_details"])
                  and any(w["model"] == "tests/assert_no_future_orders.sql" for w in doc["warning_details"]),
                  "the snapshot and the singular test are reported")
            check(doc["tests_converted_custom"] == 2 and doc["macros_detected"] == 3,
                  f"custom tests / macros: {doc['tests_converted_custom']} / {doc['macros_detected']}")
            build_and_compare(jinja, EXPECTED, "jinja")
            check_tests_pass_then_break(jinja, doc, "jinja")

        # ---- with target/manifest.json: the compiled SQL --------------------------------------
        dbt_m = os.path.join(parent, "rocky_shop")
        shutil.copytree(SHOP, dbt_m)
        os.makedirs(os.path.join(dbt_m, "target"))
        shutil.copy(MANIFEST, os.path.join(dbt_m, "target", "manifest.json"))
        manifest = os.path.join(parent, "manifest")
        os.makedirs(manifest)
        doc_m = import_project(manifest, dbt_m, schemas)
        if doc_m:
            check(doc_m["import_method"] == "manifest", f"import_method {doc_m['import_method']}")
            check(doc_m.get("dbt_version") == "1.8.7", f"dbt_version {doc_m.get('dbt_version')}")
            check(doc_m["imported_models"] == DBT_MODELS and doc_m["failed"] == 0,
                  f"the manifest imports every model: {doc_m['imported_models']} {doc_m['failed_details']}")
            check([w["model"] for w in doc_m["warning_details"] if w["category"] == "package"]
                  == ["audit.audit_log"], "a package's model is reported, not imported")
            with open(os.path.join(manifest, "models", "staging", "stg_payments.sql")) as f:
                check("warehouse.seeds.raw_payments" in f.read(), "the source stays qualified")
            build_and_compare(manifest, EXPECTED + [PAYMENT_COLUMNS], "manifest")
            check_tests_pass_then_break(manifest, doc_m, "manifest")
        # --no-manifest forces the Jinja path on the same project.
        forced = os.path.join(parent, "forced")
        os.makedirs(forced)
        doc_f = run_json(forced, "import-dbt", "--dbt-project", dbt_m, "--no-manifest")
        if doc_f:
            check(doc_f["import_method"] == "jinja" and doc_f["failed"] == 1, "--no-manifest uses the Jinja")

        # ---- validate-migration ----------------------------------------------------------------
        val = run_json(parent, "validate-migration", "--dbt-project", SHOP, expect_exit=1)
        if val:
            schema_valid(val, schemas, "validate-migration")
            by_model = {v["model"]: v for v in val["validations"]}
            check(sorted(by_model) == DBT_MODELS, f"validations: {sorted(by_model)}")
            check(by_model[FAILING]["present_in_rocky"] is False
                  and by_model[FAILING]["warnings"], "the failed model is explained")
            check(all(by_model[m]["compile_ok"] for m in DBT_MODELS if m != FAILING),
                  "every imported model compiles")
            check(val["models_failed"] == 1 and val["models_imported"] == 7
                  and val["total_contracts"] == 1 and by_model["customers"]["contracts_generated"] == 1,
                  "validate-migration counts")
        val_m = run_json(parent, "validate-migration", "--dbt-project", dbt_m)
        if val_m:
            schema_valid(val_m, schemas, "validate-migration")
            check(val_m["models_failed"] == 0 and val_m["total_tests"] == 17
                  and val_m["total_contracts"] == 1, f"with the manifest: {val_m}")

        # One expectation as a CSV export (what a team exporting dbt's outputs has), the rest as
        # tables in the same DuckDB file.
        db = os.path.join(manifest, "warehouse.duckdb")
        csv_export = os.path.join(parent, "orders_export.csv")
        duck(db, f"COPY (SELECT * FROM expected.orders) TO '{csv_export}' (HEADER)", query=False)
        expects = []
        for model, _, _ in EXPECTED + [PAYMENT_COLUMNS]:
            target = csv_export if model == "orders" else f"expected.{model}"
            expects += ["--expect", f"{model}={target}"]
        equal = run_json(manifest, "validate-migration", "--dbt-project", dbt_m, "--rocky-project", ".",
                         "--run", *expects)
        if equal:
            schema_valid(equal, schemas, "validate-migration")
            comparisons = equal.get("comparisons", [])
            check(len(comparisons) == 8 and all(c["equal"] for c in comparisons),
                  f"--run: every table equal: {comparisons}")
        duck(db, "UPDATE expected.customers SET last_name = 'Changed' WHERE customer_id = 3", query=False)
        different = run_json(manifest, "validate-migration", "--dbt-project", dbt_m, "--rocky-project", ".",
                             "--run", *expects, expect_exit=1)
        if different:
            schema_valid(different, schemas, "validate-migration")
            comparisons = {c["model"]: c for c in different.get("comparisons", [])}
            c = comparisons.get("customers", {})
            check(c.get("equal") is False and c.get("missing_rows") == 1 and c.get("extra_rows") == 1
                  and any("Changed" in s for s in c.get("samples", [])),
                  f"--run reports the altered table: {c}")
            check(all(v["equal"] for k, v in comparisons.items() if k != "customers"),
                  "the other tables stay equal")
    finally:
        shutil.rmtree(parent, ignore_errors=True)
    return finish("dbt_migration")


if __name__ == "__main__":
    sys.exit(main())
