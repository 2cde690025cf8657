#!/usr/bin/env bash
# SQL parse throughput: Rocky's parser vs sqlglot on the TPC-H corpus repeated to >= 10 MB.
# Target: Rocky >= 100 MB/s on one core. Usage: bench/sql_bench.sh BUILD_DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
corpus="$root/tests/corpora/sql/tpc-h.sql"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rocky_line="$(taskset -c 0 "$build/bench/sql_parse_bench" "$corpus" "$work/input.sql" 2>/dev/null ||
              "$build/bench/sql_parse_bench" "$corpus" "$work/input.sql")"
echo "$rocky_line"
py=/usr/bin/python3  # the Debian python3-sqlglot package
[ -x "$py" ] || py=python3
glot_line="$("$py" "$root/bench/sql_sqlglot.py" "$work/input.sql")"
echo "$glot_line"
python3 - "$rocky_line" "$glot_line" <<'PY'
import re, sys
r = float(re.search(r"([\d.]+) MB/s", sys.argv[1]).group(1))
g = float(re.search(r"([\d.]+) MB/s", sys.argv[2]).group(1))
print(f"ratio   rocky / sqlglot = {r / g:.0f}x   target rocky >= 100 MB/s: {'ok' if r >= 100 else 'UNDER'}")
sys.exit(0 if r >= 100 else 1)
PY
