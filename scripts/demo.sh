#!/usr/bin/env bash
# `make demo`: create the playground in a fresh folder and walk through it as a person would.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rocky="$root/build/rocky"
demo_dir="$root/build/demo"
project="$demo_dir/rocky-playground"

rm -rf "$demo_dir"
mkdir -p "$demo_dir"
cd "$demo_dir"

if [ -t 1 ]; then
  step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
else
  step() { printf '\n$ %s\n' "$*"; }
fi

step rocky playground
"$rocky" -o table playground
cd "$project"

step rocky validate
"$rocky" -o table validate

step rocky discover
"$rocky" -o table discover

step rocky plan
"$rocky" -o table plan

step rocky run
"$rocky" -o table run

step "new orders land (20 rows), then rocky run again: only the new rows are copied"
"$root/build/tests/duckdb_exec" playground.duckdb \
  "INSERT INTO raw__orders.orders SELECT i, 1 + i % 50, 25.00, 'pending', current_date,
   date_trunc('second', CAST(now() AS TIMESTAMP)) + INTERVAL (i - 520) SECOND FROM range(501, 521) AS t(i)"
"$rocky" -o table run

step "rocky run --all: the bronze layer, then the models (silver and gold) in DAG order"
"$rocky" -o table run --all

step rocky list models
"$rocky" -o table list models

step "the gold table the models built"
echo "tier|customers|revenue"
"$root/build/tests/duckdb_exec" -q playground.duckdb \
  "SELECT tier, COUNT(*) AS customers, SUM(total_amount) AS revenue FROM playground.gold.customer_tiers GROUP BY tier ORDER BY revenue DESC"

step "rocky test: every model again, in an in-memory DuckDB loaded from data/seed.sql"
"$rocky" -o table test

step rocky state
"$rocky" -o table state

step rocky history
"$rocky" -o table history

printf '\nThe playground is in %s — try `rocky -o json discover` or `rocky list pipelines` there.\n' "$project"
