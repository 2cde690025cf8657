#!/usr/bin/env bash
# Builds the documentation site into BUILD/site: sources with the generated reference pages
# (gen_site.py), Debian's mkdocs with --strict (any warning, such as a broken internal link, fails
# the build), then the offline search index. Used by `make docs` and the docs_site test.
set -euo pipefail
build="$(cd "${1:?usage: build_site.sh BUILD_DIR}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
python3 "$here/gen_site.py" "$build"
# Debian's jinja2 raises a DeprecationWarning of its own on Python 3.11; not ours to fix.
(cd "$build/docs" && PYTHONWARNINGS=ignore::DeprecationWarning /usr/bin/mkdocs build --strict --quiet)
python3 "$here/offline_search.py" "$build/site"
