"""`rocky watch -o json` on the playground (issue 18): the first compile prints a line; editing a
model prints a new compile summary within 0.5 s of the edit; a broken edit (an unknown column)
prints its diagnostic with has_errors true; fixing it clears it; SIGINT (and SIGTERM) stop it
with exit 0.
Every line is one JSON object that matches watch.schema.json of `rocky export-schemas`."""
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time

from e2e_support import BUILD, ROCKY, check, finish, playground, rocky_async

LATENCY_LIMIT_S = 0.5


def reader(stream, lines):
    """Puts each stdout line with the time it arrived; None at the end."""
    for line in stream:
        lines.put((time.monotonic(), line))
    lines.put((time.monotonic(), None))


def next_line(lines, timeout):
    """(arrival time, parsed line), or (None, None) when none comes within `timeout` seconds."""
    try:
        at, text = lines.get(timeout=timeout)
    except queue.Empty:
        return None, None
    if text is None:
        return None, None
    try:
        return at, json.loads(text)
    except json.JSONDecodeError:
        check(False, f"stdout line is not one JSON object: {text!r}")
        return at, None


def matches_schema(schemas, line):
    """Checks a line against watch.schema.json with the build's json_schema_check."""
    done = subprocess.run([os.path.join(BUILD, "tests", "json_schema_check"),
                           os.path.join(schemas, "watch.schema.json")],
                          input=json.dumps(line), capture_output=True, text=True)
    check(done.returncode == 0, f"line does not match watch.schema.json: {done.stdout}{done.stderr}")


def edit(path, old, new):
    """Replaces `old` by `new` in the file (rewritten in place, as editors do); the time it was
    written."""
    with open(path) as f:
        text = f.read()
    if old not in text:
        sys.exit(f"{path} lacks {old!r}")
    with open(path, "w") as f:
        f.write(text.replace(old, new))
    return time.monotonic()


def main():
    with tempfile.TemporaryDirectory(prefix="rocky-watch-") as tmp:
        schemas = os.path.join(tmp, "schemas")
        subprocess.run([ROCKY, "export-schemas", schemas, "-o", "json"], check=True,
                       capture_output=True)
        project, _ = playground(tmp)
        stg = os.path.join(project, "models", "stg_orders.sql")

        proc = rocky_async(project, "watch", "-o", "json")
        lines = queue.Queue()
        threading.Thread(target=reader, args=(proc.stdout, lines), daemon=True).start()
        latencies = []
        try:
            _, first = next_line(lines, 30)
            check(first is not None, "no first compile line")
            if first is None:
                return finish("e2e_watch")
            matches_schema(schemas, first)
            check(first["command"] == "watch" and first["event"] == "compiled",
                  f"first line: {first}")
            check(first["cycle"] == 1 and first["changed"] == [], f"first line: {first}")
            check(first["models"] == 3 and not first["has_errors"], f"first line: {first}")
            # The watcher is set up before the first compile, so edits from now on count.

            # 1. A harmless edit: a new summary within 0.5 s.
            written = edit(stg, "-- Staging:", "-- Staging (edited):")
            at, line = next_line(lines, 5)
            check(line is not None, "no line after editing a model")
            if line:
                latencies.append(at - written)
                matches_schema(schemas, line)
                check(line["cycle"] == 2, f"cycle after the edit: {line['cycle']}")
                check(line["changed"] == ["models/stg_orders.sql"], f"changed: {line['changed']}")
                check(not line["has_errors"], f"errors after a harmless edit: {line}")

            # 2. A broken edit: stg_orders no longer outputs order_date, which customer_orders
            #    reads: E002 unknown column, has_errors true.
            written = edit(stg, "    order_date\n", "    order_date AS ordered_on\n")
            at, line = next_line(lines, 5)
            check(line is not None, "no line after breaking a model")
            if line:
                latencies.append(at - written)
                matches_schema(schemas, line)
                check(line["has_errors"] and line["errors"] >= 1, f"broken edit: {line}")
                e002 = [d for d in line["diagnostics"] if d["code"] == "E002"]
                check(e002 and "order_date" in e002[0]["message"]
                      and e002[0]["model"] == "customer_orders"
                      and e002[0]["severity"] == "Error",
                      f"no E002 for order_date: {line['diagnostics']}")

            # 3. Fixing it clears the diagnostic.
            written = edit(stg, "    order_date AS ordered_on\n", "    order_date\n")
            at, line = next_line(lines, 5)
            check(line is not None, "no line after fixing the model")
            if line:
                latencies.append(at - written)
                matches_schema(schemas, line)
                check(not line["has_errors"] and line["errors"] == 0, f"after the fix: {line}")
                check(not any(d["code"] == "E002" for d in line["diagnostics"]),
                      f"E002 still there: {line['diagnostics']}")

            # 4. Deleting a model counts as a change too.
            os.remove(os.path.join(project, "models", "customer_tiers.contract.toml"))
            _, line = next_line(lines, 5)
            check(line is not None and line["changed"] == ["models/customer_tiers.contract.toml"],
                  f"no line after deleting a file: {line}")

            for n, latency in enumerate(latencies, 1):
                print(f"edit {n}: new summary {latency * 1000:.0f} ms after the write")
                check(latency <= LATENCY_LIMIT_S,
                      f"edit {n}: summary after {latency:.3f} s (limit {LATENCY_LIMIT_S} s)")
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                code = proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                code = None
            errors = proc.stderr.read()
        check(code == 0, f"exit after SIGINT: {code}; stderr: {errors}")
        check("stopping" in errors, f"stderr lacks the stop line: {errors}")
        _, extra = next_line(lines, 1)
        check(extra is None, f"a line after the edits ended: {extra}")

        # SIGTERM stops it the same way.
        proc = rocky_async(project, "watch", "-o", "json")
        first = proc.stdout.readline()
        check(first.startswith("{"), f"no first line before SIGTERM: {first!r}")
        proc.terminate()
        try:
            code = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = None
        check(code == 0, f"exit after SIGTERM: {code}")
    return finish("e2e_watch")


if __name__ == "__main__":
    sys.exit(main())
