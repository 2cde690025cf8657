#!/usr/bin/env python3
"""A stand-in for `rocky serve` for the browser tests: serves the dashboard page and canned JSON
for every route of services.md §5, for two projects:

  playground  the playground's models plus a consumer and an incremental model; POST
              /api/v1/compile "picks up an edited file": the next compile has a new error
              diagnostic (a contract column removed from customer_tiers).
  big         a generated 4-layer project of N models (10,000 by default), like `rocky bench`.

It also writes the docs catalog of a project (the page with the inline data block of
src/server/web/README.md), which is the reference for what `rocky docs` inlines.

Run by hand:  python3 tests/browser/fixture_server.py --page build/src/server/web/dashboard.html
              [--project big] [--models 10000] [--token T] [--port 8080]
"""
import argparse
import hashlib
import json
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

VERSION = "1.0.0"


class Project:
    """Models with typed columns, lineage edges, diagnostics and run history."""

    def __init__(self):
        self.models = {}          # name -> dict (see add)
        self.order = []
        self.edges = []           # {source: {model, column}, target: {model, column}, transform}
        self.diagnostics = []
        self.runs = []
        self.history = {}         # model -> [history entries], newest first
        self.recompiles = 0

    def add(self, name, columns, depends_on=(), strategy=None, target=None, description=None,
            tests=(), contract=None, sql="", file_path=None):
        self.models[name] = {
            "name": name, "columns": [dict(c) for c in columns], "depends_on": list(depends_on),
            "strategy": strategy or {"type": "full_refresh"},
            "target": target or {"catalog": "warehouse", "schema": "silver", "table": name},
            "description": description, "tests": list(tests), "contract": contract, "sql": sql,
            "file_path": file_path or f"models/{name}.sql",
        }
        self.order.append(name)

    def edge(self, source_model, source_column, target_model, target_column, transform="direct"):
        self.edges.append({"source": {"model": source_model, "column": source_column},
                           "target": {"model": target_model, "column": target_column},
                           "transform": transform})

    def finish(self):
        self.order.sort()
        self.children = {n: [] for n in self.order}
        for n in self.order:
            for d in self.models[n]["depends_on"]:
                self.children[d].append(n)
        self.layer = {}
        for n in self.topological():
            deps = self.models[n]["depends_on"]
            self.layer[n] = 1 + max(self.layer[d] for d in deps) if deps else 0
        self.into = {}
        self.touching = {}
        for e in self.edges:
            key = (e["target"]["model"].lower(), e["target"]["column"].lower())
            self.into.setdefault(key, []).append(e)
            self.touching.setdefault(e["target"]["model"].lower(), []).append(e)
            if e["source"]["model"].lower() != e["target"]["model"].lower():
                self.touching.setdefault(e["source"]["model"].lower(), []).append(e)
        self.cache = {}

    def topological(self):
        indegree = {n: len(self.models[n]["depends_on"]) for n in self.order}
        ready = [n for n in self.order if indegree[n] == 0]
        out = []
        while ready:
            n = ready.pop()
            out.append(n)
            for c in self.children[n]:
                indegree[c] -= 1
                if indegree[c] == 0:
                    ready.append(c)
        return out

    def find(self, name):
        if name in self.models:
            return self.models[name]
        lowered = name.lower()
        for n, m in self.models.items():
            if n.lower() == lowered:
                return m
        return None

    # --- routes -----------------------------------------------------------------------------
    def strategy_type(self, m):
        return m["strategy"]["type"]

    def dag(self):
        if "dag" not in self.cache:
            nodes = [{"name": n, "depends_on": self.models[n]["depends_on"], "layer": self.layer[n],
                      "strategy": self.strategy_type(self.models[n])} for n in self.order]
            edges = [{"from": d, "to": n} for n in self.order for d in self.models[n]["depends_on"]]
            order = sorted(self.order, key=lambda n: (self.layer[n], n))
            self.cache["dag"] = {"nodes": nodes, "edges": edges, "execution_order": order}
        return self.cache["dag"]

    def dag_layers(self):
        layers = {}
        for n in self.order:
            layers.setdefault(self.layer[n], []).append(n)
        return {"layers": [layers[k] for k in sorted(layers)], "total_models": len(self.order)}

    def model_list(self):
        return {"models": [{"name": n, "columns": len(self.models[n]["columns"]), "has_star": False,
                            "upstream": self.models[n]["depends_on"], "downstream": self.children[n]}
                           for n in self.order], "count": len(self.order)}

    def model_detail(self, m):
        out = {"name": m["name"], "sql": m["sql"], "file_path": m["file_path"],
               "columns": [c["name"] for c in m["columns"]],
               "typed_columns": [{"name": c["name"], "type": c["type"], "nullable": c["nullable"]}
                                 for c in m["columns"]],
               "has_star": False, "upstream": m["depends_on"], "downstream": self.children[m["name"]],
               "strategy": m["strategy"], "target": m["target"]}
        if m["contract"]:
            out["contract"] = m["contract"]
        return out

    def model_lineage(self, m):
        return {"model": m["name"], "columns": [{"name": c["name"]} for c in m["columns"]],
                "upstream": m["depends_on"], "downstream": self.children[m["name"]],
                "edges": self.touching.get(m["name"].lower(), [])}

    def trace(self, model, column):
        """Breadth first back to external sources, nearest first (as `rocky lineage M.C`)."""
        out, seen = [], set()
        queue = list(self.into.get((model.lower(), column.lower()), []))
        while queue:
            e = queue.pop(0)
            key = (e["source"]["model"].lower(), e["source"]["column"].lower(),
                   e["target"]["model"].lower(), e["target"]["column"].lower())
            if key in seen:
                continue
            seen.add(key)
            out.append(e)
            if self.find(e["source"]["model"]) is not None:
                queue.extend(self.into.get((e["source"]["model"].lower(), e["source"]["column"].lower()), []))
        return out

    def compile(self):
        return {"models": len(self.order), "diagnostics": self.diagnostics,
                "has_errors": any(d["severity"] == "Error" for d in self.diagnostics),
                "layers": len(set(self.layer.values()))}

    def recompile(self):
        self.recompiles += 1
        self.on_recompile()
        self.cache = {}
        return {"status": "recompiled", "models": len(self.order),
                "has_errors": any(d["severity"] == "Error" for d in self.diagnostics)}

    def on_recompile(self):
        pass

    def docs_data(self):
        """The inline data block of `rocky docs` (src/server/web/README.md)."""
        models = []
        for n in self.order:
            m = self.models[n]
            entry = {"name": n, "file_path": m["file_path"], "sql": m["sql"],
                     "description": m["description"], "strategy": m["strategy"], "target": m["target"],
                     "depends_on": m["depends_on"], "layer": self.layer[n],
                     "columns": m["columns"], "tests": m["tests"]}
            if m["contract"]:
                entry["contract"] = m["contract"]
            models.append({k: v for k, v in entry.items() if v is not None})
        return {"version": VERSION, "generated_at": "2026-04-07T00:00:00Z",
                "project": {"name": "playground"}, "models": models, "lineage": self.edges,
                "diagnostics": self.diagnostics, "runs": self.runs, "history": self.history}


def col(name, type_, nullable=True, description=None):
    c = {"name": name, "type": type_, "nullable": nullable}
    if description:
        c["description"] = description
    return c


def info(model, code, message, line=2):
    return {"severity": "Info", "code": code, "message": message,
            "span": {"file": f"./models/{model}.sql", "line": line, "col": 1}, "model": model,
            "suggestion": None}


class Playground(Project):
    def __init__(self):
        super().__init__()
        self.add("stg_orders", [
            col("order_id", "Int64", False, "Order key from the shop"),
            col("customer_id", "Int64", False, "Buyer"),
            col("amount", "Decimal(10,2)", True, "Order total in euros"),
            col("status", "String", True, "pending, shipped or delivered"),
            col("order_date", "Date", True)],
            target={"catalog": "playground", "schema": "silver", "table": "stg_orders"},
            description="One row per non-returned order, typed and cleaned.",
            tests=[{"type": "not_null", "column": "order_id", "severity": "error"},
                   {"type": "unique", "column": "order_id", "severity": "error"},
                   {"type": "accepted_values", "column": "status", "severity": "error",
                    "values": ["pending", "shipped", "delivered"]}],
            sql="SELECT order_id, customer_id, CAST(amount AS DECIMAL(10, 2)) AS amount, "
                "lower(status) AS status, order_date\nFROM raw__orders.orders\n"
                "WHERE status <> 'returned' AND customer_id IS NOT NULL")
        for c, t in [("order_id", "direct"), ("customer_id", "direct"), ("amount", "cast"),
                     ("status", "expression"), ("order_date", "direct")]:
            self.edge("raw__orders.orders", c, "stg_orders", c, t)
        self.add("customer_orders", [
            col("customer_id", "Int64", False), col("order_count", "Int64", False),
            col("total_amount", "Decimal(38,2)", True, "Revenue per customer"),
            col("first_order", "Date", True), col("last_order", "Date", True)],
            depends_on=["stg_orders"], file_path="models/customer_orders.rocky",
            target={"catalog": "playground", "schema": "silver", "table": "customer_orders"},
            description="Order count and revenue per customer.",
            sql="from stg_orders\ngroup customer_id {\n    order_count: count(order_id),\n"
                "    total_amount: sum(amount),\n    first_order: min(order_date),\n"
                "    last_order: max(order_date)\n}")
        self.edge("stg_orders", "customer_id", "customer_orders", "customer_id")
        self.edge("stg_orders", "order_id", "customer_orders", "order_count", "aggregation: count")
        self.edge("stg_orders", "amount", "customer_orders", "total_amount", "aggregation: sum")
        self.edge("stg_orders", "order_date", "customer_orders", "first_order", "aggregation: min")
        self.edge("stg_orders", "order_date", "customer_orders", "last_order", "aggregation: max")
        self.contract = {"columns": [{"name": "customer_id", "type": "Int64", "nullable": False},
                                     {"name": "tier", "type": "String"}],
                         "rules": {"required": ["customer_id", "tier", "total_amount"],
                                   "protected": ["customer_id"]}}
        self.add("customer_tiers", [
            col("customer_id", "Int64", False), col("order_count", "Int64", False),
            col("total_amount", "Decimal(38,2)", True),
            col("tier", "String", False, "gold, silver or bronze by revenue")],
            depends_on=["customer_orders"],
            target={"catalog": "playground", "schema": "gold", "table": "customer_tiers"},
            description="Revenue tier per customer, for the sales team.",
            tests=[{"type": "accepted_values", "column": "tier", "severity": "error",
                    "values": ["gold", "silver", "bronze"]}], contract=self.contract,
            sql="SELECT customer_id, order_count, total_amount,\n  CASE WHEN total_amount >= 2500 "
                "THEN 'gold' WHEN total_amount >= 1000 THEN 'silver' ELSE 'bronze' END AS tier\n"
                "FROM customer_orders")
        for c in ["customer_id", "order_count", "total_amount"]:
            self.edge("customer_orders", c, "customer_tiers", c)
        self.edge("customer_orders", "total_amount", "customer_tiers", "tier", "expression")
        self.add("tier_summary", [
            col("tier", "String", False), col("customers", "Int64", False),
            col("revenue", "Decimal(38,2)", True)],
            depends_on=["customer_tiers"], strategy={"type": "view"},
            target={"catalog": "playground", "schema": "gold", "table": "tier_summary"},
            description="Customers and revenue per tier.",
            sql="SELECT tier, COUNT(customer_id) AS customers, SUM(total_amount) AS revenue\n"
                "FROM customer_tiers GROUP BY tier")
        self.edge("customer_tiers", "tier", "tier_summary", "tier")
        self.edge("customer_tiers", "customer_id", "tier_summary", "customers", "aggregation: count")
        self.edge("customer_tiers", "total_amount", "tier_summary", "revenue", "aggregation: sum")
        self.add("orders_incremental", [
            col("order_id", "Int64", False), col("amount", "Decimal(10,2)", True),
            col("updated_at", "Timestamp", True)],
            strategy={"type": "incremental", "timestamp_column": "updated_at"},
            target={"catalog": "playground", "schema": "silver", "table": "orders_incremental"},
            description="Orders loaded incrementally by update time.",
            sql="SELECT order_id, amount, updated_at FROM raw__orders.orders")
        for c in ["order_id", "amount", "updated_at"]:
            self.edge("raw__orders.orders", c, "orders_incremental", c)
        self.diagnostics = [
            info("customer_orders", "I002", "output has columns of unknown type: first_order, last_order"),
            {"severity": "Warning", "code": "W001",
             "message": "implicit coercion in a comparison: String vs Int64",
             "span": {"file": "./models/stg_orders.sql", "line": 9, "col": 7}, "model": "stg_orders",
             "suggestion": "CAST(status AS VARCHAR)"},
        ]
        runs = []
        for i in range(3):
            run_id = f"run-20260407-0{i}0000-000"
            runs.append({"run_id": run_id, "pipeline": "playground",
                         "started_at": f"2026-04-07T0{i}:00:00Z", "finished_at": f"2026-04-07T0{i}:00:0{2 + i}Z",
                         "status": "success" if i != 1 else "failed", "models_executed": 5,
                         "trigger": "manual"})
        self.runs = list(reversed(runs))
        for n in self.models:
            self.history[n] = [{"run_id": r["run_id"], "started_at": r["started_at"],
                                "finished_at": r["finished_at"], "duration_ms": 310 + 40 * k,
                                "rows_affected": 500 - 7 * k, "status": r["status"],
                                "sql_hash": hashlib.sha256(n.encode()).hexdigest()[:16]}
                               for k, r in enumerate(self.runs)]
        self.finish()

    def on_recompile(self):
        # The edited contract now requires `region`, which customer_tiers does not produce.
        if not any(d["code"] == "E010" for d in self.diagnostics):
            self.contract["rules"]["required"].append("region")
            self.diagnostics.append({
                "severity": "Error", "code": "E010", "message": "contract required column missing: region",
                "span": {"file": "./models/customer_tiers.contract.toml", "line": 11, "col": 1},
                "model": "customer_tiers", "suggestion": None})


class Big(Project):
    """N models in 4 layers (a quarter each): stg_ reads an external table, int_/agg_/mart_
    read 1-3 models of the layer below. Every 997th model has an error diagnostic."""

    STRATEGIES = ["full_refresh"] * 5 + ["incremental", "merge", "view", "ephemeral", "time_interval"]

    def __init__(self, count=10000, seed=7):
        super().__init__()
        rng = random.Random(seed)
        per_layer = [count // 4 + (1 if i < count % 4 else 0) for i in range(4)]
        prefixes = ["stg", "int", "agg", "mart"]
        layers = []
        for layer, size in enumerate(per_layer):
            names = [f"{prefixes[layer]}_{i:05d}" for i in range(size)]
            for i, name in enumerate(names):
                strategy_type = self.STRATEGIES[rng.randrange(len(self.STRATEGIES))]
                strategy = {"type": strategy_type}
                if strategy_type == "incremental":
                    strategy["timestamp_column"] = "updated_at"
                elif strategy_type == "merge":
                    strategy["unique_key"] = ["id"]
                elif strategy_type == "time_interval":
                    strategy.update({"time_column": "updated_at", "granularity": "day", "lookback": 0,
                                     "batch_size": 1})
                columns = [col("id", "Int64", False), col("amount", "Decimal(18,2)"),
                           col("updated_at", "Timestamp"), col("label", "String")]
                if layer == 0:
                    deps = []
                    source = f"raw_{i % 50:02d}.table_{i:05d}"
                    self.edge(source, "id", name, "id")
                    self.edge(source, "amount", name, "amount", "cast")
                    self.edge(source, "updated_at", name, "updated_at")
                    self.edge(source, "label", name, "label", "expression")
                else:
                    below = layers[layer - 1]
                    # Mostly nearby models of the layer below, so the layout stays readable.
                    centre = int(i * len(below) / size)
                    deps = sorted({below[max(0, min(len(below) - 1, centre + rng.randrange(-8, 9)))]
                                   for _ in range(rng.randrange(1, 4))})
                    self.edge(deps[0], "id", name, "id")
                    for d in deps:
                        self.edge(d, "amount", name, "amount", "aggregation: sum")
                    self.edge(deps[-1], "updated_at", name, "updated_at", "aggregation: max")
                    self.edge(deps[0], "label", name, "label")
                self.add(name, columns, depends_on=deps, strategy=strategy,
                         target={"catalog": "warehouse", "schema": prefixes[layer], "table": name},
                         sql=f"SELECT id, amount, updated_at, label FROM {deps[0] if deps else 'raw'}")
            layers.append(names)
        for k, name in enumerate(sorted(self.models)):
            if k % 997 == 500:
                self.diagnostics.append({
                    "severity": "Error", "code": "E001",
                    "message": "join keys of incompatible types: String vs Int64",
                    "span": {"file": f"./models/{name}.sql", "line": 3, "col": 12}, "model": name,
                    "suggestion": "CAST(label AS BIGINT)"})
        self.runs = [{"run_id": "run-20260407-000000-000", "pipeline": "big",
                      "started_at": "2026-04-07T00:00:00Z", "finished_at": "2026-04-07T00:03:10Z",
                      "status": "success", "models_executed": count, "trigger": "schedule"}]
        self.finish()


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, project, page, token=None, compile_delay=0.0, host="127.0.0.1", port=0):
        super().__init__((host, port), Handler)
        self.project = project
        self.page = page
        self.token = token
        self.ready_at = time.monotonic() + compile_delay
        self.lock = threading.Lock()
        self.log = []

    @property
    def url(self):
        return f"http://{self.server_address[0]}:{self.server_address[1]}"

    def start(self):
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return self


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body, content_type="application/json; charset=utf-8"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if not self.server.token and self.command == "GET" and self.path.startswith("/api/"):
            self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.route("POST")

    def route(self, method):
        server = self.server
        path = urlsplit(self.path).path
        with server.lock:
            server.log.append((method, path))
        if method == "GET" and path in ("/", "/dashboard"):
            return self.send(200, server.page, "text/html; charset=utf-8")
        if not path.startswith("/api/v1/"):
            return self.send(404, {"error": "not found"})
        parts = [unquote(p) for p in path[len("/api/v1/"):].split("/")]
        if parts == ["health"] and method == "GET":
            return self.send(200, {"status": "ok", "version": VERSION})
        if server.token and self.headers.get("Authorization") != f"Bearer {server.token}":
            return self.send(401, {"error": "unauthorized"})
        if time.monotonic() < server.ready_at:
            return self.send(503, {"error": "compiling"})
        project = server.project
        with server.lock:
            if parts == ["compile"]:
                return self.send(200, project.recompile() if method == "POST" else project.compile())
            if method != "GET":
                return self.send(405, {"error": "method not allowed"})
            if parts == ["dag"]:
                if "dag_bytes" not in project.cache:
                    project.cache["dag_bytes"] = json.dumps(project.dag()).encode()
                return self.send(200, project.cache["dag_bytes"])
            if parts == ["dag", "layers"]:
                return self.send(200, project.dag_layers())
            if parts == ["models"]:
                return self.send(200, project.model_list())
            if parts == ["runs"]:
                return self.send(200, {"runs": project.runs, "count": len(project.runs)})
            if len(parts) >= 2 and parts[0] == "models":
                m = project.find(parts[1])
                if m is None:
                    return self.send(404, {"error": f"model '{parts[1]}' not found"})
                rest = parts[2:]
                if rest == []:
                    return self.send(200, project.model_detail(m))
                if rest == ["lineage"]:
                    return self.send(200, project.model_lineage(m))
                if len(rest) == 2 and rest[0] == "lineage":
                    names = {c["name"].lower(): c["name"] for c in m["columns"]}
                    if rest[1].lower() not in names:
                        return self.send(404, {"error": f"column '{rest[1]}' not found in model '{m['name']}'"})
                    column = names[rest[1].lower()]
                    return self.send(200, {"model": m["name"], "column": column,
                                           "trace": project.trace(m["name"], column)})
                if rest == ["history"]:
                    history = project.history.get(m["name"], [])[:50]
                    return self.send(200, {"model": m["name"], "history": history, "count": len(history)})
                if rest == ["metrics"]:
                    return self.send(200, {"model": m["name"], "metrics": [], "count": 0})
        return self.send(404, {"error": "not found"})


def make_project(name, models=10000):
    return Playground() if name == "playground" else Big(models)


def write_docs(page_html, project, path):
    """The docs catalog: the page with the project inlined where the marker is."""
    data = json.dumps(project.docs_data(), separators=(",", ":")).replace("<", "\\u003c")
    block = '<script type="application/json" id="rocky-data">' + data + "</script>"
    text = page_html.decode()
    assert text.count("<!--rocky-data-->") == 1, "the page has no docs data marker"
    with open(path, "w", encoding="utf-8") as out:
        out.write(text.replace("<!--rocky-data-->", block))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--page", required=True, help="the assembled dashboard.html")
    parser.add_argument("--project", choices=["playground", "big"], default="playground")
    parser.add_argument("--models", type=int, default=10000)
    parser.add_argument("--token")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--compile-delay", type=float, default=0.0)
    parser.add_argument("--write-docs", help="write the docs catalog here and exit")
    args = parser.parse_args()
    with open(args.page, "rb") as f:
        page = f.read()
    project = make_project(args.project, args.models)
    if args.write_docs:
        write_docs(page, project, args.write_docs)
        return 0
    server = Server(project, page, args.token, args.compile_delay, port=args.port)
    print(f"fixture server: {server.url}/ ({args.project}, {len(project.order)} models)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
