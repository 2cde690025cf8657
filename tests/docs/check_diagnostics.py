#!/usr/bin/env python3
"""Doc test: every diagnostic code the binary can emit has a page, and every page's example
triggers its code.

The codes the binary can emit are the code literals in the sources under src/ (test files
excluded). Each needs docs/diagnostics/<CODE>.toml; each example there is run against the binary
(docs/diagnostic_examples.py) and must produce the code with the message the page promises.

usage: check_diagnostics.py ROCKY_BINARY [CODE…]
"""
import os
import sys
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "docs"))
import diagnostic_examples as dx  # noqa: E402


def main():
    rocky = os.path.abspath(sys.argv[1])
    only = set(sys.argv[2:])
    failures = []
    catalog = dx.load_catalog(os.path.join(ROOT, "docs"))
    emitted = dx.codes_in_sources(os.path.join(ROOT, "src"))
    for code, where in sorted(emitted.items()):
        if code not in catalog:
            failures.append(f"{code} (in {where}) has no page: write docs/diagnostics/{code}.toml")
    for code in sorted(set(catalog) - set(emitted)):
        failures.append(f"docs/diagnostics/{code}.toml documents a code no source emits; "
                        "delete the page or restore the code")

    entries = [e for c, e in sorted(catalog.items())
               if "untriggerable" not in e and (not only or c in only)]

    def check(entry):
        _, done, error = dx.run_example(rocky, entry)
        if error:
            return (f"{entry['path']}: {error}\n  exit {done.returncode}\n  stdout: "
                    f"{done.stdout[:1500]}\n  stderr: {done.stderr[:1500]}")
        return None

    with ThreadPoolExecutor(max_workers=4) as pool:
        failures += [f for f in pool.map(check, entries) if f]
    untriggerable = [c for c, e in catalog.items() if "untriggerable" in e]
    print(f"{len(emitted)} codes in the sources, {len(catalog)} pages, {len(entries)} examples "
          f"run, {len(untriggerable)} without an example ({', '.join(sorted(untriggerable))})")
    if failures:
        print("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
