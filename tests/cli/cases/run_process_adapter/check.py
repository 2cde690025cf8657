"""check.py DB SQL EXPECTED: the first row of SQL on the SQLite file DB, joined by '|', is EXPECTED."""
import sqlite3
import sys

db, sql, expected = sys.argv[1:4]
row = sqlite3.connect(db).execute(sql).fetchone()
got = "|".join(str(v) for v in row)
if got != expected:
    print(f"{db}: {sql} gave {got!r}, expected {expected!r}")
    sys.exit(1)
print(got)
