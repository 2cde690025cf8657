#!/usr/bin/env python3
"""Remote state (runtime.md §11) shared by two runners, for each backend: `s3` (the S3 emulator,
which checks SigV4 and conditional writes), `valkey` (a real redis-server) and `tiered` (both).

Two project folders stand in for two runners and share one warehouse (the playground's DuckDB
file) and one remote state. Runner A runs the playground's replication (500 orders, 50
customers). Three new orders land. Runner B, with no local state, downloads A's state and copies
only the 3 new orders and no customer; `rocky doctor` in B finds the remote state; B's history
shows both runs (A's run can only be there through the remote state). The secret key and the
Valkey password never appear in Rocky's output.

`rocky state sync`: runner C (a fresh folder) pulls the remote state and sees B's watermarks and
both runs; a push from C replaces the remote copy; without a remote copy a pull changes nothing.

Conflict: runners X and Y (each its own warehouse, one remote state) start together; each holds
its run in a pipeline_start hook, so both download the same state before either uploads. X copies
only orders, Y only customers (different pipelines, so the Valkey run lock lets both run). The
second upload conflicts and replays its journal onto the first's copy: the remote state ends with
both tables' watermarks and both runs.

usage: remote_state.py BUILD_DIR
"""
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import (BUILD, check, finish, playground, rocky, rocky_async,  # noqa: E402
                         start_emulator, stop)
from valkey_server import ValkeyServer  # noqa: E402

ACCESS_KEY = "AKIDREMOTESTATE"
SECRET_KEY = "remote/State+Secret/0123456789abcdefghij"
PASSWORD = "State-pw-93c1"
DUCKDB_EXEC = os.path.join(BUILD, "tests", "duckdb_exec")


def rows_copied(done):
    out = json.loads(done.stdout)
    return {m["asset_key"][-1]: m["rows_copied"] for m in out["materializations"]}


def no_secrets(done, what):
    for secret in (SECRET_KEY, PASSWORD):
        check(secret not in done.stdout and secret not in done.stderr,
              f"{what}: a secret appears in Rocky's output")


def runner_env(valkey_url):
    """A runner's environment: the S3 keys and the Valkey URL, no shared credentials file."""
    return dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
                ROCKY_TEST_VALKEY_URL=valkey_url, AWS_SHARED_CREDENTIALS_FILE="/nonexistent")


def state_section(backend, s3_url, valkey_url, prefix):
    lines = ["[state]", f'backend = "{backend}"']
    if backend in ("s3", "tiered"):
        lines += ['s3_bucket = "rocky-state"', f's3_prefix = "{prefix}/"',
                  f's3_endpoint = "{s3_url}"', 's3_region = "us-east-1"']
    if backend in ("valkey", "tiered"):
        lines += ['valkey_url = "${ROCKY_TEST_VALKEY_URL}"', f'valkey_prefix = "{prefix}:"']
    return "\n".join(lines) + "\n"


def two_runners(work, backend, s3_url, valkey_url):
    a = os.path.join(work, backend, "a")
    b = os.path.join(work, backend, "b")
    os.makedirs(os.path.dirname(a), exist_ok=True)
    _, toml = playground(os.path.dirname(a), "a")
    warehouse = os.path.join(a, "playground.duckdb")
    state = state_section(backend, s3_url, valkey_url, f"state-{backend}")
    with open(os.path.join(a, "rocky.toml"), "w") as f:
        f.write(toml + "\n" + state)
    os.makedirs(b)
    shutil.copytree(os.path.join(a, "models"), os.path.join(b, "models"))
    with open(os.path.join(b, "rocky.toml"), "w") as f:
        f.write(toml.replace('path = "playground.duckdb"', f'path = "{warehouse}"') + "\n" + state)
    env = runner_env(valkey_url)

    def run(project, who):
        """`rocky run` in `project`: the result when it succeeded, else None (a failed check)."""
        done = rocky(project, "run", "-o", "json", env=env)
        no_secrets(done, f"{backend} {who}")
        check(done.returncode == 0, f"{backend}: {who} failed: {done.stderr}")
        return done if done.returncode == 0 else None

    first = run(a, "runner A")
    if not first:
        return
    check(rows_copied(first) == {"orders": 500, "customers": 50},
          f"{backend}: runner A copied {rows_copied(first)}")
    check("warning" not in first.stderr, f"{backend}: runner A warned: {first.stderr}")

    landed = os.system(f"{DUCKDB_EXEC} {warehouse} \"INSERT INTO raw__orders.orders SELECT i, 1, "
                       f"9.99, 'pending', DATE '2026-04-01', CAST(now() AS TIMESTAMP) "
                       f"FROM range(501, 504) t(i)\"")
    check(landed == 0, f"{backend}: landing 3 new orders failed")

    doctor = rocky(b, "doctor", "-o", "json", env=env)
    no_secrets(doctor, f"{backend} doctor")
    sync = [c for c in json.loads(doctor.stdout)["checks"] if c["name"] == "state_sync"]
    check(len(sync) == 1 and sync[0]["status"] == "healthy" and
          sync[0]["message"].startswith(f"{backend} (") and
          "): reachable, remote state of " in sync[0]["message"],
          f"{backend}: doctor's state_sync check: {sync}")
    check(not os.path.exists(os.path.join(b, ".rocky", "state.db")),
          f"{backend}: runner B has local state before its first run")
    second = run(b, "runner B")
    if not second:
        return
    check(rows_copied(second) == {"orders": 3, "customers": 0},
          f"{backend}: runner B copied {rows_copied(second)} (expected only the 3 new orders)")
    history = rocky(b, "history", "-o", "json", env=env)
    runs = [r["run_id"] for r in json.loads(history.stdout)["runs"]]
    ids = {json.loads(first.stdout)["run_id"], json.loads(second.stdout)["run_id"]}
    check(ids <= set(runs), f"{backend}: B's history {runs} lacks a run of {ids}")

    # rocky state sync: C pulls what B left, then pushes it back.
    c = os.path.join(work, backend, "c")
    os.makedirs(c)
    shutil.copy(os.path.join(b, "rocky.toml"), os.path.join(c, "rocky.toml"))
    pulled = rocky(c, "state", "sync", "--pull", "-o", "json", env=env)
    no_secrets(pulled, f"{backend} pull")
    check(pulled.returncode == 0, f"{backend}: state sync --pull failed: {pulled.stderr}")
    if pulled.returncode == 0:
        out = json.loads(pulled.stdout)
        check(out["command"] == "state_sync" and out["direction"] == "pull" and
              out["backend"] == backend and out["transferred"] and out["bytes"] > 0,
              f"{backend}: pull output {out}")
    marks = {who: json.loads(rocky(p, "state", "-o", "json", env=env).stdout)["watermarks"]
             for who, p in (("b", b), ("c", c))}
    check(marks["b"] == marks["c"] and len(marks["c"]) == 2,
          f"{backend}: C's pulled watermarks {marks['c']} differ from B's {marks['b']}")
    history = json.loads(rocky(c, "history", "-o", "json", env=env).stdout)
    check(ids <= {r["run_id"] for r in history["runs"]}, f"{backend}: C's history lacks a run")
    pushed = rocky(c, "state", "sync", "--push", "-o", "json", env=env)
    no_secrets(pushed, f"{backend} push")
    check(pushed.returncode == 0 and json.loads(pushed.stdout)["transferred"],
          f"{backend}: state sync --push failed: {pushed.stderr}")


def conflict(work, backend, s3_url, valkey_url):
    """Two runners upload after changing different tables' watermarks: neither change is lost."""
    root = os.path.join(work, backend + "-conflict")
    os.makedirs(root)
    state = state_section(backend, s3_url, valkey_url, f"conflict-{backend}")
    env = runner_env(valkey_url)
    runners = {}
    for name, pipeline, source in (("x", "bronze", "orders"), ("y", "bronze_y", "customers")):
        project, toml = playground(root, name)
        toml = toml.replace("[pipeline.bronze", f"[pipeline.{pipeline}")
        with open(os.path.join(project, "rocky.toml"), "w") as f:
            f.write(toml + "\n" + state +
                    '\n[[hook.on_pipeline_start]]\ncommand = "sleep 1.5"\n')
        runners[name] = (project, source)
    procs = {}
    for name, (project, source) in runners.items():
        procs[name] = rocky_async(project, "run", "--filter", f"source={source}", "-o", "json",
                                  env=env)
        time.sleep(0.05)  # run ids have millisecond precision (runtime.md §1): keep them distinct
    results = {name: proc.communicate(timeout=60) + (proc.returncode,)
               for name, proc in procs.items()}
    run_ids = set()
    for name, (stdout, stderr, code) in results.items():
        check(code == 0, f"{backend}: conflict runner {name} failed: {stderr}")
        for secret in (SECRET_KEY, PASSWORD):
            check(secret not in stdout and secret not in stderr, f"{backend}: secret in output")
        if code == 0:
            run_ids.add(json.loads(stdout)["run_id"])
        check("upload skipped" not in stderr, f"{backend}: runner {name} gave up: {stderr}")
    merged = [n for n, (_, stderr, _) in results.items() if "writes were merged" in stderr]
    check(len(merged) == 1, f"{backend}: expected one runner to merge, not {merged}")
    # A fresh folder pulls the merged state.
    z = os.path.join(root, "z")
    os.makedirs(z)
    shutil.copy(os.path.join(runners["x"][0], "rocky.toml"), os.path.join(z, "rocky.toml"))
    pulled = rocky(z, "state", "sync", "--pull", "-o", "json", env=env)
    check(pulled.returncode == 0, f"{backend}: pulling the merged state failed: {pulled.stderr}")
    marks = json.loads(rocky(z, "state", "-o", "json", env=env).stdout)["watermarks"]
    check(sorted(m["table"] for m in marks) ==
          ["playground.staging__customers.customers", "playground.staging__orders.orders"],
          f"{backend}: a concurrent change was lost: remote watermarks {marks}")
    history = json.loads(rocky(z, "history", "-o", "json", env=env).stdout)
    check(run_ids <= {r["run_id"] for r in history["runs"]} and len(run_ids) == 2,
          f"{backend}: a concurrent run is missing from the history: {history['runs']}")


def main():
    with tempfile.TemporaryDirectory(prefix="rocky-remote-state-") as work, \
            ValkeyServer(password=PASSWORD) as valkey:
        s3, s3_url = start_emulator("s3", "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY,
                                    "--region", "us-east-1", "--bucket", "rocky-state")
        try:
            for backend in ("s3", "valkey", "tiered"):
                two_runners(work, backend, s3_url, valkey.url(db=1))
                conflict(work, backend, s3_url, valkey.url(db=1))
        finally:
            stop(s3)
    return finish("remote_state")


if __name__ == "__main__":
    sys.exit(main())
