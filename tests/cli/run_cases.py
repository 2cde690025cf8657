#!/usr/bin/env python3
"""End-to-end CLI cases: each folder under tests/cli/cases/ is one case.

A case holds `case.toml` and optionally `project/` (copied into a fresh temporary folder, which is
the working directory of every step). `case.toml`:

    description = "what the case shows"
    [env]                     # extra environment for every step (optional)
    NAME = "value"

    [[step]]
    rocky = ["discover", "-o", "json"]   # arguments to build/rocky, or
    tool = ["duckdb_exec", "db.duckdb", "SQL"]  # a test tool from the build folder, or
    python = ["check.py", "arg"]         # a Python script of the case folder, or
    sqlite = ["file.db", "SQL script"]   # prepare a SQLite file with Python's sqlite3
    exit = 0                             # expected exit code (default 0)
    stdout_json = "expected/discover.json"  # expected JSON document (see below)
    stdout_schema = true                 # validate stdout against the exported JSON Schema
    stdout_contains = ["..."]            # substrings of stdout
    stdout_empty = true
    stderr_contains = ["..."]            # substrings of stderr
    stderr_not_contains = ["..."]
    files_exist = ["path", ...]          # relative to the project folder after the step
    file_contains = [["path", "substring"], ...]

Expected JSON keeps field order: objects must have the same keys in the same order. The string
"<any>" matches any value, "<string>"/"<int>"/"<number>"/"<bool>" match a value of that type,
and "<re:PATTERN>" matches a string by regular expression.

`{tests}` in rocky arguments and in `[env]` values expands to the repository's tests/ folder (a
project can name a test fixture such as tests/process_adapters/fake_adapter.py through `${VAR}`).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

ROOT = os.path.dirname(os.path.abspath(__file__))
# The repository's own corpora (tests/corpora); `{corpora}` in rocky arguments expands to it.
CORPORA = os.path.abspath(os.path.join(ROOT, "..", "corpora"))
TESTS = os.path.abspath(os.path.join(ROOT, ".."))


def pairs_hook(pairs):
    return ("__object__", pairs)


def load_ordered(text):
    return json.loads(text, object_pairs_hook=pairs_hook)


def compare(expected, actual, path="$"):
    if isinstance(expected, str) and expected.startswith("<") and expected.endswith(">"):
        tag = expected[1:-1]
        if tag == "any":
            return []
        if tag == "string":
            return [] if isinstance(actual, str) else [f"{path}: expected a string, got {actual!r}"]
        if tag == "int":
            ok = isinstance(actual, int) and not isinstance(actual, bool)
            return [] if ok else [f"{path}: expected an integer, got {actual!r}"]
        if tag == "number":
            ok = isinstance(actual, (int, float)) and not isinstance(actual, bool)
            return [] if ok else [f"{path}: expected a number, got {actual!r}"]
        if tag == "bool":
            return [] if isinstance(actual, bool) else [f"{path}: expected a bool, got {actual!r}"]
        if tag.startswith("re:"):
            ok = isinstance(actual, str) and re.fullmatch(tag[3:], actual)
            return [] if ok else [f"{path}: {actual!r} does not match /{tag[3:]}/"]
    if isinstance(expected, tuple) and expected[0] == "__object__":
        if not (isinstance(actual, tuple) and actual[0] == "__object__"):
            return [f"{path}: expected an object, got {actual!r}"]
        ek = [k for k, _ in expected[1]]
        ak = [k for k, _ in actual[1]]
        if ek != ak:
            return [f"{path}: keys differ\n    expected {ek}\n    actual   {ak}"]
        problems = []
        for (k, ev), (_, av) in zip(expected[1], actual[1]):
            problems += compare(ev, av, f"{path}.{k}")
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: expected an array, got {actual!r}"]
        if len(expected) != len(actual):
            return [f"{path}: expected {len(expected)} elements, got {len(actual)}: {plain(actual)}"]
        problems = []
        for i, (ev, av) in enumerate(zip(expected, actual)):
            problems += compare(ev, av, f"{path}[{i}]")
        return problems
    if type(expected) != type(actual) or expected != actual:
        return [f"{path}: expected {plain(expected)!r}, got {plain(actual)!r}"]
    return []


def plain(v):
    if isinstance(v, tuple) and v and v[0] == "__object__":
        return {k: plain(x) for k, x in v[1]}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v


def run_case(case_dir, rocky, build_dir, schemas_dir):
    spec = tomllib.loads(open(os.path.join(case_dir, "case.toml")).read())
    work = tempfile.mkdtemp(prefix="rocky-case-")
    problems = []
    try:
        project = os.path.join(case_dir, "project")
        if os.path.isdir(project):
            shutil.copytree(project, work, dirs_exist_ok=True)
        env = dict(os.environ)
        env.pop("ROCKY_LOG", None)
        env.update({k: str(v).replace("{tests}", TESTS) for k, v in spec.get("env", {}).items()})
        for n, step in enumerate(spec.get("step", []), 1):
            if "sqlite" in step:  # [file, sql]: prepare a state file with Python's sqlite3
                import sqlite3
                db_path = os.path.join(work, step["sqlite"][0])
                os.makedirs(os.path.dirname(db_path), exist_ok=True)
                con = sqlite3.connect(db_path)
                con.executescript(step["sqlite"][1])
                con.commit()
                con.close()
                continue
            if "rocky" in step:
                argv = [rocky] + [a.replace("{corpora}", CORPORA).replace("{tests}", TESTS)
                                  for a in step["rocky"]]
            elif "python" in step:
                argv = [sys.executable, os.path.join(case_dir, step["python"][0])] + step["python"][1:]
            else:
                argv = [os.path.join(build_dir, "tests", step["tool"][0])] + step["tool"][1:]
            proc = subprocess.run(argv, cwd=work, env={**env, **step.get("env", {})},
                                  capture_output=True, text=True, timeout=120)
            label = f"step {n} ({' '.join(argv[1:])})"
            want = step.get("exit", 0)
            if proc.returncode != want:
                problems.append(f"{label}: exit {proc.returncode}, expected {want}\n"
                                f"  stdout: {proc.stdout[:2000]}\n  stderr: {proc.stderr[:2000]}")
                continue
            if "stdout_json" in step:
                expected = load_ordered(open(os.path.join(case_dir, step["stdout_json"])).read())
                try:
                    actual = load_ordered(proc.stdout)
                except json.JSONDecodeError as e:
                    problems.append(f"{label}: stdout is not JSON ({e}): {proc.stdout[:500]}")
                    continue
                problems += [f"{label}: {p}" for p in compare(expected, actual)]
            if step.get("stdout_schema"):
                try:
                    doc = json.loads(proc.stdout)
                except json.JSONDecodeError as e:
                    problems.append(f"{label}: stdout is not JSON ({e}): {proc.stdout[:500]!r}")
                    continue
                # Commands with two output shapes (cli.md §6): the variant is named by a field.
                name = doc["command"]
                if name == "history" and "executions" in doc:
                    name = "model_history"
                elif name == "lineage" and "trace" in doc:
                    name = "column_lineage"
                elif name == "compact" and "engine" in doc:
                    name = "compact_dedup"
                schema = os.path.join(schemas_dir, name + ".schema.json")
                check = subprocess.run([os.path.join(build_dir, "tests", "json_schema_check"), schema],
                                       input=proc.stdout, capture_output=True, text=True)
                if check.returncode != 0:
                    problems.append(f"{label}: output does not match {schema}:\n{check.stdout}{check.stderr}")
            for s in step.get("stdout_contains", []):
                if s not in proc.stdout:
                    problems.append(f"{label}: stdout lacks {s!r}\n  stdout: {proc.stdout[:2000]}")
            if step.get("stdout_empty") and proc.stdout:
                problems.append(f"{label}: stdout should be empty, got {proc.stdout[:500]!r}")
            for s in step.get("stderr_contains", []):
                if s not in proc.stderr:
                    problems.append(f"{label}: stderr lacks {s!r}\n  stderr: {proc.stderr[:2000]}")
            for s in step.get("stderr_not_contains", []):
                if s in proc.stderr or s in proc.stdout:
                    problems.append(f"{label}: output contains {s!r}")
            for path, needle in step.get("file_contains", []):
                full = os.path.join(work, path)
                text = open(full).read() if os.path.exists(full) else ""
                if needle not in text:
                    problems.append(f"{label}: {path} lacks {needle!r}\n  {path}: {text[:3000]}")
            for f in step.get("files_exist", []):
                if not os.path.exists(os.path.join(work, f)):
                    problems.append(f"{label}: {f} was not created")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return problems


def main():
    build_dir = os.path.abspath(sys.argv[1])
    rocky = os.path.join(build_dir, "rocky")
    only = sys.argv[2:]
    schemas_dir = tempfile.mkdtemp(prefix="rocky-schemas-")
    subprocess.run([rocky, "export-schemas", schemas_dir, "-o", "json"], check=True,
                   capture_output=True)
    cases_root = os.path.join(ROOT, "cases")
    names = sorted(d for d in os.listdir(cases_root) if os.path.isdir(os.path.join(cases_root, d)))
    if only:
        names = [n for n in names if n in only]
    passed = failed = 0
    for name in names:
        problems = run_case(os.path.join(cases_root, name), rocky, build_dir, schemas_dir)
        if problems:
            failed += 1
            print(f"FAIL {name}")
            for p in problems:
                print("  " + p.replace("\n", "\n  "))
        else:
            passed += 1
            print(f"ok   {name}")
    shutil.rmtree(schemas_dir, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
