#!/usr/bin/env python3
"""The distributed run lock (runtime.md §11.3, services.md §2) of `rocky run` against a real
redis-server started for the test (tests/e2e/valkey_server.py), on the playground project.

- With `cache.valkey_url` set (a password, database 2), a run takes `rocky:lock:run:bronze`,
  writes its `:info` ({host, pid, run_id, started_at}) and releases the lock at the end.
- A lock held by another host refuses the run with exit 1 and
  `pipeline 'bronze' is already running (lock held by <host>:<pid> since <time>); its run id:
  <run_id>`, and leaves
  that lock alone.
- Without [cache], the `valkey` state backend's `state.valkey_url` enables the lock.
- A lock taken away during the run (a pipeline_start hook overwrites the key) stops the run:
  exit 1 and `run lock lost`.
- Valkey unreachable: exit 1 with `cannot connect to Valkey at 127.0.0.1:<port>`.
The password never appears in Rocky's output.

usage: valkey_run_lock.py BUILD_DIR
"""
import json
import os
import shlex
import socket
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import check, finish, playground, rocky  # noqa: E402
from valkey_server import ValkeyServer  # noqa: E402

PASSWORD = "Lock-pw-5d1e77"
LOCK = "rocky:lock:run:bronze"


def no_password(done, what):
    check(PASSWORD not in done.stdout and PASSWORD not in done.stderr,
          f"{what}: the password appears in Rocky's output")


def main():
    with tempfile.TemporaryDirectory(prefix="rocky-valkey-lock-") as work, \
            ValkeyServer(password=PASSWORD) as valkey:
        project, base_toml = playground(work)
        env = dict(os.environ, ROCKY_TEST_VALKEY_URL=valkey.url(db=2))

        def configure(extra):
            with open(os.path.join(project, "rocky.toml"), "w") as f:
                f.write(base_toml + "\n" + extra)

        def run(what):
            done = rocky(project, "run", "-o", "json", env=env)
            no_password(done, what)
            return done

        # 1. cache.valkey_url: the run holds the lock and releases it.
        configure('[cache]\nvalkey_url = "${ROCKY_TEST_VALKEY_URL}"\n')
        done = run("first run")
        check(done.returncode == 0, f"first run failed: {done.stderr}")
        run_id = json.loads(done.stdout).get("run_id") if done.returncode == 0 else None
        check(valkey.cli("EXISTS", LOCK, db=2) == "0", "the lock was not released")
        info = valkey.cli("GET", LOCK + ":info", db=2)
        check(info != "", "no :info was written (the lock was not taken)")
        if info:
            holder = json.loads(info)
            check(list(holder) == ["pid", "host", "run_id", "started_at"], f":info fields {holder}")
            check(holder.get("run_id") == run_id, f":info run_id {holder} vs {run_id}")
            check(holder.get("host") == socket.gethostname(), f":info host {holder}")
            check(isinstance(holder.get("pid"), int), f":info pid {holder}")

        # 2. Held by another run elsewhere: refused, naming it; that lock is left alone.
        valkey.cli("SET", LOCK, "0123456789abcdef0123456789abcdef", "PX", "60000", db=2)
        valkey.cli("SET", LOCK + ":info", json.dumps({
            "pid": 4242, "host": "other-host", "run_id": "run-20260407-100000-000",
            "started_at": "2026-04-07T10:00:00Z"}), "PX", "60000", db=2)
        done = run("refused run")
        check(done.returncode == 1, f"a held lock did not refuse the run: {done.returncode}")
        check("pipeline 'bronze' is already running (lock held by other-host:4242 since "
              "2026-04-07T10:00:00Z); its run id: run-20260407-100000-000" in done.stderr, f"refusal message: {done.stderr}")
        check(valkey.cli("GET", LOCK, db=2) == "0123456789abcdef0123456789abcdef",
              "the refused run touched the other run's lock")
        valkey.cli("DEL", LOCK, LOCK + ":info", db=2)

        # 3. The valkey state backend's URL enables the lock when [cache] has none.
        configure('[state]\nbackend = "valkey"\nvalkey_url = "${ROCKY_TEST_VALKEY_URL}"\n')
        done = run("state backend run")
        check(done.returncode == 0, f"run with the valkey state backend failed: {done.stderr}")
        info = valkey.cli("GET", LOCK + ":info", db=2)
        check(info != "" and json.loads(info).get("run_id") == json.loads(done.stdout or "{}").get(
            "run_id"), f"the state backend's URL did not take the lock: {info}")

        # 4. The lock taken away mid-run: a pipeline_start hook overwrites the key, then waits
        # longer than a renewal interval (lock_ttl_secs = 1: renewals every 333 ms).
        steal = " ".join(shlex.quote(a) for a in valkey.cli_argv(db=2) + ["SET", LOCK, "stolen"])
        configure('[cache]\nvalkey_url = "${ROCKY_TEST_VALKEY_URL}"\n'
                  '[state]\nlock_ttl_secs = 1\n'
                  f'[[hook.on_pipeline_start]]\ncommand = "{steal} >/dev/null && sleep 1.5"\n')
        done = run("lost lock run")
        check(done.returncode == 1, f"a lost lock did not stop the run: {done.returncode} "
                                    f"{done.stderr}")
        check("run lock lost" in done.stderr, f"no 'run lock lost': {done.stderr}")
        check(valkey.cli("GET", LOCK, db=2) == "stolen", "the run deleted the new holder's lock")
        valkey.cli("DEL", LOCK, db=2)

        # 5. Valkey unreachable: the run cannot take the lock and does not run.
        configure('[cache]\nvalkey_url = "${ROCKY_TEST_VALKEY_URL}"\n')
        port = valkey.port
        valkey.stop()
        done = run("unreachable run")
        check(done.returncode == 1, f"an unreachable Valkey did not fail the run: {done.returncode}")
        check(f"cannot connect to Valkey at 127.0.0.1:{port}" in done.stderr,
              f"unreachable message: {done.stderr}")
    return finish("valkey_run_lock")


if __name__ == "__main__":
    sys.exit(main())
