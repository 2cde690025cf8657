#!/usr/bin/env bash
# Installs everything Rocky needs to build and test, idempotently.
#  - Debian packages through apt-get (only the missing ones; `apt-get update` only when needed),
#    among them postgresql (the real server the PostgreSQL adapter's tests start) and
#    python3-psycopg2 (the driver of adapters/postgres/rocky-postgres, for /usr/bin/python3), and
#    redis-server (Valkey-compatible: the valkey client and distributed-lock tests start their own
#    server on a free port; no system service is started or needed), mkdocs and mkdocs-material
#    (`make docs`), and jq (the documentation's runnable examples pipe JSON through it).
#  - DuckDB 1.4.4 from the npm registry: libduckdb.so from @duckdb/node-bindings-linux-x64 and the
#    C API header from duckdb@1.4.4, both checked against pinned sha512 integrity values and
#    unpacked into the git-ignored third_party/duckdb/.
#  - s3rver 3.7.1 (the S3-compatible server the S3 client's tests start) from the npm registry,
#    every package pinned with its integrity by scripts/s3rver/package-lock.json, installed with
#    `npm ci` into the git-ignored third_party/node/.
#  - Debian's chromium and puppeteer-core 24.43.1 (the last release for Node 20; it drives the
#    system chromium and never downloads a browser) for the browser tests of tests/browser/,
#    pinned with its integrity by scripts/browser/package-lock.json and installed with `npm ci`
#    into the git-ignored third_party/browser/.
#  - The VS Code extension's toolchain (editors/vscode: typescript, esbuild, @vscode/vsce,
#    vscode-languageclient, @types/*, vscode-textmate, vscode-oniguruma), pinned with integrity by
#    editors/vscode/package-lock.json and installed with `npm ci` into the git-ignored
#    editors/vscode/node_modules/ (used by `make vscode` and the vscode_* tests).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

debian_packages=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates openssl
  libtomlplusplus-dev nlohmann-json3-dev libfmt-dev libsqlite3-dev libssl-dev zlib1g-dev
  libcpp-httplib-dev libmicrohttpd-dev libcurl4-openssl-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev libyaml-cpp-dev
  nodejs npm hyperfine python3
  clang-14 libclang-rt-14-dev python3-sqlglot
  postgresql python3-psycopg2 redis-server
  chromium
  mkdocs mkdocs-material jq
)

missing=()
for p in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from elsewhere (nvm, a tarball); accept a working binary on PATH.
    case "$p" in
      nodejs) command -v node >/dev/null 2>&1 && continue ;;
      npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages pinned by a package.json + package-lock.json under scripts/, installed with
# `npm ci` into a git-ignored folder: reinstalled only when the pinned lock file changed or the
# file that proves the install is missing.
#   install_pinned <what> <pins folder> <install folder> <proof file> [npm ci flags...]
install_pinned() {
  local what="$1" pins="$2" dir="$3" proof="$4"
  shift 4
  if cmp -s "$pins/package-lock.json" "$dir/package-lock.json" && [ -e "$dir/$proof" ]; then
    return 0
  fi
  echo "setup: installing $what from the npm registry into ${dir#"$root"/}" >&2
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$pins/package.json" "$pins/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --silent --no-audit --no-fund "$@" >/dev/null)
  [ -e "$dir/$proof" ] || { echo "setup: $what did not install" >&2; exit 1; }
}

install_pinned "s3rver 3.7.1" "$root/scripts/s3rver" "$root/third_party/node" \
  node_modules/.bin/s3rver
# The official MCP SDK, whose client drives `rocky mcp` in the e2e test (tests/e2e/mcp_client.mjs).
install_pinned "@modelcontextprotocol/sdk 1.32.2" "$root/scripts/mcp" "$root/third_party/mcp" \
  node_modules/@modelcontextprotocol/sdk/package.json --ignore-scripts
# puppeteer-core: no install scripts run and PUPPETEER_SKIP_DOWNLOAD is set, so nothing but the
# registry's tarballs is fetched (the tests drive Debian's chromium).
export PUPPETEER_SKIP_DOWNLOAD=1
install_pinned "puppeteer-core 24.43.1" "$root/scripts/browser" "$root/third_party/browser" \
  node_modules/puppeteer-core/package.json --ignore-scripts

# VS Code extension packages: reinstalled only when the pinned lock file changed (a copy of the
# lock file installed last is kept as node_modules/.rocky-package-lock.json). No install scripts
# run: esbuild's platform binary comes as its own package, and vsce's signing helper is not needed
# to package.
vscode_dir="$root/editors/vscode"
if ! cmp -s "$vscode_dir/package-lock.json" "$vscode_dir/node_modules/.rocky-package-lock.json" \
   || [ ! -x "$vscode_dir/node_modules/.bin/vsce" ]; then
  echo "setup: installing the VS Code extension's npm packages into editors/vscode/node_modules" >&2
  rm -rf "$vscode_dir/node_modules"
  (cd "$vscode_dir" && npm ci --silent --no-audit --no-fund --ignore-scripts >/dev/null)
  [ -x "$vscode_dir/node_modules/.bin/vsce" ] && [ -x "$vscode_dir/node_modules/.bin/esbuild" ] \
    || { echo "setup: the VS Code extension's packages did not install" >&2; exit 1; }
  cp "$vscode_dir/package-lock.json" "$vscode_dir/node_modules/.rocky-package-lock.json"
fi

duckdb_dir="$root/third_party/duckdb"
if [ -f "$duckdb_dir/lib/libduckdb.so" ] && [ -f "$duckdb_dir/include/duckdb.h" ] \
   && [ "$(cat "$duckdb_dir/VERSION" 2>/dev/null)" = "1.4.4" ]; then
  exit 0
fi

echo "setup: fetching DuckDB 1.4.4 from the npm registry" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() { # fetch <package@version> <expected sha512 integrity>
  local spec="$1" want="$2" file got
  file="$(cd "$work" && npm pack --silent "$spec" 2>/dev/null | tail -n 1)"
  [ -f "$work/$file" ] || { echo "setup: npm pack $spec failed" >&2; exit 1; }
  got="sha512-$(openssl dgst -sha512 -binary "$work/$file" | base64 -w0)"
  if [ "$got" != "$want" ]; then
    echo "setup: integrity mismatch for $spec: expected $want, got $got" >&2
    exit 1
  fi
  echo "$work/$file"
}

bindings="$(fetch @duckdb/node-bindings-linux-x64@1.4.4-r.4 \
  'sha512-jBTL/WvfwxLToFa/pVHfT6elMtltJGnc3wSuxZD9OfMltit9YUdVFS37vBFQzXMT1Z8OWjtSjMh+zPKxOwHLHA==')"
headers="$(fetch duckdb@1.4.4 \
  'sha512-hEJJ5hyVF0VLj3dmOLpsWrQR0b3d4Ykqtygm6iUXjHJDDnSqg/USKxcb5qvNrOhFYPgktayU6dXCtgPqcmmpog==')"

mkdir -p "$work/b" "$work/h"
tar -xzf "$bindings" -C "$work/b"
tar -xzf "$headers" -C "$work/h" package/src/duckdb/src/include/duckdb.h

rm -rf "$duckdb_dir"
mkdir -p "$duckdb_dir/lib" "$duckdb_dir/include"
so="$(find "$work/b" -name 'libduckdb.so' | head -n 1)"
[ -n "$so" ] || { echo "setup: libduckdb.so not found in the bindings package" >&2; exit 1; }
cp "$so" "$duckdb_dir/lib/libduckdb.so"
cp "$work/h/package/src/duckdb/src/include/duckdb.h" "$duckdb_dir/include/duckdb.h"
echo "1.4.4" > "$duckdb_dir/VERSION"
echo "setup: DuckDB 1.4.4 ready in third_party/duckdb" >&2
