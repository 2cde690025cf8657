#!/usr/bin/env python3
"""Two runners, one pipeline: the Valkey run lock (runtime.md §11.3, services.md §2) decides, on
the playground, with a real redis-server (tests/e2e/valkey_server.py).

Runners A and B are two project folders sharing the playground's warehouse and one Valkey.
- 20 times, A and B start `rocky run` at the same instant (a pipeline_start hook holds each run
  for a moment, so the two always overlap): exactly one runs; the other exits 1 with
  `pipeline 'bronze' is already running (lock held by <host>:<pid> since <time>); its run id:
  <run id>`, naming the winner's process and run.
- `kill -9` of the holder: its lock outlives it until the TTL (lock_ttl_secs = 3) runs out, so a
  run started at once is refused naming the dead process; then the lock frees by expiry and the
  next run proceeds, no later than the TTL after the kill.
The Valkey password never appears in Rocky's output.

usage: run_lock_race.py BUILD_DIR
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import ROCKY, check, finish, playground, rocky, rocky_async  # noqa: E402
from valkey_server import ValkeyServer  # noqa: E402

PASSWORD = "Race-pw-7a41c2"
LOCK = "rocky:lock:run:bronze"
ROUNDS = 20
TTL_SECS = 3
HOLD = "sleep 29.731"  # a hook command the test can find again with pkill


def refusal(pid):
    """The start of the refusal naming the holder process `pid` on this host."""
    return (f"pipeline 'bronze' is already running (lock held by {socket.gethostname()}:{pid} "
            f"since ")


def make_runners(work):
    a, toml = playground(work, "a")
    b = os.path.join(work, "b")
    os.makedirs(b)
    shutil.copytree(os.path.join(a, "models"), os.path.join(b, "models"))
    warehouse = os.path.join(a, "playground.duckdb")
    return a, b, toml, toml.replace('path = "playground.duckdb"', f'path = "{warehouse}"')


def configure(folder, toml, hook):
    with open(os.path.join(folder, "rocky.toml"), "w") as f:
        f.write(toml + '\n[cache]\nvalkey_url = "${ROCKY_TEST_VALKEY_URL}"\n'
                f'[state]\nlock_ttl_secs = {TTL_SECS}\n'
                f'[[hook.on_pipeline_start]]\ncommand = "{hook}"\n')


def no_password(stdout, stderr, what):
    check(PASSWORD not in stdout and PASSWORD not in stderr, f"{what}: the password leaked")


def race(a, b, env):
    """ROUNDS simultaneous starts: exactly one wins each time, the loser names the winner."""
    wins = {"a": 0, "b": 0}
    for round_no in range(ROUNDS):
        procs = {"a": rocky_async(a, "run", "-o", "json", env=env),
                 "b": rocky_async(b, "run", "-o", "json", env=env)}
        out = {n: p.communicate(timeout=120) + (p.returncode, p.pid) for n, p in procs.items()}
        for n, (stdout, stderr, _, _) in out.items():
            no_password(stdout, stderr, f"round {round_no} runner {n}")
        winners = [n for n, o in out.items() if o[2] == 0]
        losers = [n for n, o in out.items() if o[2] == 1]
        if len(winners) != 1 or len(losers) != 1:
            check(False, f"round {round_no}: exit codes "
                         f"{ {n: o[2] for n, o in out.items()} } (expected one 0 and one 1): "
                         f"{ {n: o[1][-400:] for n, o in out.items()} }")
            continue
        winner, loser = winners[0], losers[0]
        wins[winner] += 1
        run_id = json.loads(out[winner][0])["run_id"]
        expected = refusal(out[winner][3])
        stderr = out[loser][1]
        check(expected in stderr and stderr.rstrip().endswith(f"; its run id: {run_id}"),
              f"round {round_no}: the refusal does not name {winner} (pid {out[winner][3]}, "
              f"{run_id}): {stderr[-500:]}")
    print(f"races: A won {wins['a']}, B won {wins['b']} of {ROUNDS}")


def crashed_holder(a, b, env, valkey):
    """kill -9 of the holder: the lock frees by expiry and the next run proceeds."""
    holder = subprocess.Popen([ROCKY, "run", "-o", "json"], cwd=a, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and valkey.cli("EXISTS", LOCK, db=3) != "1":
        time.sleep(0.05)
    check(valkey.cli("EXISTS", LOCK, db=3) == "1", "the holder never took the lock")
    time.sleep(1.2)  # at least one renewal happened
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    killed_at = time.monotonic()
    subprocess.run(["pkill", "-f", HOLD], check=False)
    refused = rocky(b, "run", "-o", "json", env=env)
    no_password(refused.stdout, refused.stderr, "run after the kill")
    check(refused.returncode == 1 and refusal(holder.pid) in refused.stderr,
          f"a run right after the kill was not refused naming the dead holder: "
          f"{refused.returncode} {refused.stderr[-400:]}")
    while True:
        done = rocky(b, "run", "-o", "json", env=env)
        no_password(done.stdout, done.stderr, "run after expiry")
        waited = time.monotonic() - killed_at
        if done.returncode == 0:
            break
        if waited > TTL_SECS + 5:
            check(False, f"the dead holder's lock never expired: {done.stderr[-400:]}")
            return
        time.sleep(0.25)
    check(waited <= TTL_SECS + 1.5, f"the lock freed {waited:.1f} s after the kill "
                                    f"(TTL {TTL_SECS} s)")
    print(f"kill -9: the lock freed and the next run went through {waited:.1f} s after the kill")


def main():
    with tempfile.TemporaryDirectory(prefix="rocky-lock-race-") as work, \
            ValkeyServer(password=PASSWORD) as valkey:
        a, b, toml_a, toml_b = make_runners(work)
        env = dict(os.environ, ROCKY_TEST_VALKEY_URL=valkey.url(db=3))
        configure(a, toml_a, "sleep 0.6")
        configure(b, toml_b, "sleep 0.6")
        race(a, b, env)
        configure(a, toml_a, HOLD)
        configure(b, toml_b, "true")
        crashed_holder(a, b, env, valkey)
    return finish("run_lock_race")


if __name__ == "__main__":
    sys.exit(main())
