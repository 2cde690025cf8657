#!/usr/bin/env python3
"""Browser tests of the dashboard served by the real `rocky serve` (services.md §5, issue 18):

  playground  `rocky playground` replicated once (so the runs view has a run), served with
              --token: the unauthorized state, token entry, DAG, search, model panel with typed
              columns, customer_tiers.total_amount traced back to raw__orders.orders, recompile
              picking up an edit (a model broken on disk → a new E-code in the diagnostics), runs
  big         `rocky bench generate 10000`, served: first paint within 1.5 s, rendered + culled
              = 10,000, search finds and draws a far-away model

usage: run_serve_tests.py BUILD_DIR [playground|big ...]   (both by default)
Screenshots go to BUILD_DIR/browser/screenshots (serve-<scenario>-*.png).
"""
import os
import pathlib
import re
import shlex
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
FIRST_PAINT_BUDGET_MS = 1500
TOKEN = "serve-t0ken-9d2"


def node_test(*args):
    command = ["node", str(HERE / "dashboard_test.js"), *[str(a) for a in args]]
    print("$ " + " ".join(command), flush=True)
    return subprocess.run(command, timeout=600).returncode


class Serve:
    """`rocky serve --port 0` in `project`; the URL from its first stdout line."""

    def __init__(self, rocky, project, *args):
        self.proc = subprocess.Popen([rocky, "serve", "--port", "0", *args], cwd=project,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            self.proc.kill()
            raise RuntimeError(f"rocky serve did not start: {line!r}")
        self.url = f"http://127.0.0.1:{match.group(1)}"

    def stop(self):
        self.proc.terminate()
        code = self.proc.wait(timeout=30)
        if code != 0:
            raise RuntimeError(f"rocky serve exited {code} on SIGTERM")


def run(rocky, cwd, *args):
    done = subprocess.run([rocky, *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"rocky {' '.join(args)} failed: {done.stderr[-2000:]}")


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    build = pathlib.Path(sys.argv[1]).resolve()
    rocky = str(build / "rocky")
    scenarios = sys.argv[2:] or ["playground", "big"]
    shots = build / "browser" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="rocky-serve-browser-") as work:
        for scenario in scenarios:
            if scenario == "playground":
                run(rocky, work, "playground", "pg")
                project = os.path.join(work, "pg")
                run(rocky, project, "run")
                model = os.path.join(project, "models", "customer_tiers.sql")
                broken = os.path.join(work, "customer_tiers.broken.sql")
                with open(model) as f:
                    text = f.read()
                with open(broken, "w") as f:
                    f.write(text.replace("total_amount", "total_amount_typo", 1))
                server = Serve(rocky, project, "--token", TOKEN)
                try:
                    failures += node_test(
                        "--base-url", server.url, "--token", TOKEN, "--screenshots", shots,
                        "--label", "serve-playground", "--lineage", "customer_tiers.total_amount",
                        "--before-recompile", f"cp {shlex.quote(broken)} {shlex.quote(model)}",
                        "--expect-recompile-change") != 0
                finally:
                    server.stop()
            elif scenario == "big":
                project = os.path.join(work, "big")
                run(rocky, work, "bench", "generate", "10000", project)
                server = Serve(rocky, project)
                try:
                    failures += node_test(
                        "--base-url", server.url, "--screenshots", shots, "--label", "serve-big",
                        "--first-paint-budget-ms", FIRST_PAINT_BUDGET_MS,
                        "--page-path", "/dashboard") != 0
                finally:
                    server.stop()
            else:
                print(f"unknown scenario {scenario}")
                failures += 1
    print("run_serve_tests: " + ("ok" if failures == 0 else f"{failures} scenario(s) failed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
