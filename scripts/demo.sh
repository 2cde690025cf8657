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

printf '\nThe playground is in %s — try `rocky -o json discover` or `rocky list pipelines` there.\n' "$project"
