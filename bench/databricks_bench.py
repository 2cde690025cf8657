#!/usr/bin/env python3
"""1,000 tables replicated through the Databricks emulator (issue 14's bench).

The emulator adds LATENCY_MS to every request and answers 429 REQUEST_LIMIT_EXCEEDED (no
Retry-After) to Statement Execution API requests beyond LIMIT executing at once. Each table is
one CTAS plus its component tags (SET TAGS), as a first run on Databricks does. Two runs, each
on a fresh emulator, with adaptive_concurrency on:
  - concurrency 16 (Rocky's default): the limit is never exceeded, AIMD must not shrink it;
  - concurrency 32: twice what the service takes, AIMD has to find the limit.
Prints per run the wall time of `rocky run`, requests per table, the 429s, the concurrency AIMD
settled at (time-weighted mean of the limit over the copies, from Rocky's debug log) and where
it ended, and both processes' CPU. Targets: settled between 12 and 16; wall <= 1.3 x
(requests x LATENCY_MS / LIMIT). The emulator runs statements one at a time on DuckDB on the same
machine as Rocky, so part of the wall time is the emulator's.

usage: databricks_bench.py BUILD_DIR [TABLES]
"""
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime

BUILD = os.path.abspath(sys.argv[1])
TABLES = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
ROCKY = os.path.join(BUILD, "rocky")
EMULATOR = os.path.join(BUILD, "tests", "emulators", "databricks", "databricks_emulator")
LATENCY_MS = 20
LIMIT = 16
TOKEN = "dapi-bench"
SCHEMAS = 10


def call(url, body=None, method=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    req.add_header("Authorization", "Bearer " + TOKEN)
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"{}")


def process_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def config(url, names, concurrency):
    schemas = [f"src__acme__s{i:02d}" for i in range(SCHEMAS)]
    manual = "".join(
        f'[[adapter.src.schemas]]\nname = "{s}"\ntables = {json.dumps(names[i::SCHEMAS])}\n'
        for i, s in enumerate(schemas))
    return f'''[adapter.dbx]
type = "databricks"
host = "{url}"
http_path = "/sql/1.0/warehouses/emulator-warehouse"
token = "{TOKEN}"

[adapter.src]
type = "manual"
{manual}
[pipeline.bronze]
strategy = "full_refresh"
[pipeline.bronze.execution]
concurrency = {concurrency}
adaptive_concurrency = true
[pipeline.bronze.source]
adapter = "dbx"
catalog = "raw"
schema_pattern = {{ prefix = "src__", separator = "__", components = ["tenant", "source"] }}
discovery = {{ adapter = "src" }}
[pipeline.bronze.target]
adapter = "dbx"
catalog_template = "raw"
schema_template = "stg_{{source}}"
[pipeline.bronze.target.governance]
auto_create_schemas = true
'''


def settled_limit(log, start_limit):
    """Time-weighted mean of the AIMD limit between the first and the last copy."""
    changes, first, last = [], None, None
    for line in log.splitlines():
        if not line.startswith("{"):
            continue
        entry = json.loads(line)
        t = datetime.fromisoformat(entry["timestamp"].replace("Z", "+00:00")).timestamp()
        message = entry["message"]
        if '"event":"before_materialize"' in message and first is None:
            first = t
        if '"event":"after_materialize"' in message:
            last = t
        m = re.match(r"adaptive concurrency: (?:rate limited, limit \d+ -> |limit )(\d+)", message)
        if m:
            changes.append((t, int(m.group(1))))
    if first is None or last is None or last <= first:
        return float(start_limit)
    limit, at, area = start_limit, first, 0.0
    for t, value in changes:
        if t <= first:
            limit = value
            continue
        if t >= last:
            break
        area += limit * (t - at)
        limit, at = value, t
    area += limit * (last - at)
    return area / (last - first)


def run(concurrency, work):
    work = os.path.join(work, str(concurrency))
    os.makedirs(work)
    emulator = subprocess.Popen(
        [EMULATOR, "--token", TOKEN, "--latency-ms", str(LATENCY_MS),
         "--max-concurrent-statements", str(LIMIT)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = emulator.stdout.readline().strip().removeprefix("listening on ")
        call(url + "/api/2.0/sql/statements",
             {"warehouse_id": "emulator-warehouse", "statement": "CREATE CATALOG raw"})
        names = [f"t{i:04d}" for i in range(TABLES)]
        for s in range(SCHEMAS):  # seeded straight into DuckDB, 100 tables per request
            schema = f"src__acme__s{s:02d}"
            batch = [f"CREATE SCHEMA raw.{schema}"] + [
                f"CREATE TABLE raw.{schema}.{n} AS SELECT range AS id, TIMESTAMP '2026-12-01' "
                f"+ INTERVAL (range) MINUTE AS _fivetran_synced FROM range(10)"
                for n in names[s::SCHEMAS]]
            call(url + "/_emulator/databricks/sql", {"sql": ";\n".join(batch)})
        with open(os.path.join(work, "rocky.toml"), "w") as f:
            f.write(config(url, names, concurrency))
        call(url + "/_emulator/requests", method="DELETE")
        emulator_cpu = process_cpu(emulator.pid)
        rocky_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        p = subprocess.run([ROCKY, "-v", "run", "-o", "json"], cwd=work, capture_output=True,
                           text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if os.environ.get("BENCH_LOG"):  # keep Rocky's debug log for a look
            with open(f"{os.environ['BENCH_LOG']}.{concurrency}", "w") as f:
                f.write(p.stderr)
        if p.returncode != 0:
            sys.exit(f"rocky run failed ({p.returncode}): {p.stderr[-2000:]}")
        out = json.loads(p.stdout)
        return {
            "wall": wall,
            "out": out,
            "requests": len(call(url + "/_emulator/requests")),
            "load": call(url + "/_emulator/databricks/state")["load"],
            "emulator_cpu": process_cpu(emulator.pid) - emulator_cpu,
            "rocky_cpu": (after.ru_utime + after.ru_stime)
                         - (rocky_cpu.ru_utime + rocky_cpu.ru_stime),
            "settled": settled_limit(p.stderr, concurrency),
        }
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)


def report(concurrency, r):
    copied = r["out"].get("tables_copied", 0)
    execution = r["out"].get("execution", {})
    ideal = r["requests"] * LATENCY_MS / 1000.0 / LIMIT
    ok_copied = copied == TABLES
    ok_settled = 12 <= r["settled"] <= 16
    ok_wall = r["wall"] <= 1.3 * ideal
    print(f"-- concurrency {concurrency}, adaptive (service takes {LIMIT})")
    print(f"tables copied        {copied} of {TABLES}   {'ok' if ok_copied else 'FAILED'}")
    print(f"requests             {r['requests']} ({r['requests'] / TABLES:.2f} per table), "
          f"{r['load']['shed']} answered 429")
    print(f"CPU                  rocky {r['rocky_cpu']:.2f} s, emulator {r['emulator_cpu']:.2f} s")
    print(f"AIMD settled at      {r['settled']:.1f} (time-weighted; ended at "
          f"{execution.get('final_concurrency')}, {execution.get('rate_limits_detected')} "
          f"rate-limit answers)   target 12..16   {'ok' if ok_settled else 'OVER'}")
    print(f"wall                 {r['wall']:.2f} s   target <= 1.3 x {ideal:.2f} s = "
          f"{1.3 * ideal:.2f} s   {'ok' if ok_wall else 'OVER'}")
    return ok_copied and ok_settled and ok_wall


def main():
    work = tempfile.mkdtemp(prefix="rocky-dbx-bench-")
    try:
        results = [(c, run(c, work)) for c in (16, 32)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ok = True
    for concurrency, r in results:
        ok = report(concurrency, r) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
