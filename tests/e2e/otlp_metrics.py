#!/usr/bin/env python3
"""Metrics export over OTLP/HTTP JSON (services.md §3.1) from a real `rocky run` of the
playground, received by a small OTLP receiver on 127.0.0.1 (an ephemeral port).

1. With OTEL_EXPORTER_OTLP_ENDPOINT (a trailing slash, stripped), OTEL_SERVICE_NAME and
   OTEL_EXPORTER_OTLP_HEADERS set, the run POSTs /v1/metrics as application/json with the
   decoded header; the last export holds a gauge `rocky.<field>` for every field of the run's
   `metrics` (asInt as a string equal to the output's value, asDouble for error_rate_pct), the
   resource's service.name, and run_id/pipeline on the data points. The header value never
   appears in Rocky's output, even at debug level.
2. OTEL_EXPORTER_OTLP_METRICS_ENDPOINT is used as is (no /v1/metrics appended).
3. A receiver answering 503 and an endpoint on a closed port: the run still exits 0, with one
   `metrics export failed` warning, and promptly.
4. `rocky metrics` after those runs: the table's latest quality snapshot holds the row count the
   run copied; an unknown model says `no quality metrics available`.

usage: otlp_metrics.py BUILD_DIR
"""
import json
import os
import socket
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import check, finish, playground, rocky  # noqa: E402

SECRET = "otlp-Secret-8d2f"
ORDERS = "playground.staging__orders.orders"


class Receiver:
    """An OTLP/HTTP receiver: records every request (method, path, headers, parsed body) and
    answers `status` with an empty JSON ExportMetricsServiceResponse."""

    def __init__(self, status=200):
        self.requests = []
        self.status = status
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                receiver.requests.append({"path": self.path, "headers": dict(self.headers),
                                          "body": body})
                answer = b"{}"
                self.send_response(receiver.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def otel_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env.update(extra)
    return env


def gauges(body):
    """{name: data point} of an ExportMetricsServiceRequest, plus the resource attributes."""
    rm = body["resourceMetrics"][0]
    resource = {a["key"]: a["value"]["stringValue"] for a in rm["resource"]["attributes"]}
    points = {}
    for m in rm["scopeMetrics"][0]["metrics"]:
        points[m["name"]] = m["gauge"]["dataPoints"][0]
    return resource, points


def check_export(receiver, output, what):
    posts = receiver.requests
    check(len(posts) >= 1, f"{what}: the receiver got no request")
    if not posts:
        return
    for p in posts:
        check(p["path"] == "/v1/metrics", f"{what}: POST to {p['path']}, expected /v1/metrics")
        check(p["headers"].get("Content-Type") == "application/json",
              f"{what}: Content-Type {p['headers'].get('Content-Type')!r}")
        check(p["body"] is not None, f"{what}: the body is not JSON")
    last = posts[-1]
    if last["body"] is None:
        return
    resource, points = gauges(last["body"])
    check(resource.get("service.name") == "rocky-e2e", f"{what}: service.name is {resource}")
    metrics = output["metrics"]
    check(sorted(points) == sorted("rocky." + k for k in metrics),
          f"{what}: gauges {sorted(points)} do not match the snapshot fields {list(metrics)}")
    tp = points.get("rocky.tables_processed", {})
    check(tp.get("asInt") == str(metrics["tables_processed"]) and metrics["tables_processed"] == 2,
          f"{what}: rocky.tables_processed {tp} vs output {metrics['tables_processed']}")
    for field, value in metrics.items():
        point = points.get("rocky." + field, {})
        if field == "error_rate_pct":
            check(point.get("asDouble") == value, f"{what}: {field} {point} vs {value}")
        else:
            check(point.get("asInt") == str(value), f"{what}: {field} {point} vs {value}")
        check(isinstance(point.get("timeUnixNano"), str) and point["timeUnixNano"].isdigit(),
              f"{what}: {field} timeUnixNano {point.get('timeUnixNano')!r}")
    attrs = {a["key"]: a["value"]["stringValue"] for a in tp.get("attributes", [])}
    check(attrs == {"run_id": output["run_id"], "pipeline": "bronze"},
          f"{what}: data point attributes {attrs}")


def main():
    work = tempfile.mkdtemp(prefix="rocky-otlp-")
    project, _ = playground(work)

    # 1. The base endpoint, with a service name and a secret header.
    receiver = Receiver()
    env = otel_env(OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{receiver.port}/",
                   OTEL_SERVICE_NAME="rocky-e2e",
                   OTEL_EXPORTER_OTLP_HEADERS=f"x-api-key={SECRET.replace('-', '%2D')},x-team=data")
    done = rocky(project, "run", "-o", "json", "-v", env=env)
    receiver.stop()
    check(done.returncode == 0, f"run with export failed: {done.stderr}")
    check(SECRET not in done.stdout and SECRET not in done.stderr,
          "the OTLP header value appears in Rocky's output")
    check("metrics export failed" not in done.stderr, f"unexpected export warning: {done.stderr}")
    first = json.loads(done.stdout) if done.returncode == 0 else None
    if first:
        check_export(receiver, first, "base endpoint")
        if receiver.requests:
            h = receiver.requests[-1]["headers"]
            check(h.get("x-api-key") == SECRET and h.get("x-team") == "data",
                  f"headers from OTEL_EXPORTER_OTLP_HEADERS not sent: {h}")

    # 2. The metrics endpoint, used as is.
    receiver = Receiver()
    env = otel_env(OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=f"http://127.0.0.1:{receiver.port}/custom",
                   OTEL_SERVICE_NAME="rocky-e2e")
    done = rocky(project, "run", "-o", "json", env=env)
    receiver.stop()
    check(done.returncode == 0, f"run with the metrics endpoint failed: {done.stderr}")
    check([r["path"] for r in receiver.requests] == ["/custom"],
          f"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: requests to {[r['path'] for r in receiver.requests]}")

    # 3. Failures are one warning each and never fail the run.
    receiver = Receiver(status=503)
    done = rocky(project, "run", "-o", "table",
                 env=otel_env(OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{receiver.port}"))
    receiver.stop()
    check(done.returncode == 0, f"a 503 from the receiver failed the run: {done.stderr}")
    check(done.stderr.count("metrics export failed") == 1 and "HTTP 503" in done.stderr,
          f"503: expected one warning naming the status: {done.stderr}")
    started = time.monotonic()
    done = rocky(project, "run", "-o", "json",
                 env=otel_env(OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{closed_port()}"))
    elapsed = time.monotonic() - started
    check(done.returncode == 0, f"a closed port failed the run: {done.stderr}")
    check(done.stderr.count("metrics export failed") == 1,
          f"closed port: expected one warning: {done.stderr}")
    check(elapsed < 30, f"closed port: the run took {elapsed:.1f} s")
    last = json.loads(done.stdout) if done.returncode == 0 else None

    # 4. `rocky metrics` on what the runs recorded.
    done = rocky(project, "metrics", ORDERS, "--trend", "-o", "json")
    check(done.returncode == 0, f"rocky metrics failed: {done.stderr}")
    if done.returncode == 0:
        out = json.loads(done.stdout)
        check(out["count"] == 4 and len(out["snapshots"]) == 4, f"metrics --trend: {out}")
        if last and out["snapshots"]:
            latest = out["snapshots"][0]
            check(latest["run_id"] == last["run_id"] and latest["row_count"] == 500,
                  f"metrics: latest snapshot {latest} (last run {last['run_id']})")
    done = rocky(project, "metrics", "no_such_model", "-o", "json")
    check(done.returncode == 0 and
          json.loads(done.stdout).get("message") == "no quality metrics available",
          f"metrics without data: {done.stdout} {done.stderr}")
    return finish("otlp_metrics")


if __name__ == "__main__":
    sys.exit(main())
