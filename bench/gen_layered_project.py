#!/usr/bin/env python3
"""A second, independently shaped project for the compile benchmarks (issue 13).

`rocky bench generate` builds one project shape; this script builds another, so a memory or speed
gain that only fits the first shape shows. Four layers, by share of the model count (10,000 by
default: 3,000 / 3,000 / 2,500 / 1,500):

  source        30 %  one raw table each (`<system>.<entity>_<n>`, unknown to the compiler), 7–15
                      columns, every value CAST from text, always two or more DECIMAL(p,s) casts
  staging       30 %  one source model each, cleaned (TRIM/UPPER/COALESCE/ROUND, a date bucket);
                      a fifth are `.rocky` files
  intermediate  25 %  joins of 2–3 staging models on account_key: row-level enrichments (with a
                      LEFT JOIN for the third) and per-account aggregates in CTEs
  marts         15 %  an intermediate joined with a staging model: 2–4 window functions
                      (ROW_NUMBER, running SUM, LAG, moving AVG, DENSE_RANK, NTILE), 1–2 CASEs,
                      some wrapped in a subquery that filters on a window column

Every model has a `.toml` sidecar (intent; strategy; `[[sources]]` for sources; some `[[tests]]`
and `[freshness]`). Strategies over all models: exactly 80 % full_refresh, 15 % incremental (with
a timestamp column), 5 % merge (with a one- or two-column unique_key), scattered. Folders nest by
system/domain, each with a `_defaults.toml` (catalog at the root, schema per folder, a default
full_refresh strategy for the intermediate and mart folders, whose full_refresh sidecars leave
[strategy] out). The project is for `rocky compile`: the raw tables need not exist. With
--seed-data it also writes data/seed.sql (six text rows per raw table), so `rocky test` builds
every model in DuckDB (a check that the generated SQL runs, for small N).

Usage: gen_layered_project.py OUT_DIR [--models N] [--seed S] [--seed-data]
Deterministic: the same N and seed give the same files, byte for byte.
"""
import argparse
import json
import os
import random
import sys

SYSTEMS = [  # (system = raw schema, domain, entities)
    ("crm", "sales", ["opportunities", "quotes", "contacts", "deals"]),
    ("erp", "finance", ["invoices", "ledger_lines", "credit_notes", "payouts"]),
    ("wms", "logistics", ["parcels", "pickups", "stock_moves", "carriers"]),
    ("ads", "marketing", ["clicks", "impressions", "audiences", "spend"]),
    ("helpdesk", "support", ["cases", "calls", "chats", "surveys"]),
    ("billing", "subscriptions", ["plans", "usage", "renewals", "coupons"]),
]

# Source columns: (model column, raw column, SQL type, kind). The first five are in every source.
FIXED = [
    ("record_id", "id", "BIGINT", "id"),
    ("account_key", "acct_id", "BIGINT", "key"),
    ("state", "status_txt", "VARCHAR", "state"),
    ("net_amount", "amt_net", "DECIMAL(18,2)", "dec"),
    ("ingested_at", "_loaded_at", "TIMESTAMP", "ts"),
]
POOL = [
    ("gross_amount", "amt_gross", "DECIMAL(18,2)", "dec"),
    ("tax_amount", "amt_tax", "DECIMAL(14,2)", "dec"),
    ("unit_cost", "cost_unit", "DECIMAL(12,4)", "dec"),
    ("fx_rate", "fx", "DECIMAL(10,6)", "dec"),
    ("discount_rate", "disc", "DECIMAL(5,4)", "dec"),
    ("weight_kg", "wt", "DECIMAL(10,3)", "dec"),
    ("margin_pct", "margin", "DECIMAL(7,3)", "dec"),
    ("balance", "bal", "DECIMAL(20,2)", "dec"),
    ("quantity", "qty", "INTEGER", "int"),
    ("line_count", "n_lines", "INTEGER", "int"),
    ("priority", "prio", "SMALLINT", "int"),
    ("duration_sec", "dur_s", "BIGINT", "int"),
    ("score", "score_raw", "DOUBLE", "dbl"),
    ("latitude", "lat", "DOUBLE", "dbl"),
    ("region_code", "region", "VARCHAR", "str"),
    ("channel", "chan", "VARCHAR", "str"),
    ("currency_code", "ccy", "VARCHAR", "str"),
    ("segment", "seg", "VARCHAR", "str"),
    ("external_ref", "ext_ref", "VARCHAR", "str"),
    ("owner_email", "owner", "VARCHAR", "str"),
    ("opened_on", "open_dt", "DATE", "date"),
    ("closed_on", "close_dt", "DATE", "date"),
    ("due_on", "due_dt", "DATE", "date"),
    ("is_deleted", "deleted_flag", "BOOLEAN", "bool"),
    ("is_internal", "internal_flag", "BOOLEAN", "bool"),
    ("product_key", "prod_id", "BIGINT", "fk"),
    ("site_key", "site_id", "BIGINT", "fk"),
]
DECIMAL_POOL = [k for k, c in enumerate(POOL) if c[3] == "dec"]
MEASURES = ("dec", "int", "dbl")


def shares(n):
    """Layer sizes: 30 / 30 / 25 / 15 % of n, at least one each."""
    s = [max(1, (n * p + 50) // 100) for p in (30, 30, 25)]
    while sum(s) + 1 > n:
        s[s.index(max(s))] -= 1
    return s + [n - sum(s)]


def scatter(rng, count, pct):
    """count slots with exactly round(pct % · count) set, shuffled."""
    chosen = (count * pct + 50) // 100
    slots = [True] * chosen + [False] * (count - chosen)
    rng.shuffle(slots)
    return slots


class Model:
    def __init__(self, layer, name, folder):
        self.layer, self.name, self.folder = layer, name, folder
        self.columns = []  # (name, kind) of the output, in order
        self.rocky = False
        self.strategy = "full_refresh"
        self.ts_column = "ingested_at"
        self.unique_key = ["record_id"]
        self.value_column = None  # the main measure downstream models use
        self.body = ""
        self.sidecar_extra = ""
        self.intent = ""

    def kind(self, column):
        for n, k in self.columns:
            if n == column:
                return k
        return None


# ---- sources -------------------------------------------------------------------------------------


# How data/seed.sql fills a raw text column of each kind (i = 1..6).
SEED_FILL = {
    "id": "CAST(i AS VARCHAR)",
    "key": "CAST(1 + i % 3 AS VARCHAR)",
    "state": "CASE i % 4 WHEN 0 THEN 'open' WHEN 1 THEN ' closed ' WHEN 2 THEN 'VOID' "
             "ELSE 'pending' END",
    "dec": "CASE WHEN i % 5 = 0 THEN NULL ELSE CAST(i * 1.25 AS VARCHAR) END",
    "int": "CAST(i * 3 % 7 AS VARCHAR)",
    "dbl": "CAST(i * 1.5 AS VARCHAR)",
    "str": "CASE WHEN i % 4 = 0 THEN '' ELSE ' Value ' || CAST(i % 3 AS VARCHAR) END",
    "date": "CAST(DATE '2024-01-01' + CAST(i AS INTEGER) AS VARCHAR)",
    "ts": "CAST(TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) HOUR AS VARCHAR)",
    "bool": "CAST(i % 2 = 0 AS VARCHAR)",
    "fk": "CAST(100 + i % 4 AS VARCHAR)",
}


def make_source(rng, m, system, raw_table):
    extras = 2 + rng.randrange(9)  # 7–15 columns in all
    picks = set(rng.sample(range(len(POOL)), extras))
    if not picks & set(DECIMAL_POOL):  # always a second DECIMAL cast
        picks.discard(next(iter(sorted(picks))))
        picks.add(rng.choice(DECIMAL_POOL))
    cols = FIXED[:4] + [POOL[k] for k in sorted(picks)] + FIXED[4:]
    lines = []
    for name, raw, sql_type, kind in cols:
        if kind == "dec" and rng.random() < 0.3:
            expr = f"CAST(NULLIF(TRIM({raw}), '') AS {sql_type})"
        elif kind == "str" and rng.random() < 0.5:
            expr = f"NULLIF(TRIM({raw}), '')"
        else:
            expr = f"CAST({raw} AS {sql_type})"
        lines.append(f"    {expr} AS {name}")
        m.columns.append((name, kind))
    m.raw = [(raw, kind) for _, raw, _, kind in cols]
    m.raw_table = f"{system}.{raw_table}"
    where = ["id IS NOT NULL"]
    if rng.random() < 0.4:
        where.append("_loaded_at IS NOT NULL")
    m.body = (f"-- {m.name}: raw {system}.{raw_table} as landed (all text), typed.\n"
              "SELECT\n" + ",\n".join(lines) +
              f"\nFROM {system}.{raw_table}\nWHERE {' AND '.join(where)}\n")
    m.value_column = "net_amount"
    m.intent = f"Typed copy of the {system} table {raw_table}."
    m.sidecar_extra = f'\n[[sources]]\nschema = "{system}"\ntable = "{raw_table}"\n'
    if rng.random() < 0.1:
        m.sidecar_extra += f"\n[freshness]\nmax_lag_seconds = {3600 * (1 + rng.randrange(24))}\n"


# ---- staging -------------------------------------------------------------------------------------


def make_staging(rng, m, src):
    """Columns as (name, kind, sql, rocky-or-None); None = a plain pass-through."""
    items = [("record_id", "id", None, None), ("account_key", "key", None, None),
             ("state_code", "str", "UPPER(TRIM(state))", "upper(trim(state))"),
             ("net_value", "dec", "COALESCE(net_amount, 0)", "coalesce(net_amount, 0)")]
    names = {n for n, _ in src.columns}
    if "gross_amount" in names and "fx_rate" in names:
        items.append(("gross_value_fx", "dec", "ROUND(gross_amount * COALESCE(fx_rate, 1), 2)",
                      "round(gross_amount * coalesce(fx_rate, 1), 2)"))
    for name, kind in src.columns:
        if name in ("record_id", "account_key", "state", "net_amount", "ingested_at"):
            continue
        r = rng.random()
        if kind == "dec" and r < 0.5:
            items.append((f"{name}_r2", "dec", f"ROUND(COALESCE({name}, 0), 2)",
                          f"round(coalesce({name}, 0), 2)"))
        elif kind == "str" and r < 0.6:
            items.append((f"{name}_norm", "str", f"LOWER(TRIM({name}))", f"lower(trim({name}))"))
        elif kind == "date" and r < 0.3:
            items.append((f"{name}_month", "ts", f"DATE_TRUNC('month', {name})",
                          f'date_trunc("month", {name})'))
        elif kind == "bool" and name == "is_deleted":
            continue  # filtered on, not kept
        else:
            items.append((name, kind, None, None))
    items.append(("ingested_day", "ts", "DATE_TRUNC('day', ingested_at)",
                  'date_trunc("day", ingested_at)'))
    items.append(("ingested_at", "ts", None, None))
    m.columns = [(n, k) for n, k, _, _ in items]
    m.value_column = "net_value"
    deleted = "is_deleted" in names
    if m.rocky:
        where = 'record_id is not null and state != "VOID"'
        if deleted:
            where += " and not coalesce(is_deleted, false)"
        derive = [f"    {n}: {r}" for n, _, _, r in items if r is not None]
        select = [f"    {n}" for n, _, _, _ in items]
        m.body = (f"-- {m.name}: {src.name} cleaned and normalised.\nfrom {src.name}\n"
                  f"where {where}\nderive {{\n" + ",\n".join(derive) + "\n}\nselect {\n" +
                  ",\n".join(select) + "\n}\n")
    else:
        where = "record_id IS NOT NULL AND state <> 'VOID'"
        if deleted:
            where += " AND NOT COALESCE(is_deleted, FALSE)"
        lines = [f"    {s} AS {n}" if s else f"    {n}" for n, _, s, _ in items]
        m.body = (f"-- {m.name}: {src.name} cleaned and normalised.\nSELECT\n" +
                  ",\n".join(lines) + f"\nFROM {src.name}\nWHERE {where}\n")
    m.intent = f"Cleaned {src.name}: normalised codes, zero-filled amounts, day buckets."


# ---- intermediate --------------------------------------------------------------------------------


def measures(model, skip=()):
    return [n for n, k in model.columns if k in MEASURES and n not in skip]


def make_intermediate(rng, m, joined):
    aliases = ["a", "b", "c"][:len(joined)]
    if rng.random() < 0.6:  # row-level enrichment of the first model
        a = joined[0]
        cols = [("a.record_id", "record_id", "id"), ("a.account_key", "account_key", "key"),
                ("a.state_code", "state_code", "str"), ("a.net_value", "net_value", "dec")]
        for alias, s in zip(aliases[1:], joined[1:]):
            pool = measures(s, ("net_value",))
            for col in rng.sample(pool, min(len(pool), 1 + rng.randrange(2))):
                cols.append((f"{alias}.{col}", f"{alias}_{col}", s.kind(col)))
            cols.append((f"{alias}.net_value", f"{alias}_net_value", "dec"))
        extra = measures(a, ("net_value",))
        for col in rng.sample(extra, min(len(extra), rng.randrange(3))):
            cols.append((f"a.{col}", col, a.kind(col)))
        cols.append(("a.net_value + COALESCE(b.net_value, 0)", "combined_value", "dec"))
        cols.append(("a.ingested_at", "ingested_at", "ts"))
        lines = [f"    {e} AS {n}" if e.split(".")[-1] != n else f"    {e}" for e, n, _ in cols]
        joins = [f"JOIN {joined[1].name} AS b ON b.account_key = a.account_key"]
        if len(joined) > 2:
            joins.append(f"LEFT JOIN {joined[2].name} AS c\n"
                         "    ON c.account_key = a.account_key AND c.ingested_day = a.ingested_day")
        m.body = (f"-- {m.name}: rows of {joined[0].name} enriched with "
                  f"{', '.join(s.name for s in joined[1:])}.\nSELECT\n" + ",\n".join(lines) +
                  f"\nFROM {a.name} AS a\n" + "\n".join(joins) +
                  "\nWHERE a.state_code <> 'CANCELLED'\n")
        m.columns = [(n, k) for _, n, k in cols]
        m.value_column, m.ts_column, m.unique_key = "combined_value", "ingested_at", ["record_id"]
    else:  # per-account aggregates of each model, joined
        ctes, outs = [], [("g_a.account_key", "account_key", "key")]
        for alias, s in zip(aliases, joined):
            aggs = [f"COUNT(*) AS {alias}_rows", f"SUM(net_value) AS {alias}_net_total",
                    f"MAX(ingested_at) AS {alias}_last_at"]
            outs += [(f"g_{alias}.{alias}_rows", f"{alias}_rows", "int"),
                     (f"g_{alias}.{alias}_net_total", f"{alias}_net_total", "dec")]
            pool = measures(s, ("net_value",))
            if pool:
                col = rng.choice(pool)
                fn = rng.choice(["AVG", "MAX", "MIN"])
                aggs.append(f"{fn}({col}) AS {alias}_{fn.lower()}_{col}")
                outs.append((f"g_{alias}.{alias}_{fn.lower()}_{col}", f"{alias}_{fn.lower()}_{col}",
                             "dbl" if fn == "AVG" else s.kind(col)))
            ctes.append(f"g_{alias} AS (\n    SELECT\n        account_key,\n        " +
                        ",\n        ".join(aggs) +
                        f"\n    FROM {s.name}\n    GROUP BY account_key\n)")
        last = ("g_a.a_last_at" if len(joined) == 1 else
                "CASE WHEN g_b.b_last_at > g_a.a_last_at THEN g_b.b_last_at ELSE g_a.a_last_at END")
        outs.append(("g_a.a_net_total + COALESCE(g_b.b_net_total, 0)", "net_total", "dec"))
        outs.append((last, "last_ingested_at", "ts"))
        joins = [f"LEFT JOIN g_{al} ON g_{al}.account_key = g_a.account_key" for al in aliases[1:]]
        lines = [f"    {e} AS {n}" if e.split(".")[-1] != n else f"    {e}" for e, n, _ in outs]
        m.body = (f"-- {m.name}: per-account totals of {', '.join(s.name for s in joined)}.\n"
                  "WITH " + ",\n".join(ctes) + "\nSELECT\n" + ",\n".join(lines) +
                  "\nFROM g_a\n" + "\n".join(joins) + "\n")
        m.columns = [(n, k) for _, n, k in outs]
        m.value_column, m.ts_column, m.unique_key = "net_total", "last_ingested_at", ["account_key"]
    m.intent = f"Account-level join of {', '.join(s.name for s in joined)}."


# ---- marts ---------------------------------------------------------------------------------------

WINDOWS = [
    ("recency_rank", "int",
     "ROW_NUMBER() OVER (PARTITION BY i.account_key ORDER BY s.ingested_at DESC)"),
    ("running_net", "dec",
     "SUM(s.net_value) OVER (\n        PARTITION BY i.account_key\n        ORDER BY s.ingested_at\n"
     "        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW\n    )"),
    ("previous_net", "dec",
     "LAG(s.net_value) OVER (PARTITION BY i.account_key ORDER BY s.ingested_at)"),
    ("net_moving_avg_7", "dbl",
     "AVG(s.net_value) OVER (\n        PARTITION BY i.account_key\n        ORDER BY s.ingested_at\n"
     "        ROWS BETWEEN 6 PRECEDING AND CURRENT ROW\n    )"),
    ("value_rank", "int", "DENSE_RANK() OVER (ORDER BY i.{value} DESC)"),
    ("net_quartile", "int", "NTILE(4) OVER (ORDER BY s.net_value)"),
]


def make_mart(rng, m, inter, stg):
    v = inter.value_column
    cols = [(f"i.account_key", "account_key", "key"), (f"i.{v}", v, "dec"),
            ("s.record_id", "source_record_id", "id"), ("s.ingested_at", "ingested_at", "ts"),
            ("s.net_value", "net_value", "dec")]
    taken = {n for _, n, _ in cols}
    for col in rng.sample(inter.columns, min(len(inter.columns), rng.randrange(4))):
        if col[0] not in taken:
            cols.append((f"i.{col[0]}", col[0], col[1]))
            taken.add(col[0])
    for col in rng.sample(stg.columns, min(len(stg.columns), rng.randrange(3))):
        if col[0] not in taken:
            cols.append((f"s.{col[0]}", col[0], col[1]))
            taken.add(col[0])
    hi, lo = 1000 * (1 + rng.randrange(9)), 50 * (1 + rng.randrange(9))
    cases = [("value_band", "str",
              f"CASE\n        WHEN i.{v} IS NULL THEN 'unknown'\n        WHEN i.{v} >= {hi} THEN "
              f"'high'\n        WHEN i.{v} >= {lo} THEN 'medium'\n        ELSE 'low'\n    END")]
    if rng.random() < 0.5:
        cases.append(("state_group", "str",
                      "CASE s.state_code\n        WHEN 'OPEN' THEN 'active'\n"
                      "        WHEN 'PENDING' THEN 'active'\n        WHEN 'CLOSED' THEN 'done'\n"
                      "        ELSE 'other'\n    END"))
    windows = [(n, k, e.replace("{value}", v))
               for n, k, e in rng.sample(WINDOWS, 2 + rng.randrange(3))]
    if not any(n == "recency_rank" for n, _, _ in windows) and rng.random() < 0.5:
        windows.insert(0, WINDOWS[0])
    lines = [f"    {e} AS {n}" if e.split(".")[-1] != n else f"    {e}" for e, n, _ in cols]
    lines += [f"    {e} AS {n}" for n, _, e in cases + windows]
    select = ("SELECT\n" + ",\n".join(lines) + f"\nFROM {inter.name} AS i\n"
              f"JOIN {stg.name} AS s ON s.account_key = i.account_key\n")
    if rng.random() < 0.3:
        select += "WHERE s.state_code <> 'VOID'\n"
    head = f"-- {m.name}: {inter.name} with the rows of {stg.name}, banded and ranked.\n"
    if any(n == "recency_rank" for n, _, _ in windows) and rng.random() < 0.4:
        keep = 1 + rng.randrange(10)
        indented = "\n".join("    " + line if line else line
                             for line in select.rstrip().split("\n"))
        m.body = (head + "SELECT *\nFROM (\n" + indented + f"\n) AS ranked\n"
                  f"WHERE recency_rank <= {keep}\n")
    else:
        m.body = head + select
    m.columns = [(n, k) for _, n, k in cols] + [(n, k) for n, k, _ in cases + windows]
    m.value_column, m.ts_column = v, "ingested_at"
    m.unique_key = ["account_key", "source_record_id"]
    m.intent = f"{inter.name} per account with {stg.name} rows, value bands and rankings."
    tests = ['\n[[tests]]\ntype = "not_null"\ncolumn = "account_key"\n']
    if rng.random() < 0.5:
        tests.append('\n[[tests]]\ntype = "accepted_values"\ncolumn = "value_band"\n'
                     'values = ["unknown", "high", "medium", "low"]\n')
    if rng.random() < 0.3:
        tests.append(f'\n[[tests]]\ntype = "relationships"\ncolumn = "account_key"\n'
                     f'to_table = "{inter.name}"\nto_column = "account_key"\n')
    m.sidecar_extra = "".join(tests)


# ---- files ---------------------------------------------------------------------------------------


def sidecar(m, defaults_full_refresh):
    out = f'intent = "{m.intent}"\n'
    if m.strategy != "full_refresh" or not defaults_full_refresh:
        out += f'\n[strategy]\ntype = "{m.strategy}"\n'
    if m.strategy == "incremental":
        out += f'timestamp_column = "{m.ts_column}"\n'
    elif m.strategy == "merge":
        out += "unique_key = [" + ", ".join(f'"{k}"' for k in m.unique_key) + "]\n"
    return out + m.sidecar_extra


ROCKY_TOML = """\
# Layered project from bench/gen_layered_project.py ({n} models, seed {seed}): sources over raw
# tables the compiler does not know, staging, intermediate joins and marts, on DuckDB.

[adapter.local]
type = "duckdb"
path = "layered.duckdb"

[pipeline.layered]
type = "transformation"
models = "models"

[pipeline.layered.target]
adapter = "local"

[pipeline.layered.execution]
concurrency = 8
"""


def seed_sql(sources):
    out = ["-- Raw tables of the layered project (text columns); `rocky test` runs this first.\n"]
    out += [f"CREATE SCHEMA IF NOT EXISTS {system};\n" for system, _, _ in SYSTEMS]
    for m in sources:
        cols = ",\n".join(f"    {SEED_FILL[kind]} AS {raw}" for raw, kind in m.raw)
        out.append(f"\nCREATE OR REPLACE TABLE {m.raw_table} AS\nSELECT\n{cols}\n"
                   "FROM range(1, 7) AS t(i);\n")
    return "".join(out)


def generate(n, seed, with_seed_data=False):
    rng = random.Random(seed)
    n_src, n_stg, n_int, n_mart = shares(n)
    width = max(4, len(str(n)))
    files = {"rocky.toml": ROCKY_TOML.format(n=n, seed=seed),
             ".gitignore": "*.duckdb\n*.duckdb.wal\n.rocky/\n",
             "models/_defaults.toml": '[target]\ncatalog = "lakehouse"\n'}
    for system, domain, _ in SYSTEMS:
        files[f"models/source/{system}/_defaults.toml"] = f'[target]\nschema = "src_{system}"\n'
        files[f"models/staging/{system}/_defaults.toml"] = f'[target]\nschema = "stg_{system}"\n'
        files[f"models/marts/{domain}/_defaults.toml"] = f'[target]\nschema = "mart_{domain}"\n'
    files["models/intermediate/_defaults.toml"] = (
        '# Intermediate models: full_refresh unless the sidecar says otherwise.\n'
        '[target]\nschema = "intermediate"\n\n[strategy]\ntype = "full_refresh"\n')
    files["models/marts/_defaults.toml"] = (
        '# Marts: full_refresh unless the sidecar says otherwise.\n'
        '[strategy]\ntype = "full_refresh"\n\n[freshness]\nmax_lag_seconds = 86400\n')

    strategies = ["incremental"] * ((n * 15 + 50) // 100) + ["merge"] * ((n * 5 + 50) // 100)
    strategies += ["full_refresh"] * (n - len(strategies))
    rng.shuffle(strategies)
    rocky = scatter(rng, n_stg, 20)
    models = []

    sources = []
    for i in range(n_src):
        system, domain, entities = SYSTEMS[rng.randrange(len(SYSTEMS))]
        entity = rng.choice(entities)
        num = f"{i + 1:0{width}d}"
        m = Model("source", f"base_{system}_{entity}_{num}", f"source/{system}")
        m.system, m.domain, m.entity = system, domain, entity
        make_source(rng, m, system, f"{entity}_{num}")
        sources.append(m)
    order = list(range(n_src))
    rng.shuffle(order)  # staging i cleans a random source, each source at most once per round
    staging = []
    for i in range(n_stg):
        src = sources[order[i % n_src]]
        num = f"{i + 1:0{width}d}"
        m = Model("staging", f"stg_{src.system}_{src.entity}_{num}", f"staging/{src.system}")
        m.system, m.domain, m.entity = src.system, src.domain, src.entity
        m.rocky = rocky[i]
        make_staging(rng, m, src)
        staging.append(m)
    intermediates = []
    for i in range(n_int):
        joined = rng.sample(staging, min(len(staging), 2 + rng.randrange(2)))
        num = f"{i + 1:0{width}d}"
        first = joined[0]
        m = Model("intermediate", f"int_{first.domain}_{first.entity}_{num}", "intermediate")
        m.domain, m.entity = first.domain, first.entity
        make_intermediate(rng, m, joined)
        intermediates.append(m)
    for i in range(n_mart):
        inter = rng.choice(intermediates)
        stg = rng.choice(staging)
        prefix = rng.choice(["fct", "fct", "rpt", "dim"])
        num = f"{i + 1:0{width}d}"
        m = Model("marts", f"{prefix}_{inter.domain}_{inter.entity}_{num}", f"marts/{inter.domain}")
        make_mart(rng, m, inter, stg)
        models.append(m)
    models = sources + staging + intermediates + models
    for m, strategy in zip(models, strategies):
        m.strategy = strategy
        base = f"models/{m.folder}/{m.name}"
        files[base + (".rocky" if m.rocky else ".sql")] = m.body
        files[base + ".toml"] = sidecar(m, m.layer in ("intermediate", "marts"))
    if with_seed_data:
        files["data/seed.sql"] = seed_sql(sources)
    return files, models, (n_src, n_stg, n_int, n_mart)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--models", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--seed-data", action="store_true", help="also write data/seed.sql")
    args = ap.parse_args()
    if args.models < 8:
        sys.exit("--models must be at least 8")
    if os.path.exists(args.out) and os.listdir(args.out):
        sys.exit(f"{args.out} already exists and is not empty")
    files, models, sizes = generate(args.models, args.seed, args.seed_data)
    size = 0
    for path, text in files.items():
        full = os.path.join(args.out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", newline="\n") as f:
            f.write(text)
        size += len(text.encode())
    count = lambda pred: sum(1 for m in models if pred(m))
    print(json.dumps({
        "path": args.out, "models": len(models), "seed": args.seed,
        "layers": dict(zip(["source", "staging", "intermediate", "marts"], sizes)),
        "rocky_files": count(lambda m: m.rocky),
        "strategies": {s: count(lambda m, s=s: m.strategy == s)
                       for s in ("full_refresh", "incremental", "merge")},
        "files": len(files), "bytes": size}, indent=2))


if __name__ == "__main__":
    main()
