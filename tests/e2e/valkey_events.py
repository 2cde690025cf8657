#!/usr/bin/env python3
"""Run events on the Valkey channel `rocky:events` (runtime.md §12) and a Valkey that dies in the
middle of a run (issue 17), on the playground with a real redis-server (with a password).

- A subscriber on `rocky:events` receives every event of `rocky run --all`, in order, each as one
  compact JSON message: exactly the events the run fired (its debug log lists them), from
  pipeline_start to pipeline_complete, all with the run's run_id.
- `publish_events = false` publishes nothing.
- Valkey killed by the pipeline_start hook (after the lock was taken, before discovery): the run
  still copies every table (discovery falls back to the source), exits 0, and warns about the
  cache and the event channel.
The password never appears in Rocky's output.

usage: valkey_events.py BUILD_DIR
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import check, finish, playground, rocky  # noqa: E402
from valkey_server import Subscriber, ValkeyServer  # noqa: E402

PASSWORD = "Events-pw-0c9b"


def fired_events(stderr):
    """The events the run fired, from its debug log lines `event {…}` (JSON log mode)."""
    events = []
    for line in stderr.splitlines():
        try:
            message = json.loads(line).get("message", "")
        except json.JSONDecodeError:
            continue
        if message.startswith("event {"):
            events.append(json.loads(message[len("event "):]))
    return events


def main():
    with tempfile.TemporaryDirectory(prefix="rocky-events-") as work, \
            ValkeyServer(password=PASSWORD) as valkey:
        project, base_toml = playground(work)
        env = dict(os.environ, ROCKY_TEST_VALKEY_URL=valkey.url(), ROCKY_LOG="debug")

        def configure(extra):
            with open(os.path.join(project, "rocky.toml"), "w") as f:
                f.write(base_toml + '\n[cache]\nvalkey_url = "${ROCKY_TEST_VALKEY_URL}"\n' + extra)

        def run(what):
            done = rocky(project, "run", "--all", "-o", "json", env=env)
            check(PASSWORD not in done.stdout and PASSWORD not in done.stderr,
                  f"{what}: the password appears in Rocky's output")
            check(done.returncode == 0, f"{what} failed: {done.stderr[-2000:]}")
            return done

        # 1. Every event, in order, as compact JSON.
        configure("")
        with Subscriber(valkey, "rocky:events") as sub:
            done = run("run with events")
            messages = sub.messages(quiet=1.0)
        run_id = json.loads(done.stdout)["run_id"] if done.returncode == 0 else None
        fired = fired_events(done.stderr)
        published = []
        for m in messages:
            check("\n" not in m, f"a message is not compact: {m!r}")
            try:
                published.append(json.loads(m))
            except json.JSONDecodeError:
                check(False, f"a message is not JSON: {m!r}")
        names = [e.get("event") for e in published]
        check(len(fired) >= 8, f"the debug log lists only {len(fired)} events")
        check(published == fired, f"published events differ from those fired:\n"
                                  f"published {names}\nfired     {[e['event'] for e in fired]}")
        check(names[:1] == ["pipeline_start"] and names[-1:] == ["pipeline_complete"],
              f"events run from {names[:1]} to {names[-1:]}")
        for expected in ("discover_complete", "before_materialize", "after_materialize",
                         "before_model_run", "after_model_run", "check_result"):
            check(expected in names, f"no {expected} among the published events {names}")
        check(all(e.get("run_id") == run_id for e in published),
              f"an event carries another run id than {run_id}")
        print(f"{len(published)} events published in order: {' '.join(dict.fromkeys(names))}")
        compact = [json.dumps(e, separators=(",", ":"), ensure_ascii=False) for e in published]
        check(compact == messages, "messages are not compact JSON")

        # 2. publish_events = false: nothing on the channel.
        configure("publish_events = false\n")
        with Subscriber(valkey, "rocky:events") as sub:
            run("run without events")
            quiet = sub.messages(quiet=0.5)
        check(quiet == [], f"{len(quiet)} events were published with publish_events = false")

        # 3. Valkey dies after the run took its lock: the run completes, warning.
        configure(f'[[hook.on_pipeline_start]]\ncommand = "kill -9 {valkey.proc.pid}"\n')
        done = rocky(project, "run", "-o", "json", "--full-refresh", env=env)
        check(PASSWORD not in done.stdout and PASSWORD not in done.stderr,
              "Valkey down: the password appears in Rocky's output")
        check(done.returncode == 0, f"Valkey down: the run failed: {done.stderr[-2000:]}")
        warnings = [line for line in done.stderr.splitlines() if '"level":"WARN' in line]
        check(any("Valkey cache is unavailable" in w for w in warnings),
              f"Valkey down: no cache warning: {warnings}")
        check(any("cannot publish run events" in w for w in warnings),
              f"Valkey down: no event channel warning: {warnings}")
        if done.returncode == 0:
            copied = {m["asset_key"][-1]: m["rows_copied"]
                      for m in json.loads(done.stdout)["materializations"]}
            check(copied == {"orders": 500, "customers": 50},
                  f"Valkey down: discovery did not fall back to the source: copied {copied}")
    return finish("valkey_events")


if __name__ == "__main__":
    sys.exit(main())
