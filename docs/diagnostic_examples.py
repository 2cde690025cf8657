"""Diagnostic code examples: docs/diagnostics/<CODE>.toml, one file per code the binary can emit.

Each file names the code, its severity, what it means, the fix, and an example project that
triggers it: the project `rocky init` writes, with `files` written over it (and `delete` removed),
then `rocky -o json <command…>` run in it. The code must appear in the JSON output (a
`diagnostics` or `messages` entry, or an error object) with a message containing
`message_contains`. The documentation shows the example and the message the binary printed, so a
changed message changes the page, and a code that stops firing fails the doc test.

Used by docs/gen_site.py (pages) and tests/docs/check_diagnostics.py (the doc test).
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
import tomllib

CODE_RE = re.compile(r"^[EWIPVLD][0-9]{3}$")
FIELDS = {"code", "severity", "title", "explanation", "fix", "command", "message_contains",
          "files", "delete", "env", "untriggerable", "exit_code"}


def load_catalog(docs_dir):
    """{code: entry} from every docs/diagnostics/*.toml; raises ValueError on a malformed file."""
    folder = os.path.join(docs_dir, "diagnostics")
    catalog = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".toml"):
            continue
        path = os.path.join(folder, name)
        with open(path, "rb") as f:
            entry = tomllib.load(f)
        unknown = set(entry) - FIELDS
        if unknown:
            raise ValueError(f"{path}: unknown keys {sorted(unknown)}")
        for required in ("code", "severity", "title", "explanation", "fix"):
            if required not in entry:
                raise ValueError(f"{path}: '{required}' is required")
        if entry["code"] + ".toml" != name:
            raise ValueError(f"{path}: code {entry['code']} does not match the file name")
        if "untriggerable" not in entry and ("command" not in entry or
                                             "message_contains" not in entry):
            raise ValueError(f"{path}: needs 'command' and 'message_contains' "
                             "(or 'untriggerable' with the reason)")
        entry["path"] = path
        catalog[entry["code"]] = entry
    return catalog


def codes_in_sources(src_dir):
    """Every diagnostic code literal ("E002") in the non-test sources under src/."""
    found = {}
    literal = re.compile(r'"([EWIPVLD][0-9]{3})"')
    for root, _, files in os.walk(src_dir):
        for name in files:
            if not name.endswith((".cc", ".h")) or "_test" in name:
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                for code in literal.findall(f.read()):
                    found.setdefault(code, os.path.relpath(path, os.path.dirname(src_dir)))
    return found


def _emitted(value, code, out):
    """Collects every JSON object with "code": code (anywhere in the output)."""
    if isinstance(value, dict):
        if value.get("code") == code:
            out.append(value)
        for v in value.values():
            _emitted(v, code, out)
    elif isinstance(value, list):
        for v in value:
            _emitted(v, code, out)


def run_example(rocky, entry):
    """Runs the entry's example. Returns (matching objects, completed process, error or None)."""
    tmp = tempfile.mkdtemp(prefix=f"rocky-diag-{entry['code']}-")
    try:
        project = os.path.join(tmp, "project")
        init = subprocess.run([rocky, "-o", "json", "init", project], capture_output=True,
                              text=True, timeout=60)
        if init.returncode != 0:
            return [], init, f"rocky init failed: {init.stderr}"
        for rel, text in entry.get("files", {}).items():
            path = os.path.join(project, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        for rel in entry.get("delete", []):
            path = os.path.join(project, rel)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
        env = dict(os.environ, NO_COLOR="1", **entry.get("env", {}))
        done = subprocess.run([rocky, "-o", "json", *entry["command"]], cwd=project,
                              capture_output=True, text=True, timeout=120, env=env)
        matches = []
        for stream in (done.stdout, done.stderr):
            for doc in _json_documents(stream):
                _emitted(doc, entry["code"], matches)
        if not matches:
            return [], done, f"{entry['code']} not in the output of rocky {' '.join(entry['command'])}"
        wanted = entry["message_contains"]
        if not any(wanted in str(m.get("message", "")) for m in matches):
            return matches, done, (f"{entry['code']} was emitted, but no message contains "
                                   f"{wanted!r}: {[m.get('message') for m in matches]}")
        if "exit_code" in entry and done.returncode != entry["exit_code"]:
            return matches, done, f"exit code {done.returncode}, expected {entry['exit_code']}"
        return matches, done, None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _json_documents(text):
    """The JSON document(s) in a stream: the whole text, else one per line (JSON Lines)."""
    text = text.strip()
    if not text:
        return []
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        pass
    docs = []
    for line in text.splitlines():
        try:
            docs.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return docs
