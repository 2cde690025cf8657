#!/usr/bin/env python3
"""Browser tests of the dashboard page against the fixture server (fixture_server.py):

  playground  dashboard_test.js on the playground project with a token: the unauthorized
              state, token entry, 503 while "compiling", DAG, search, model panel, lineage,
              recompile picking up an edit, runs
  big         dashboard_test.js on a generated 10,000-model project: first paint within
              1.5 s, rendered + culled = 10,000, search finds and draws a far-away model
  docs        docs_test.js on the playground's docs catalog opened from file:// offline

usage: run_fixture_tests.py BUILD_DIR [playground|big|docs ...]   (all three by default)
Screenshots go to BUILD_DIR/browser/screenshots.
"""
import os
import pathlib
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import fixture_server  # noqa: E402

FIRST_PAINT_BUDGET_MS = 1500


def node_test(script, *args):
    node = shutil.which("node")
    if not node:
        print("node is missing: run scripts/setup.sh")
        return 1
    command = [node, str(HERE / script), *[str(a) for a in args]]
    print("$ " + " ".join(command), flush=True)
    return subprocess.run(command, timeout=300).returncode


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    build = pathlib.Path(sys.argv[1]).resolve()
    scenarios = sys.argv[2:] or ["playground", "big", "docs"]
    page_path = build / "src" / "server" / "web" / "dashboard.html"
    if not page_path.exists():
        print(f"{page_path} is missing: build the rocky_web_page target first")
        return 1
    page = page_path.read_bytes()
    out = build / "browser"
    shots = out / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    failures = 0
    for scenario in scenarios:
        if scenario == "playground":
            server = fixture_server.Server(fixture_server.Playground(), page, token="s3cret-t0ken",
                                           compile_delay=1.0).start()
            try:
                failures += node_test("dashboard_test.js", "--base-url", server.url, "--token", "s3cret-t0ken",
                                      "--screenshots", shots, "--label", "playground",
                                      "--expect-recompile-change") != 0
            finally:
                server.shutdown()
                server.server_close()
        elif scenario == "big":
            server = fixture_server.Server(fixture_server.Big(10000), page).start()
            try:
                failures += node_test("dashboard_test.js", "--base-url", server.url, "--screenshots", shots,
                                      "--label", "big10k", "--first-paint-budget-ms", FIRST_PAINT_BUDGET_MS,
                                      "--page-path", "/dashboard") != 0
            finally:
                server.shutdown()
                server.server_close()
        elif scenario == "docs":
            catalog = out / "docs_playground.html"
            fixture_server.write_docs(page, fixture_server.Playground(), catalog)
            failures += node_test("docs_test.js", "--file", catalog, "--screenshots", shots, "--label", "docs") != 0
        else:
            print(f"unknown scenario '{scenario}'")
            return 2
    print(f"screenshots: {shots}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
