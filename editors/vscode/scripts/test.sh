#!/usr/bin/env bash
# Tests of the VS Code extension (run by ctest): typecheck, the unit tests of src/logic.ts and
# src/process.ts, the grammar tests (vscode-textmate + vscode-oniguruma tokenizing
# test/fixtures/*.rocky), and a smoke test of the bundled extension against a stub `vscode`
# module and a fake rocky binary, the last three with node's test runner.
# `webview BUILD_DIR`: the lineage webview's page (rocky docs on the playground through
# src/webview.ts) in headless chromium under its CSP (test/webview_browser.ts, with the harness
# and puppeteer-core of tests/browser; needs BUILD_DIR/rocky).
# Usage: test.sh typecheck|unit|grammar|extension|all|webview BUILD_DIR. The npm packages come from scripts/setup.sh
# (`npm ci` of the pinned package-lock.json into the git-ignored editors/vscode/node_modules).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
bin="$here/node_modules/.bin"
if [ ! -x "$bin/esbuild" ] || [ ! -x "$bin/tsc" ]; then
  echo "test.sh: editors/vscode/node_modules is missing; run scripts/setup.sh" >&2
  exit 1
fi
what="${1:-all}"
case "$what" in
  typecheck) exec "$bin/tsc" -p "$here" ;;
  unit|grammar|extension|all) ;;
  webview)
    [ $# -eq 2 ] || { echo "usage: test.sh webview BUILD_DIR" >&2; exit 2; }
    build="$(cd "$2" && pwd)"
    out="$here/out/webview-$$"
    trap 'rm -rf "$out"' EXIT
    "$bin/esbuild" test/webview_browser.ts --bundle --platform=node --format=cjs --target=node20 \
      --outfile="$out/webview_browser.js" --log-level=warning
    node "$out/webview_browser.js" "$here/../.." "$build"
    exit $? ;;
  *) echo "usage: test.sh typecheck|unit|grammar|extension|all|webview BUILD_DIR" >&2; exit 2 ;;
esac
# The compiled tests go to a per-process folder two levels below the extension (the grammar test
# finds the extension at __dirname/../..), so parallel ctest runs do not collide.
out="$here/out/test-$$"
trap 'rm -rf "$out"' EXIT
"$bin/esbuild" test/*.test.ts --bundle --packages=external --platform=node --format=cjs \
  --target=node20 --outdir="$out" --log-level=warning
# The extension itself, bundled as for the .vsix (for test/extension.test.ts).
"$bin/esbuild" src/extension.ts --bundle --platform=node --format=cjs --target=node18 \
  --external:vscode --outfile="$out/extension.js" --log-level=warning
case "$what" in
  unit) node --test "$out/logic.test.js" ;;
  grammar) node --test "$out/grammar.test.js" ;;
  extension) node --test "$out/extension.test.js" ;;
  all) "$bin/tsc" -p "$here" && node --test "$out/"*.test.js ;;
esac
