"""`rocky shell` on the playground's DuckDB (issue 18).

Piped: a script on stdin prints no prompt; `.tables` lists the landed tables; a SELECT continued
over three lines with `\\` returns the rows duckdb_exec computes for the same query; bad SQL prints
an error on stderr and the shell goes on; `.schema raw__orders.orders` shows the columns;
`.quit` exits 0 and nothing after it runs. `-o json` prints one line per input matching
shell.schema.json. At a terminal (a pseudo-terminal): the prompts, Up recalls the last
statement, and the history file .rocky/shell_history carries it into the next session."""
import json
import os
import pty
import select
import subprocess
import sys
import tempfile
import time

from e2e_support import BUILD, ROCKY, check, finish, playground

DUCKDB_EXEC = os.path.join(BUILD, "tests", "duckdb_exec")

GROUPED = ("SELECT status, count(*) AS n, sum(amount) AS total FROM raw__orders.orders "
           "GROUP BY status ORDER BY status")


def shell(project, script, *args):
    return subprocess.run([ROCKY, "shell", *args], cwd=project, input=script,
                          capture_output=True, text=True, timeout=60)


def table_rows(text, header):
    """The rows of the table whose header line starts with `header`: lists of cells split on
    runs of two spaces, up to the `(N rows)` line."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(header)), None)
    if start is None:
        return None
    rows = []
    for line in lines[start + 2:]:
        if line.startswith("("):
            break
        rows.append([cell.strip() for cell in line.split("  ") if cell.strip()])
    return rows


def piped(project):
    expected = subprocess.run([DUCKDB_EXEC, "-q", os.path.join(project, "playground.duckdb"),
                               GROUPED], capture_output=True, text=True, check=True)
    expected_rows = [line.split("|") for line in expected.stdout.splitlines()]
    check(len(expected_rows) == 4, f"duckdb_exec rows: {expected.stdout}")

    script = (".tables\n"
              "SELECT status, count(*) AS n, sum(amount) AS total \\\n"
              "  FROM raw__orders.orders \\\n"
              "  GROUP BY status ORDER BY status;\n"
              "SELEC broken FROM nowhere;\n"
              "SELECT count(*) AS customers FROM raw__customers.customers\n"
              ".schema raw__orders.orders\n"
              ".quit\n"
              "SELECT 'after quit' AS never;\n")
    done = shell(project, script)
    out = done.stdout
    check(done.returncode == 0, f"exit {done.returncode}; stderr: {done.stderr}")
    check("rocky>" not in out and "...>" not in out, f"a prompt in piped output: {out}")
    lines = out.splitlines()
    check(lines[:2] == ["raw__customers.customers", "raw__orders.orders"],
          f".tables: {lines[:3]}")

    rows = table_rows(out, "status")
    check(rows == expected_rows, f"continued SELECT: {rows}, expected {expected_rows}")
    check("(4 rows)" in out, f"no row count: {out}")

    check(done.stderr.startswith("error: ") and "SELEC" in done.stderr,
          f"no error for bad SQL: {done.stderr!r}")
    count = subprocess.run([DUCKDB_EXEC, "-q", os.path.join(project, "playground.duckdb"),
                            "SELECT count(*) FROM raw__customers.customers"],
                           capture_output=True, text=True, check=True).stdout.strip()
    check(table_rows(out, "customers") == [[count]],
          f"statement after the error: {table_rows(out, 'customers')}, expected {count}")

    columns = table_rows(out, "column")
    check(columns is not None and [c[:2] for c in columns] == [
        ["order_id", "BIGINT"], ["customer_id", "BIGINT"], ["amount", "DECIMAL(10,2)"],
        ["status", "VARCHAR"], ["order_date", "DATE"], ["_fivetran_synced", "TIMESTAMP"]],
          f".schema: {columns}")
    check("after quit" not in out, f"a statement after .quit ran: {out}")
    check(not os.path.exists(os.path.join(project, ".rocky", "shell_history")),
          "a piped session wrote a history file")


def json_lines(project, schemas):
    done = shell(project, ".tables\nSELECT 1 AS a, NULL AS b\nnot sql\n.schema nope\n",
                 "-o", "json")
    check(done.returncode == 0, f"-o json exit {done.returncode}: {done.stderr}")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    check(len(lines) == 4, f"-o json lines: {done.stdout}")
    for line in lines:
        valid = subprocess.run([os.path.join(BUILD, "tests", "json_schema_check"),
                                os.path.join(schemas, "shell.schema.json")],
                               input=json.dumps(line), capture_output=True, text=True)
        check(valid.returncode == 0, f"{line} does not match shell.schema.json: {valid.stdout}")
    if len(lines) == 4:
        check(["raw__orders.orders"] in lines[0]["rows"], f".tables: {lines[0]}")
        check(lines[1]["columns"] == ["a", "b"] and lines[1]["rows"] == [[1, None]],
              f"SELECT: {lines[1]}")
        check("error" in lines[2] and "error" not in lines[1], f"bad SQL: {lines[2]}")
        check(lines[3].get("error") == "table 'nope' not found", f".schema nope: {lines[3]}")


class Terminal:
    """rocky shell on a pseudo-terminal: keys in, screen text out."""

    def __init__(self, project):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen([ROCKY, "shell"], cwd=project, stdin=slave, stdout=slave,
                                     stderr=slave, close_fds=True)
        os.close(slave)
        self.seen = ""

    def read_until(self, needle, timeout=10):
        """Reads the screen until `needle` shows (a check fails after `timeout` seconds): the
        text up to and with it, which is consumed."""
        deadline = time.monotonic() + timeout
        while needle not in self.seen and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.seen += os.read(self.master, 4096).decode(errors="replace")
                except OSError:
                    break
        at = self.seen.find(needle)
        check(at >= 0, f"terminal never showed {needle!r}: {self.seen[-500:]!r}")
        if at < 0:
            return self.seen
        shown, self.seen = self.seen[:at + len(needle)], self.seen[at + len(needle):]
        return shown

    def type(self, keys):
        os.write(self.master, keys.encode())

    def close(self):
        try:
            code = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = None
        os.close(self.master)
        return code


def interactive(project):
    term = Terminal(project)
    term.read_until("rocky> ")
    term.type("SELECT 40 + 2 \\\r")
    term.read_until("...> ")
    term.type("AS answer\r")
    shown = term.read_until("(1 row")
    check("answer" in shown and "42" in shown, f"no answer 42: {shown!r}")
    term.read_until("rocky> ")
    term.type("\x1b[A")  # Up: the last statement, continued lines joined
    term.read_until("SELECT 40 + 2 AS answer")
    term.type("\r")
    shown = term.read_until("(1 row")
    check("42" in shown, f"no 42 from the recalled statement: {shown!r}")
    term.read_until("rocky> ")
    term.type("SELECT 'dropped'\x03")  # Ctrl-C drops the line
    term.read_until("^C")
    term.read_until("rocky> ")
    term.type(".quit\r")
    code = term.close()
    check(code == 0, f".quit at a terminal: exit {code}")

    history = os.path.join(project, ".rocky", "shell_history")
    text = open(history).read() if os.path.exists(history) else ""
    check(text.splitlines() == ["SELECT 40 + 2 AS answer", ".quit"],
          f"history file: {text!r}")

    # A new session recalls the last session's statements.
    term = Terminal(project)
    term.read_until("rocky> ")
    term.type("\x1b[A\x1b[A\r")
    shown = term.read_until("(1 row")
    check("answer" in shown and "42" in shown, f"recalled statement: {shown!r}")
    term.read_until("rocky> ")
    term.type("\x04")  # Ctrl-D on an empty line leaves
    code = term.close()
    check(code == 0, f"Ctrl-D: exit {code}")


def main():
    with tempfile.TemporaryDirectory(prefix="rocky-shell-") as tmp:
        schemas = os.path.join(tmp, "schemas")
        subprocess.run([ROCKY, "export-schemas", schemas, "-o", "json"], check=True,
                       capture_output=True)
        project, _ = playground(tmp)
        piped(project)
        json_lines(project, schemas)
        interactive(project)
    return finish("e2e_shell")


if __name__ == "__main__":
    sys.exit(main())
