#!/usr/bin/env python3
"""Doc test: the examples in docs/site/**/*.md work as shown.

Markers are HTML comments on the line before a fenced block (invisible on the site):

  <!-- file: PATH -->              the block is the content of PATH (relative to the project).
  <!-- file: rocky.toml fragment --> the block is appended to the rocky.toml of `rocky init`.
  <!-- file: rocky.toml expect=V018 --> `rocky validate` must report that code.
  <!-- runnable -->                 a ```console block: each `$ command` line runs, and what it
                                     prints on stdout must match the lines below it.
  <!-- runnable exit=1 -->          the same, and the block's last command must exit 1.
  <!-- not-checked: REASON -->      a block deliberately left out (say why).

Every ```toml block needs a marker. A page with runnable blocks is one session: it starts in an
empty temporary folder, its file blocks are written there in page order, and its commands run in
page order (a `cd` carries over), with `rocky` on PATH and stdout on a terminal, so the output is
what a user sees. On other pages, each rocky.toml block is written into a project made by
`rocky init` (together with the page's earlier file blocks) and must pass `rocky validate`.
`${VAR}` references get a placeholder value when VAR is unset.

Commands: every command `rocky --help` lists must be mentioned (as `rocky NAME` in code) on some
page, and every `rocky NAME` in code must be a command, so renaming a command fails here.

Expected output: trailing spaces are ignored, and runs of spaces or dashes count as one (table
column widths follow the widest cell); a line `...` matches any number of lines; `...` inside a
line matches any text (timings, run ids).

usage: check_examples.py BUILD_DIR [PAGE.md…]
"""
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SITE = os.path.join(ROOT, "docs", "site")
sys.path.insert(0, os.path.join(ROOT, "docs"))
import gen_site  # noqa: E402  (the command list, parsed as the site's reference parses it)
MARKER = re.compile(r"^<!--\s*(file:\s*(?P<file>\S+)(?P<opts>[^>]*?)|(?P<runnable>runnable)"
                    r"(?P<ropts>[^>]*?)|not-checked:(?P<reason>[^>]*?))\s*-->\s*$")
FENCE = re.compile(r"^(?P<ticks>`{3,})(?P<lang>[\w+-]*)")


class Block:
    def __init__(self, page, line, lang, text, marker):
        self.page, self.line, self.lang, self.text, self.marker = page, line, lang, text, marker

    def where(self):
        return f"{os.path.relpath(self.page, ROOT)}:{self.line}"


def blocks(page):
    """Fenced blocks of a page with the marker comment just before each (or None)."""
    lines = open(page, encoding="utf-8").read().splitlines()
    out, i, previous = [], 0, ""
    while i < len(lines):
        m = FENCE.match(lines[i].strip())
        if m:
            ticks, start = m.group("ticks"), i
            body = []
            i += 1
            while i < len(lines) and lines[i].strip() != ticks:
                body.append(lines[i])
                i += 1
            marker = MARKER.match(previous.strip())
            out.append(Block(page, start + 1, m.group("lang"), "\n".join(body) + "\n", marker))
            previous = ""
        elif lines[i].strip():
            previous = lines[i]
        i += 1
    return out


def env_for(text, base):
    env = dict(base)
    for name in re.findall(r"\$\{(\w+)", text):
        env.setdefault(name, f"placeholder-{name.lower()}")
    return env


def table_spacing(text):
    """Runs of spaces and of dashes as one: a table's column widths follow its widest cell (a
    timestamp's digits, a duration), which the page cannot know."""
    return re.sub(r"-{2,}", "-", re.sub(r" {2,}", " ", text.rstrip()))


def line_matches(pattern, line):
    parts = [re.escape(p) for p in table_spacing(pattern).split("...")]
    return re.fullmatch(".*?".join(parts), table_spacing(line)) is not None


def output_matches(expected, actual):
    """`...` lines match any number of lines; `...` in a line matches any text."""
    exp, act = expected, actual

    def go(i, j):
        if i == len(exp):
            return j == len(act)
        if exp[i].strip() == "...":
            return any(go(i + 1, k) for k in range(j, len(act) + 1))
        return j < len(act) and line_matches(exp[i], act[j]) and go(i + 1, j + 1)
    return go(0, 0)


def run_on_terminal(command, cwd, env):
    """Runs `command` with bash, stdout on a pseudo-terminal. Returns (exit code, stdout lines,
    stderr text, new cwd)."""
    with tempfile.NamedTemporaryFile("r", delete=False) as where, \
            tempfile.TemporaryFile("w+") as err:
        script = 'cd "$1" || exit 97; eval "$2"; rc=$?; pwd > "$3"; exit $rc'
        master, slave = pty.openpty()
        proc = subprocess.Popen(["bash", "-c", script, "doc", cwd, command, where.name],
                                stdin=subprocess.DEVNULL, stdout=slave, stderr=err, env=env)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.close(master)
        rc = proc.wait(timeout=300)
        err.seek(0)
        stderr = err.read()
        new_cwd = open(where.name).read().strip() or cwd
        os.unlink(where.name)
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return rc, lines, stderr, new_cwd


def write_file(project, block, name, append=False):
    path = os.path.join(project, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a" if append else "w", encoding="utf-8") as f:
        f.write(("\n" if append else "") + block.text)


def check_session(page, items, build, failures):
    tmp = tempfile.mkdtemp(prefix="rocky-doc-session-")
    bindir = os.path.join(tmp, ".bin")
    os.makedirs(bindir)
    os.symlink(os.path.join(build, "rocky"), os.path.join(bindir, "rocky"))
    env = dict(os.environ, PATH=f"{bindir}:{os.environ['PATH']}", NO_COLOR="1", COLUMNS="100",
               TERM="dumb", HOME=tmp)
    cwd = os.path.join(tmp, "work")
    os.makedirs(cwd)
    try:
        for block in items:
            m = block.marker
            if m.group("file"):
                write_file(cwd, block, m.group("file"), append="fragment" in (m.group("opts") or ""))
                continue
            lines = block.text.rstrip("\n").split("\n")
            steps = []  # (command, expected lines)
            for line in lines:
                if line.startswith("$ "):
                    steps.append((line[2:], []))
                elif steps:
                    steps[-1][1].append(line)
                else:
                    failures.append(f"{block.where()}: a runnable block starts with '$ '")
                    return
            want_exit = 0
            if (x := re.search(r"exit=(\d+)", m.group("ropts") or "")):
                want_exit = int(x.group(1))
            for n, (command, expected) in enumerate(steps):
                rc, actual, stderr, cwd = run_on_terminal(command, cwd, env_for(command, env))
                last = n == len(steps) - 1
                if rc != (want_exit if last else 0):
                    failures.append(f"{block.where()}: `{command}` exited {rc}\n{stderr[-2000:]}")
                    return
                while expected and not expected[-1].strip():
                    expected.pop()
                if not output_matches(expected, actual):
                    failures.append(f"{block.where()}: `{command}` printed\n  " +
                                    "\n  ".join(actual) + "\nbut the page shows\n  " +
                                    "\n  ".join(expected))
                    return
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def validate_block(block, build, files, failures):
    m = block.marker
    opts = m.group("opts") or ""
    expect = re.search(r"expect=(\w+)", opts)
    rocky = os.path.join(build, "rocky")
    with tempfile.TemporaryDirectory() as tmp:
        project = os.path.join(tmp, "p")
        subprocess.run([rocky, "-o", "json", "init", project], check=True, capture_output=True)
        for earlier in files:
            write_file(project, earlier, earlier.marker.group("file"))
        write_file(project, block, "rocky.toml", append="fragment" in opts)
        text = open(os.path.join(project, "rocky.toml")).read()
        done = subprocess.run([rocky, "-o", "json", "validate"], cwd=project, capture_output=True,
                              text=True, env=env_for(text, os.environ), timeout=60)
        try:
            doc = json.loads(done.stdout)
        except json.JSONDecodeError:
            failures.append(f"{block.where()}: rocky validate printed no JSON: {done.stderr}")
            return
        errors = [f"{x.get('code')} {x.get('message')}" for x in doc.get("messages", [])
                  if x.get("severity") == "error"]
        codes = {x.get("code") for x in doc.get("messages", [])}
        if expect:
            if expect.group(1) not in codes:
                failures.append(f"{block.where()}: expected {expect.group(1)} from rocky validate, "
                                f"got {sorted(c for c in codes if c)}")
        elif not doc.get("valid") or errors:
            failures.append(f"{block.where()}: rocky validate fails on this rocky.toml:\n  " +
                            "\n  ".join(errors))


def code_mentions(page):
    """(line, command) for each `rocky NAME` inside inline code or a fenced block."""
    found, fenced = [], False
    for n, line in enumerate(open(page, encoding="utf-8").read().splitlines(), 1):
        if FENCE.match(line.strip()):
            fenced = not fenced
            continue
        spans = [line] if fenced else re.findall(r"`([^`]+)`", line)
        for span in spans:
            for m in re.finditer(r"(?:^|[\s$(])rocky\s+(?:-\S+\s+(?:json\s+|table\s+)?)*"
                                 r"([a-z][a-z0-9-]*)", span):
                found.append((n, m.group(1)))
    return found


def check_commands(build, pages, failures):
    commands = {name for name, _ in gen_site.commands(os.path.join(build, "rocky"))}
    mentioned = set()
    for page in pages:
        for line, name in code_mentions(page):
            mentioned.add(name)
            if name not in commands:
                failures.append(f"{os.path.relpath(page, ROOT)}:{line}: `rocky {name}` is not a "
                                "command (`rocky --help` lists the commands)")
    for name in sorted(commands - mentioned):
        failures.append(f"`rocky {name}` is not mentioned on any page of docs/site: document it "
                        "in the guide where it belongs")


def main():
    build = os.path.abspath(sys.argv[1])
    pages = [os.path.abspath(p) for p in sys.argv[2:]] or sorted(
        os.path.join(d, f) for d, _, fs in os.walk(SITE) for f in fs if f.endswith(".md"))
    failures, checked, sessions = [], 0, 0
    for page in pages:
        items = []
        for block in blocks(page):
            if block.marker is None:
                if block.lang == "toml":
                    failures.append(f"{block.where()}: a ```toml block needs a marker comment "
                                    "(<!-- file: rocky.toml --> or <!-- not-checked: why -->)")
                continue
            if block.marker.group("reason") is not None:
                continue
            items.append(block)
        if any(b.marker.group("runnable") for b in items):
            sessions += 1
            check_session(page, items, build, failures)
            checked += len(items)
            continue
        files = []
        for block in items:
            name = block.marker.group("file")
            if name == "rocky.toml":
                validate_block(block, build, files, failures)
                checked += 1
            elif name:
                files.append(block)
    if not sys.argv[2:]:
        check_commands(build, pages, failures)
    print(f"{len(pages)} pages, {checked} checked blocks, {sessions} runnable sessions")
    if failures:
        print("\n\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
