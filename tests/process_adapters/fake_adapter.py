#!/usr/bin/env python3
"""A process adapter for tests (adapters.md §6): JSON-RPC 2.0 over stdio, backed by sqlite3.

Every schema is an attached SQLite database: `<config.path>/<schema>.db` when `path` is given
in the `initialize` config (so data outlives the process), else an in-memory one. The "ansi"
SQL Rocky sends is run on SQLite after a few rewrites a real ANSI engine would not need:
catalogs are dropped from three-part names, `CREATE OR REPLACE TABLE|VIEW` becomes a DROP and a
CREATE, `TIMESTAMP '…'` / `DATE '…'` literals become strings, a CTAS attaches its schema, and
`information_schema.schemata` is answered from the attached schemas. MD5 and CONCAT exist.

Modes (first argument `--mode=M`, or the FAKE_ADAPTER_MODE environment variable):
  good         answer every method (the default)
  wrong_id     answer every call after initialize with another id
  crash        exit with status 3 on the first call after initialize, without answering
  hang         never answer a call after initialize
  bad_init     answer initialize with an error
  bad_json     write a line that is not JSON on the first call after initialize
  stderr       log every request to stderr
  stubborn     answer shutdown but never exit (ignores end of input too)
  no_warehouse declare only the discovery capability

`initialize` config: path (directory of schema files), dialect ("ansi"), capabilities (object
overriding the defaults), schemas ({schema: "SQL script"} run at start).
Extra method for tests: `debug_info {names}` → {args, env: {name: value}, pid, tags, grants}.
"""
import hashlib
import json
import os
import re
import sqlite3
import sys
import time

MODE = os.environ.get("FAKE_ADAPTER_MODE", "good")
for arg in sys.argv[1:]:
    if arg.startswith("--mode="):
        MODE = arg.split("=", 1)[1]

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


class Fake:
    def __init__(self):
        self.conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self.conn.create_function("MD5", 1, lambda s: None if s is None else
                                  hashlib.md5(str(s).encode()).hexdigest())
        self.conn.create_function("CONCAT", -1, lambda *a: "".join("" if x is None else str(x)
                                                                   for x in a))
        self.path = None
        self.catalog = ""
        self.tags = {}
        self.grants = []
        self.calls = 0

    # ---- schemas ---------------------------------------------------------------------------
    def schemas(self):
        rows = self.conn.execute("PRAGMA database_list").fetchall()
        return sorted(r[1] for r in rows if r[1] not in ("main", "temp"))

    def attach(self, schema):
        if schema in self.schemas() or schema in ("main", "temp"):
            return
        target = os.path.join(self.path, schema + ".db") if self.path else ":memory:"
        self.conn.execute("ATTACH DATABASE ? AS " + quote(schema), (target,))

    def tables(self, schema):
        # `main` is the default schema (where the conformance suite works without create_schema).
        if schema not in self.schemas() and schema != "main":
            return []
        rows = self.conn.execute("SELECT name FROM " + quote(schema) +
                                 ".sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
        return [r[0] for r in rows]

    # ---- SQL -------------------------------------------------------------------------------
    def rewrite(self, sql):
        sql = re.sub(r"\b(%s)\.(%s)\.(%s)\b" % (IDENT, IDENT, IDENT), r"\2.\3", sql)
        sql = re.sub(r"\b(?:TIMESTAMP|DATE)\s+'", "'", sql, flags=re.I)
        m = re.match(r"\s*CREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?(%s)\s*;?\s*$" % IDENT,
                     sql, re.I)
        if m:
            self.attach(m.group(1))
            return []
        out = []
        m = re.match(r"\s*CREATE\s+OR\s+REPLACE\s+(TABLE|VIEW)\s+((?:%s\.)?%s)" % (IDENT, IDENT),
                     sql, re.I)
        if m:
            out.append("DROP %s IF EXISTS %s" % (m.group(1), m.group(2)))
            sql = re.sub(r"\s*CREATE\s+OR\s+REPLACE\s+", "CREATE ", sql, count=1, flags=re.I)
        m = re.match(r"\s*CREATE\s+(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?(%s)\.%s" %
                     (IDENT, IDENT), sql, re.I)
        if m:
            self.attach(m.group(1))
        if re.search(r"information_schema\.schemata", sql, re.I):
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _schemata "
                              "(catalog_name TEXT, schema_name TEXT)")
            self.conn.execute("DELETE FROM temp._schemata")
            for s in self.schemas():
                self.conn.execute("INSERT INTO temp._schemata VALUES (?, ?)",
                                  (self.catalog, s))
            sql = re.sub(r"information_schema\.schemata", "temp._schemata", sql, flags=re.I)
        out.append(sql)
        return out

    def run(self, sql):
        cur = None
        for statement in self.rewrite(sql):
            cur = self.conn.execute(statement)
        return cur

    # ---- methods ---------------------------------------------------------------------------
    def initialize(self, p):
        config = p.get("config") or {}
        self.path = config.get("path")
        self.catalog = config.get("catalog", "")
        if self.path:
            os.makedirs(self.path, exist_ok=True)
            for name in sorted(os.listdir(self.path)):
                if name.endswith(".db"):
                    self.attach(name[:-3])
        for schema, script in (config.get("schemas") or {}).items():
            self.attach(schema)
            self.conn.executescript(script)
        caps = {"warehouse": True, "discovery": True, "governance": True, "batch_checks": True,
                "create_schema": False}
        if MODE == "no_warehouse":
            caps = {"discovery": True}
        caps.update(config.get("capabilities") or {})
        manifest = {"name": "fake-sqlite", "version": "0.1.0", "sdk_version": "1.0.0",
                    "dialect": config.get("dialect", "ansi"), "capabilities": caps,
                    "auth_methods": [], "config_schema": {"type": "object"}}
        return manifest if config.get("bare_manifest") else {"manifest": manifest}

    def execute_statement(self, p):
        cur = self.run(p["sql"])
        out = {"ok": True}
        if cur is not None and cur.rowcount >= 0:
            out["rows_affected"] = cur.rowcount
        # SQLite has no row count for CREATE TABLE … AS: count the new table.
        m = re.match(r"\s*CREATE\s+(?:OR\s+REPLACE\s+)?TABLE\s+(?:%s\.)?(%s\.%s)\s+AS\b" %
                     (IDENT, IDENT, IDENT), p["sql"], re.I)
        if m:
            out["rows_affected"] = self.conn.execute("SELECT COUNT(*) FROM " + m.group(1)).fetchone()[0]
        return out

    def execute_query(self, p):
        cur = self.run(p["sql"])
        columns = [d[0] for d in cur.description] if cur and cur.description else []
        rows = [[v.hex() if isinstance(v, bytes) else v for v in row] for row in cur.fetchall()]
        return {"columns": columns, "rows": rows}

    def describe_table(self, p):
        schema, table = p["schema"], p["table"]
        if table not in self.tables(schema):
            return {"columns": []}
        rows = self.conn.execute("PRAGMA %s.table_info(%s)" % (quote(schema), quote(table)))
        # A CTAS declares its columns by affinity (INT, NUM): report the usual names.
        names = {"": "TEXT", "INT": "INTEGER", "NUM": "NUMERIC"}
        return {"columns": [{"name": r[1], "data_type": names.get(r[2].upper(), r[2]),
                             "nullable": not r[3]} for r in rows.fetchall()]}

    def table_exists(self, p):
        return {"exists": p["table"] in self.tables(p["schema"])}

    def list_tables(self, p):
        return {"tables": self.tables(p["schema"])}

    def discover(self, p):
        prefix = p.get("schema_prefix", "")
        sources = []
        for s in self.schemas():
            if not s.startswith(prefix):
                continue
            tables = []
            for t in self.tables(s):
                n = self.conn.execute("SELECT COUNT(*) FROM %s.%s" % (quote(s), quote(t)))
                tables.append({"name": t, "row_count": n.fetchone()[0]})
            sources.append({"id": "src-" + s, "schema": s, "source_type": "sqlite",
                            "last_sync_at": None, "tables": tables})
        return {"sources": sources}

    def set_tags(self, p):
        key = ".".join(x for x in (p.get("catalog"), p.get("schema"), p.get("table")) if x)
        self.tags.setdefault(p["target"] + ":" + key, {}).update(p["tags"])
        return {}

    def get_grants(self, p):
        return {"grants": [g for g in self.grants if g["target"] == p["target"]]}

    def apply_grants(self, p):
        for g in p["grants"]:
            if g not in self.grants:
                self.grants.append(g)
        return {}

    def revoke_grants(self, p):
        self.grants = [g for g in self.grants if g not in p["grants"]]
        return {}

    def batch_row_counts(self, p):
        out = []
        for t in p["tables"]:
            n = self.conn.execute("SELECT COUNT(*) FROM %s.%s" % (quote(t["schema"]),
                                                                 quote(t["table"]))).fetchone()[0]
            out.append({"table": t, "count": n})
        return out

    def batch_freshness(self, p):
        out = []
        for t in p["tables"]:
            v = self.conn.execute("SELECT MAX(%s) FROM %s.%s" % (quote(p["column"]),
                                  quote(t["schema"]), quote(t["table"]))).fetchone()[0]
            out.append({"table": t, "max_value": None if v is None else str(v)})
        return {"freshness": out}

    def debug_info(self, p):
        return {"args": sys.argv[1:], "env": {n: os.environ.get(n) for n in p.get("names", [])},
                "pid": os.getpid(), "tags": self.tags, "grants": self.grants}


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def send(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    fake = Fake()
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        rid, method, params = req.get("id"), req.get("method"), req.get("params") or {}
        if MODE == "stderr":
            print("fake adapter got %s (id %s)" % (method, rid), file=sys.stderr, flush=True)
        if method == "shutdown":
            send({"jsonrpc": "2.0", "id": rid, "result": {}})
            if MODE == "stubborn":
                while True:
                    time.sleep(3600)
            return 0
        if method == "initialize" and MODE == "bad_init":
            send({"jsonrpc": "2.0", "id": rid,
                  "error": {"code": "BAD_CONFIG", "message": "missing option 'token'"}})
            continue
        if method != "initialize":
            if MODE == "crash":
                print("fake adapter: crashing on purpose", file=sys.stderr, flush=True)
                os._exit(3)
            if MODE == "hang":
                while True:
                    time.sleep(3600)
            if MODE == "bad_json":
                sys.stdout.write("this is not json\n")
                sys.stdout.flush()
                continue
        handler = getattr(fake, method, None) if not method.startswith("_") else None
        if handler is None or method in ("run", "rewrite", "attach", "schemas", "tables"):
            resp = {"jsonrpc": "2.0", "id": rid,
                    "error": {"code": -32601, "message": "method not found: %s" % method}}
        else:
            try:
                resp = {"jsonrpc": "2.0", "id": rid, "result": handler(params)}
            except Exception as e:  # noqa: BLE001 - every failure is an RPC error
                resp = {"jsonrpc": "2.0", "id": rid, "error": {"code": -32000, "message": str(e)}}
        if MODE == "wrong_id" and method != "initialize":
            resp["id"] = (rid or 0) + 100
        send(resp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
