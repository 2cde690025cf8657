# fingerprint.py save|check FILE: records FILE's size, mtime and SHA-256 (save), or fails when
# any of them changed since (check). Also fails when a DuckDB write-ahead log appeared.
import hashlib
import json
import os
import sys

mode, path = sys.argv[1], sys.argv[2]
st = os.stat(path)
now = {"size": st.st_size, "mtime_ns": st.st_mtime_ns,
       "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest(),
       "wal": os.path.exists(path + ".wal")}
if mode == "save":
    json.dump(now, open(path + ".fingerprint", "w"))
    sys.exit(0)
before = json.load(open(path + ".fingerprint"))
if before != now:
    print(f"{path} changed: before {before}, after {now}")
    sys.exit(1)
print(f"{path} unchanged")
