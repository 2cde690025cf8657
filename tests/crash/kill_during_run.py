#!/usr/bin/env python3
"""kill -9 during `rocky run`, then a re-run or --resume-latest: every target table ends with the
source's rows exactly once and the state file opens cleanly. Repeated at several kill points,
then new rows land and an incremental run picks up exactly those.

usage: kill_during_run.py BUILD_DIR
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BUILD = os.path.abspath(sys.argv[1])
ROCKY = os.path.join(BUILD, "rocky")
EXEC = os.path.join(BUILD, "tests", "duckdb_exec")
TABLES = 40
ROWS = 150_000

CONFIG = """
[adapter]
type = "duckdb"
path = "wh.duckdb"

[pipeline.bronze]
strategy = "incremental"
timestamp_column = "synced_at"
source.schema_pattern = { prefix = "raw__", separator = "__", components = ["source"] }
target = { catalog_template = "wh", schema_template = "stg" }

[pipeline.bronze.execution]
concurrency = 2
"""


def sh(argv, cwd, check=True):
    p = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)
    if check and p.returncode != 0:
        raise SystemExit(f"FAILED: {' '.join(argv)}\n{p.stdout}\n{p.stderr}")
    return p


def query(cwd, sql):
    return sh([EXEC, "-q", "wh.duckdb", sql], cwd).stdout.strip()


def verify(cwd, label):
    problems = []
    for i in range(TABLES):
        t = f"t{i:02d}"
        src = query(cwd, f"SELECT COUNT(*) FROM raw__shop.{t}")
        got = query(cwd, "SELECT COUNT(*), COUNT(DISTINCT id) FROM information_schema.tables, "
                         f"(SELECT id FROM stg.{t}) WHERE table_schema = 'stg' AND table_name = '{t}'")
        if got != f"{src}|{src}":
            problems.append(f"{label}: stg.{t} has {got} (count|distinct), source has {src}")
    state = sh([ROCKY, "state", "-o", "json"], cwd, check=False)
    if state.returncode != 0:
        problems.append(f"{label}: rocky state failed: {state.stderr}")
    return problems


def main():
    work = tempfile.mkdtemp(prefix="rocky-crash-")
    problems = []
    try:
        open(os.path.join(work, "rocky.toml"), "w").write(CONFIG)
        create = ["CREATE SCHEMA raw__shop"]
        for i in range(TABLES):
            create.append(
                f"CREATE TABLE raw__shop.t{i:02d} AS SELECT r AS id, md5(r::VARCHAR) AS payload, "
                f"TIMESTAMP '2026-01-01' + INTERVAL (r) SECOND AS synced_at FROM range({ROWS}) t(r)")
        sh([EXEC, "wh.duckdb", ";\n".join(create)], work)

        kills = 0
        for delay in (0.15, 0.35, 0.6, 0.9):
            if kills and not os.path.exists(os.path.join(work, ".rocky")):
                pass
            proc = subprocess.Popen([ROCKY, "run", "-o", "json"], cwd=work,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait()
            # Half the time re-run plainly, half the time resume.
            args = ["run", "-o", "json"] if kills % 2 else ["run", "--resume-latest", "-o", "json"]
            rerun = sh([ROCKY] + args, work, check=False)
            if rerun.returncode != 0:
                problems.append(f"re-run after kill at {delay}s exited {rerun.returncode}: {rerun.stderr[-2000:]}")
            problems += verify(work, f"after kill at {delay}s")
            # Start the next round from scratch on the target side.
            sh([EXEC, "wh.duckdb", "DROP SCHEMA IF EXISTS stg CASCADE"], work)
            shutil.rmtree(os.path.join(work, ".rocky"), ignore_errors=True)
        if kills == 0:
            problems.append("the run always finished before the kill: make the tables bigger")

        # Two runs of one pipeline cannot interleave: the second is refused, naming the holder.
        first = subprocess.Popen([ROCKY, "run", "-o", "json"], cwd=work,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.15)
        second = sh([ROCKY, "run", "-o", "json"], work, check=False)
        still_running = first.poll() is None
        first.wait()
        if not still_running:
            problems.append("concurrent run: the first run finished before the second started")
        elif "is already running (lock held by" not in second.stderr or second.returncode != 1:
            problems.append(f"concurrent run: exit {second.returncode}, stderr {second.stderr[-500:]!r}")
        sh([EXEC, "wh.duckdb", "DROP SCHEMA IF EXISTS stg CASCADE"], work)
        shutil.rmtree(os.path.join(work, ".rocky"), ignore_errors=True)

        # SIGINT: no new table starts, running ones stop, history says failure, no JSON, exit 1.
        proc = subprocess.Popen([ROCKY, "run", "-o", "json"], cwd=work, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        if proc.returncode != 1 or "interrupted by shutdown signal" not in err or out.strip():
            problems.append(f"SIGINT: exit {proc.returncode}, stdout {out[:200]!r}, stderr {err[-500:]!r}")
        history = sh([ROCKY, "history", "-o", "json", "--limit", "1"], work).stdout
        if '"status": "failure"' not in history:
            problems.append(f"SIGINT: history does not record a failure: {history[:800]}")
        sh([ROCKY, "run", "--resume-latest", "-o", "json"], work)
        problems += verify(work, "after SIGINT and --resume-latest")

        # Kill during an incremental run after new rows landed.
        sh([EXEC, "wh.duckdb", ";\n".join(
            f"INSERT INTO raw__shop.t{i:02d} SELECT r, 'new', TIMESTAMP '2027-01-01' + INTERVAL (r) SECOND "
            f"FROM range({ROWS}, {ROWS} + 20000) t(r)" for i in range(TABLES))], work)
        proc = subprocess.Popen([ROCKY, "run", "-o", "json"], cwd=work,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.2)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        sh([ROCKY, "run", "--resume-latest", "-o", "json"], work)
        problems += verify(work, "incremental after kill")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for p in problems:
        print(p)
    print(f"kill_during_run: {kills} kill(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
