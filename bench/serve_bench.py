#!/usr/bin/env python3
"""`make bench` for `rocky serve` (issue 18) on a `rocky bench generate 10000` project:
- 200 concurrent clients × 50 requests to /api/v1/models/{name}/lineage, each request a different
  model, so every lineage body is rendered on demand (bench/serve_load.cc, one epoll thread):
  no error, p95 ≤ 20 ms;
- the dashboard's first paint in headless Chromium (tests/browser/run_serve_tests.py big, which
  fails above 1.5 s).
Exits 1 when a target is missed.

usage: serve_bench.py BUILD_DIR WORK_DIR
"""
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

P95_TARGET_MS = 20.0


def main():
    build, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    rocky = os.path.join(build, "rocky")
    project = os.path.join(work, "serve-10k")
    subprocess.run([rocky, "bench", "generate", "10000", project], check=True,
                   capture_output=True)
    server = subprocess.Popen([rocky, "serve", "--port", "0"], cwd=project,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    failed = False
    try:
        port = re.search(r":(\d+)/", server.stdout.readline()).group(1)
        base = f"http://127.0.0.1:{port}"
        started = time.monotonic()
        while True:
            try:
                with urllib.request.urlopen(base + "/api/v1/dag/layers") as r:
                    layers = json.loads(r.read())
                break
            except urllib.error.HTTPError as e:
                if e.code != 503:
                    raise
                time.sleep(0.05)
        print(f"first compile of {layers['total_models']} models served after "
              f"{(time.monotonic() - started) * 1000:.0f} ms")
        with urllib.request.urlopen(base + "/api/v1/models") as r:
            names = [m["name"] for m in json.loads(r.read())["models"]]
        paths = os.path.join(work, "serve-lineage-paths.txt")
        with open(paths, "w") as f:
            for name in names:
                f.write(f"/api/v1/models/{urllib.parse.quote(name, safe='')}/lineage\n")
        done = subprocess.run([os.path.join(build, "bench", "serve_load"), port, paths, "200", "50"],
                              capture_output=True, text=True, check=True)
        result = json.loads(done.stdout)
        ok = result["errors"] == 0 and result["p95_ms"] <= P95_TARGET_MS
        failed |= not ok
        print(f"lineage route, 200 clients × 50 requests: {result['requests']} requests, "
              f"{result['errors']} errors, p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms "
              f"(target <= {P95_TARGET_MS:g} ms), max {result['max_ms']} ms, {result['rps']} req/s"
              f"   {'ok' if ok else 'OVER'}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    browser = subprocess.run([sys.executable, os.path.join(root, "tests", "browser",
                                                           "run_serve_tests.py"), build, "big"],
                             capture_output=True, text=True)
    paint = re.search(r"first paint \(10000 models\): ready marker (\d+) ms", browser.stdout)
    print(f"dashboard first paint on 10,000 models: "
          f"{paint.group(1) + ' ms' if paint else 'not measured'} (target <= 1500 ms)   "
          f"{'ok' if browser.returncode == 0 and paint else 'OVER'}")
    failed |= browser.returncode != 0 or not paint
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
