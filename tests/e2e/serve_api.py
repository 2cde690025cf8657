#!/usr/bin/env python3
"""`rocky serve` (services.md §5) end to end on the playground, over real HTTP.

- Every route answers with the spec's JSON: each body is validated against its `api_*` schema
  from `rocky export-schemas` (tests/json_schema_check); the model, lineage, history and metrics
  routes are asked for every model of a project that ran (`rocky run --all`).
- With --token: the API without it → 401 `{"error": "unauthorized"}`, a wrong one → 401, the
  right one → 200; health and the dashboard page stay open; no CORS header. Without a token,
  GET answers carry `Access-Control-Allow-Origin: *`.
- 404s name the model or column; POST /api/v1/compile recompiles.
- A 10 MB POST body is refused (413) and a slow-loris client (headers trickled) is cut off after
  the I/O timeout, while other clients are answered at once.
- --watch: a new model file appears in /api/v1/models after the edit.
- A 10,000-model project answers 503 `{"error": "compiling"}` before its first compile is done.
- `--host 0.0.0.0` warns that the API is reachable from the network.
- SIGTERM stops the server with exit 0.

usage: serve_api.py BUILD_DIR
"""
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import BUILD, ROCKY, check, finish, playground, rocky, valid  # noqa: E402

TOKEN = "api-t0ken-51c"


class Serve:
    def __init__(self, project, *args):
        self.proc = subprocess.Popen([ROCKY, "serve", "--port", "0", *args], cwd=project,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.line = self.proc.stdout.readline()
        match = re.search(r"http://[^:]+:(\d+)/", self.line)
        if not match:
            self.proc.kill()
            sys.exit(f"rocky serve did not start: {self.line!r} {self.proc.stderr.read()}")
        self.port = int(match.group(1))

    def get(self, path, token=None, method="GET", body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        conn.request(method, path, body=body, headers=all_headers)
        res = conn.getresponse()
        data = res.read()
        conn.close()
        return res.status, dict(res.getheaders()), data

    def json(self, path, token=None, method="GET"):
        status, headers, data = self.get(path, token, method)
        try:
            return status, headers, json.loads(data)
        except json.JSONDecodeError:
            return status, headers, {"not json": data[:200].decode(errors="replace")}

    def stop(self):
        self.proc.terminate()
        code = self.proc.wait(timeout=30)
        stderr = self.proc.stderr.read()
        return code, stderr


def routes_and_auth(project, schemas):
    server = Serve(project, "--token", TOKEN)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the first compile
            status, _, _ = server.json("/api/v1/models", TOKEN)
            if status != 503:
                break
            time.sleep(0.05)
        # Auth.
        status, headers, body = server.json("/api/v1/models")
        check(status == 401 and body == {"error": "unauthorized"}, f"no token: {status} {body}")
        valid(schemas, "api_error", body, "401 body")
        status, _, body = server.json("/api/v1/models", "wrong-" + TOKEN)
        check(status == 401, f"a wrong token was accepted: {status}")
        status, _, body = server.json("/api/v1/runs", TOKEN[:-1])
        check(status == 401, f"a token prefix was accepted: {status}")
        status, headers, body = server.json("/api/v1/health")
        check(status == 200 and body["status"] == "ok", f"health without a token: {status} {body}")
        valid(schemas, "api_health", body, "health")
        check("Access-Control-Allow-Origin" not in headers, "CORS header with a token set")
        status, headers, page = server.get("/")
        check(status == 200 and b"<html" in page[:200].lower(), f"the dashboard page: {status}")
        check(headers.get("Content-Type", "").startswith("text/html"), f"page type {headers}")
        # Every route, for every model.
        status, headers, models = server.json("/api/v1/models", TOKEN)
        check(status == 200, f"/models: {status}")
        check(headers.get("Content-Type") == "application/json; charset=utf-8",
              f"content type {headers.get('Content-Type')}")
        valid(schemas, "api_models", models, "/models")
        names = [m["name"] for m in models.get("models", [])]
        check(len(names) == models.get("count") == 3, f"models {names}")
        for route, schema in (("/api/v1/dag", "api_dag"), ("/api/v1/dag/layers", "api_dag_layers"),
                              ("/api/v1/compile", "api_compile"), ("/api/v1/runs", "api_runs")):
            status, _, body = server.json(route, TOKEN)
            check(status == 200, f"{route}: {status}")
            valid(schemas, schema, body, route)
        status, _, runs = server.json("/api/v1/runs", TOKEN)
        check(runs.get("count", 0) >= 1, f"no runs listed: {runs}")
        histories = 0
        for name in names:
            base = f"/api/v1/models/{name}"
            status, _, detail = server.json(base, TOKEN)
            check(status == 200, f"{base}: {status}")
            valid(schemas, "api_model", detail, base)
            status, _, lineage = server.json(base + "/lineage", TOKEN)
            valid(schemas, "api_model_lineage", lineage, base + "/lineage")
            for column in detail.get("columns", [])[:2]:
                status, _, trace = server.json(f"{base}/lineage/{column}", TOKEN)
                check(status == 200, f"{base}/lineage/{column}: {status}")
                valid(schemas, "api_column_lineage", trace, f"{base}/lineage/{column}")
            status, _, history = server.json(base + "/history", TOKEN)
            valid(schemas, "api_model_history", history, base + "/history")
            histories += history.get("count", 0)
            status, _, metrics = server.json(base + "/metrics", TOKEN)
            valid(schemas, "api_model_metrics", metrics, base + "/metrics")
        check(histories >= 3, f"the models' history routes list {histories} executions")
        status, _, trace = server.json("/api/v1/models/customer_tiers/lineage/total_amount", TOKEN)
        sources = {e["source"]["model"] for e in trace.get("trace", [])}
        check("raw__orders.orders" in sources, f"the trace does not reach the source: {sources}")
        # 404s.
        status, _, body = server.json("/api/v1/models/nope", TOKEN)
        check(status == 404 and body == {"error": "model 'nope' not found"}, f"404: {body}")
        status, _, body = server.json("/api/v1/models/customer_tiers/lineage/nope", TOKEN)
        check(status == 404 and "column 'nope'" in body.get("error", ""), f"column 404: {body}")
        # Recompile.
        status, _, body = server.json("/api/v1/compile", TOKEN, method="POST")
        check(status == 200 and body.get("status") == "recompiled", f"POST compile: {body}")
        valid(schemas, "api_recompile", body, "POST /compile")
    finally:
        code, stderr = server.stop()
    check(code == 0, f"SIGTERM: exit {code}: {stderr[-1000:]}")
    check(TOKEN not in stderr, "the token appears in the server's log")


def limits_and_watch(project):
    server = Serve(project, "--watch")
    try:
        time.sleep(0.5)
        status, headers, _ = server.json("/api/v1/health")
        check(headers.get("Access-Control-Allow-Origin") == "*", f"no CORS without a token")
        # A slow-loris client: a request line, then a header byte now and then.
        slow = socket.create_connection(("127.0.0.1", server.port))
        slow.sendall(b"GET /api/v1/models HTTP/1.1\r\nHost: x\r\n")
        stop = threading.Event()

        def trickle():
            while not stop.is_set():
                try:
                    slow.sendall(b"X")
                except OSError:
                    return
                stop.wait(0.5)
        threading.Thread(target=trickle, daemon=True).start()
        # A 10 MB body.
        status, _, body = server.get("/api/v1/compile", method="POST", body=b"x" * (10 << 20))
        check(status == 413, f"a 10 MB body was not refused: {status}")
        started = time.monotonic()
        slowest = 0
        for _ in range(20):
            t = time.monotonic()
            status, _, _ = server.get("/api/v1/models")
            slowest = max(slowest, time.monotonic() - t)
            check(status == 200, f"a client was not served next to the slow one: {status}")
        check(slowest < 0.5, f"a request took {slowest:.2f} s next to a slow-loris client")
        slow.settimeout(10)
        try:
            closed = slow.recv(1024) is not None  # the server answers or closes
        except socket.timeout:
            closed = False
        check(closed, "the slow-loris connection was never cut off")
        check(time.monotonic() - started < 10, "cutting off the slow client took too long")
        stop.set()
        slow.close()
        # --watch.
        with open(os.path.join(project, "models", "watched_model.sql"), "w") as f:
            f.write("SELECT customer_id, tier FROM customer_tiers\n")
        deadline = time.monotonic() + 5
        names = []
        while time.monotonic() < deadline:
            _, _, models = server.json("/api/v1/models")
            names = [m["name"] for m in models.get("models", [])]
            if "watched_model" in names:
                break
            time.sleep(0.05)
        check("watched_model" in names, f"--watch did not pick up a new model: {names}")
    finally:
        server.stop()
        os.remove(os.path.join(project, "models", "watched_model.sql"))


def compiling_and_host(work):
    project = os.path.join(work, "big")
    done = rocky(work, "bench", "generate", "10000", project)
    check(done.returncode == 0, f"bench generate failed: {done.stderr}")
    server = Serve(project, "--host", "0.0.0.0")
    try:
        status, _, body = server.json("/api/v1/dag")
        check(status == 503 and body == {"error": "compiling"},
              f"before the first compile: {status} {str(body)[:200]}")
    finally:
        code, stderr = server.stop()
    check("reachable from the network" in stderr, f"no warning for 0.0.0.0: {stderr[-500:]}")
    check(code == 0, f"SIGTERM during the first compile: exit {code}")


def main():
    with tempfile.TemporaryDirectory(prefix="rocky-serve-api-") as work:
        project, _ = playground(work)
        done = rocky(project, "run", "--all", "-o", "json")
        check(done.returncode == 0, f"run --all failed: {done.stderr[-1000:]}")
        schemas = os.path.join(work, "schemas")
        done = rocky(work, "export-schemas", schemas, "-o", "json")
        check(done.returncode == 0, f"export-schemas failed: {done.stderr}")
        routes_and_auth(project, schemas)
        limits_and_watch(project)
        compiling_and_host(work)
    return finish("serve_api")


if __name__ == "__main__":
    sys.exit(main())
