#!/usr/bin/env python3
"""`make docs`, step 1: the site's sources in BUILD/docs/src — the hand-written pages of
docs/site/ and reference pages generated from the binary — and BUILD/docs/mkdocs.yml.

Generated here: reference/commands/<name>.md from `rocky <name> --help` (one page per command
`rocky --help` lists) and their index.

usage: gen_site.py BUILD_DIR
"""
import os
import re
import shutil
import subprocess
import sys


def rocky_help(rocky, *args):
    done = subprocess.run([rocky, *args, "--help"], capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        sys.exit(f"rocky {' '.join(args)} --help failed: {done.stderr}")
    return done.stdout


def commands(rocky):
    """(name, summary) of every command `rocky --help` lists, in its order."""
    text = rocky_help(rocky)
    block = text.split("Commands:\n", 1)[1]
    found = []
    for line in block.splitlines():
        m = re.match(r"^  ([a-z][a-z0-9-]*)\s{2,}(.*)$", line)
        if m:
            found.append((m.group(1), m.group(2).strip()))
        elif found and not line.startswith("  "):
            break
    if not found:
        sys.exit("no commands found in `rocky --help`")
    return found


def main():
    build = os.path.abspath(sys.argv[1])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    rocky = os.path.join(build, "rocky")
    out = os.path.join(build, "docs")
    src = os.path.join(out, "src")
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(os.path.join(root, "docs", "site"), src)
    shutil.copy(os.path.join(root, "docs", "mkdocs.yml.in"), os.path.join(out, "mkdocs.yml"))

    ref = os.path.join(src, "reference", "commands")
    os.makedirs(ref)
    listed = commands(rocky)
    with open(os.path.join(ref, "index.md"), "w") as f:
        f.write("# Commands\n\nGenerated from `rocky --help`.\n\n| command | what it does |\n"
                "|---|---|\n")
        for name, summary in listed:
            f.write(f"| [`rocky {name}`]({name}.md) | {summary} |\n")
    for name, summary in listed:
        with open(os.path.join(ref, f"{name}.md"), "w") as f:
            f.write(f"# rocky {name}\n\n{summary}\n\nGenerated from `rocky {name} --help`:\n\n"
                    f"```text\n{rocky_help(rocky, name).rstrip()}\n```\n")
    print(f"docs: {len(listed)} command pages in {ref}")


if __name__ == "__main__":
    main()
