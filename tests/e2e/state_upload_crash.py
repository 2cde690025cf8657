#!/usr/bin/env python3
"""`kill -9` during a state upload (runtime.md §11.2, issue 17): the remote object is always
either the old or the new complete state, never a torn file, for the S3 emulator and a real
redis-server.

The playground's state is padded with 24 MB of random bytes (a `ballast` table holding a
generation number), so one upload takes long enough to be interrupted. Each round bumps the
generation and starts `rocky state sync --push` (the upload a run makes, without the run), then
kills it with SIGKILL at a moment swept from early in a push to past its end (both outcomes must
occur, so the kills fall around the moment the upload completes). The remote copy
is then fetched raw (S3: the emulator's control endpoint; Valkey: GET over RESP), written to a
file and opened with SQLite: `PRAGMA integrity_check` must say ok, the state store's tables must
be there, and its generation must be the last complete one or the new one. For Valkey, the
`.etag` key must still be the SHA-256 of the object. A final push completes and is seen.

usage: state_upload_crash.py BUILD_DIR
"""
import hashlib
import os
import signal
import socket
import sqlite3
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import (check, finish, playground, rocky, rocky_async,  # noqa: E402
                         start_emulator, stop)
from valkey_server import ValkeyServer  # noqa: E402

ACCESS_KEY = "AKIDCRASHTEST"
SECRET_KEY = "crash/Test+Secret/abcdefghij0123456789"
ROUNDS = 12
BALLAST_BYTES = 24 * 1024 * 1024


def valkey_get(server, key):
    """GET over raw RESP2 (binary-safe, unlike redis-cli's output)."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    f = sock.makefile("rb")

    def send(*args):
        out = [f"*{len(args)}\r\n".encode()]
        for a in args:
            out.append(f"${len(a)}\r\n".encode() + a.encode() + b"\r\n")
        sock.sendall(b"".join(out))

    def bulk():
        line = f.readline()
        if line.startswith(b"$-1"):
            return None
        if not line.startswith(b"$"):
            raise RuntimeError(f"unexpected reply {line[:100]!r}")
        return f.read(int(line[1:-2]) + 2)[:-2]

    try:
        send("GET", key)
        return bulk()
    finally:
        sock.close()


def remote_bytes(backend, s3_url, valkey):
    if backend == "s3":
        url = f"{s3_url}/_emulator/s3/objects/rocky-state/crash/state.db"
        with urllib.request.urlopen(url) as r:
            return r.read()
    return valkey_get(valkey, "crash:state.db")


def generation_of(blob, work, what):
    """Opens the remote copy as SQLite: its ballast generation, or None when it is not whole."""
    path = os.path.join(work, "remote-copy.db")
    with open(path, "wb") as f:
        f.write(blob)
    try:
        db = sqlite3.connect(path)
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        gen = db.execute("SELECT gen FROM ballast").fetchone()[0]
        db.close()
    except sqlite3.DatabaseError as e:
        check(False, f"{what}: the remote object does not open as SQLite: {e}")
        return None
    finally:
        os.remove(path)
    check(integrity == "ok", f"{what}: integrity_check says {integrity}")
    check("watermarks" in tables and "run_history" in tables,
          f"{what}: the state store's tables are missing: {sorted(tables)}")
    return gen


def crash_rounds(work, backend, s3_url, valkey, env):
    root = os.path.join(work, backend)
    os.makedirs(root)
    project, _ = playground(root)
    lines = ["[state]", f'backend = "{backend}"']
    if backend == "s3":
        lines += ['s3_bucket = "rocky-state"', 's3_prefix = "crash/"',
                  f's3_endpoint = "{s3_url}"', 's3_region = "us-east-1"']
    else:
        lines += ['valkey_url = "${ROCKY_TEST_VALKEY_URL}"', 'valkey_prefix = "crash:"']
    with open(os.path.join(project, "rocky.toml"), "a") as f:
        f.write("\n" + "\n".join(lines) + "\n")
    done = rocky(project, "run", "-o", "json", env=env)
    check(done.returncode == 0, f"{backend}: the first run failed: {done.stderr[-1000:]}")
    state = os.path.join(project, ".rocky", "state.db")
    db = sqlite3.connect(state)
    db.execute("CREATE TABLE ballast (gen INTEGER, data BLOB)")
    db.execute("INSERT INTO ballast VALUES (0, ?)", (os.urandom(BALLAST_BYTES),))
    db.commit()

    for attempt in range(2):  # the second push also reads a remote copy of full size first
        started = time.monotonic()
        pushed = rocky(project, "state", "sync", "--push", "-o", "json", env=env)
        length = time.monotonic() - started
        check(pushed.returncode == 0, f"{backend}: push {attempt} failed: {pushed.stderr[-1000:]}")
    complete = generation_of(remote_bytes(backend, s3_url, valkey), work, f"{backend} push 0")
    check(complete == 0, f"{backend}: the first push left generation {complete}")
    outcomes = {"old": 0, "new": 0}
    gen = 0
    while gen < ROUNDS or (gen < 3 * ROUNDS and 0 in outcomes.values()):
        gen += 1
        if gen <= ROUNDS:
            factor = 0.3 + gen / ROUNDS  # from early on to past the end of a push
        elif outcomes["new"] == 0:  # a loaded machine made pushes slower: wait longer
            factor = 1.3 + 0.5 * (gen - ROUNDS)
        else:  # or faster: kill sooner
            factor = 0.3 / (gen - ROUNDS)
        db.execute("UPDATE ballast SET gen = ?", (gen,))
        db.commit()
        proc = rocky_async(project, "state", "sync", "--push", "-o", "json", env=env)
        time.sleep(factor * length)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        time.sleep(0.2)  # let the server finish with a request that arrived whole
        blob = remote_bytes(backend, s3_url, valkey)
        seen = generation_of(blob, work, f"{backend} round {gen}")
        check(seen in (complete, gen),
              f"{backend} round {gen}: the remote state is generation {seen}, neither the old "
              f"{complete} nor the new {gen}")
        if backend == "valkey":
            etag = valkey_get(valkey, "crash:state.db.etag")
            check(etag is not None and etag.decode() == hashlib.sha256(blob).hexdigest(),
                  f"valkey round {gen}: the .etag key does not match the object")
        if seen == gen:
            outcomes["new"] += 1
            complete = gen
        elif seen == complete:
            outcomes["old"] += 1
    print(f"{backend}: push takes {length:.2f} s; after {gen} kills the remote state was the "
          f"old one {outcomes['old']} times and the new one {outcomes['new']} times, always whole")
    # Both outcomes seen: the kills straddled the moment the upload completed.
    check(outcomes["old"] > 0 and outcomes["new"] > 0,
          f"{backend}: the kills did not straddle the end of an upload: {outcomes}")
    db.execute("UPDATE ballast SET gen = 99")
    db.commit()
    db.close()
    final = rocky(project, "state", "sync", "--push", "-o", "json", env=env)
    check(final.returncode == 0, f"{backend}: the push after the kills failed: {final.stderr}")
    check(generation_of(remote_bytes(backend, s3_url, valkey), work, f"{backend} final") == 99,
          f"{backend}: the final push is not what the remote holds")
    for output in (final.stdout, final.stderr):
        check(SECRET_KEY not in output, f"{backend}: the secret key appears in Rocky's output")


def main():
    with tempfile.TemporaryDirectory(prefix="rocky-upload-crash-") as work, \
            ValkeyServer() as valkey:
        s3, s3_url = start_emulator("s3", "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY,
                                    "--region", "us-east-1", "--bucket", "rocky-state")
        env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
                   AWS_SHARED_CREDENTIALS_FILE="/nonexistent",
                   ROCKY_TEST_VALKEY_URL=valkey.url())
        try:
            for backend in ("s3", "valkey"):
                crash_rounds(work, backend, s3_url, valkey, env)
        finally:
            stop(s3)
    return finish("state_upload_crash")


if __name__ == "__main__":
    sys.exit(main())
