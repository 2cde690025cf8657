#!/usr/bin/env python3
"""Remote state (runtime.md §11) shared by two runners, for each backend: `s3` (the S3 emulator,
which checks SigV4 and conditional writes), `valkey` (a real redis-server) and `tiered` (both).

Two project folders stand in for two runners and share one warehouse (the playground's DuckDB
file) and one remote state. Runner A runs the playground's replication (500 orders, 50
customers). Three new orders land. Runner B, with no local state, downloads A's state and copies
only the 3 new orders and no customer; `rocky doctor` in B finds the remote state; B's history
shows both runs (A's run can only be there through the remote state). The secret key and the
Valkey password never appear in Rocky's output.

usage: remote_state.py BUILD_DIR
"""
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import BUILD, check, finish, rocky, start_emulator, stop  # noqa: E402
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
    done = rocky(os.path.dirname(a), "playground", "a", "-o", "json")
    check(done.returncode == 0, f"{backend}: playground failed: {done.stderr}")
    warehouse = os.path.join(a, "playground.duckdb")
    with open(os.path.join(a, "rocky.toml")) as f:
        toml = f.read()
    state = state_section(backend, s3_url, valkey_url, f"state-{backend}")
    with open(os.path.join(a, "rocky.toml"), "w") as f:
        f.write(toml + "\n" + state)
    os.makedirs(b)
    shutil.copytree(os.path.join(a, "models"), os.path.join(b, "models"))
    with open(os.path.join(b, "rocky.toml"), "w") as f:
        f.write(toml.replace('path = "playground.duckdb"', f'path = "{warehouse}"') + "\n" + state)
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
               ROCKY_TEST_VALKEY_URL=valkey_url, AWS_SHARED_CREDENTIALS_FILE="/nonexistent")

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
          f"{backend}: reachable, remote state of " in sync[0]["message"],
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


def main():
    with tempfile.TemporaryDirectory(prefix="rocky-remote-state-") as work, \
            ValkeyServer(password=PASSWORD) as valkey:
        s3, s3_url = start_emulator("s3", "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY,
                                    "--region", "us-east-1", "--bucket", "rocky-state")
        try:
            for backend in ("s3", "valkey", "tiered"):
                two_runners(work, backend, s3_url, valkey.url(db=1))
        finally:
            stop(s3)
    return finish("remote_state")


if __name__ == "__main__":
    sys.exit(main())
