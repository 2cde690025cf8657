#!/usr/bin/env python3
"""Fails when a library includes a header of a library it may not use (style.md layering)."""
import pathlib
import re
import sys

# library folder -> folders it may include (besides itself)
ALLOWED = {
    "base": set(),
    "sql": {"base"},
    "lang": {"base", "sql"},
    "adapter_sdk": {"base", "sql"},
    "config": {"base"},
    "state": {"base"},
    "valkey": {"base"},
    "cache": {"base", "valkey"},
    "project": {"base", "sql", "lang", "adapter_sdk", "config"},
    "replication": {"base", "sql", "adapter_sdk", "config", "state"},
    "compiler": {"base", "sql", "lang", "adapter_sdk", "config", "state", "project"},
    "adapters/duckdb": {"base", "sql", "adapter_sdk"},
    "adapters/databricks": {"base", "sql", "adapter_sdk", "adapters/http"},
    "adapters/snowflake": {"base", "sql", "adapter_sdk", "adapters/http"},
    "adapters/fivetran": {"base", "sql", "adapter_sdk", "adapters/http"},
    "adapters/process": {"base", "sql", "adapter_sdk"},
    "adapters/http": {"base"},
    "state_sync": {"base", "adapters/http", "state", "valkey"},
    "adapters": {"base", "sql", "lang", "adapter_sdk", "config", "state", "replication",
                 "adapters/duckdb", "adapters/databricks", "adapters/snowflake", "adapters/http",
                 "adapters/fivetran", "adapters/process"},
    "runtime": {"base", "sql", "lang", "adapter_sdk", "config", "state", "project", "replication"},
    # dbt migration: the Jinja subset and dbt project reading; it writes files, nothing more
    "migrate": {"base"},
    "engine": {"base", "sql", "lang", "adapter_sdk", "config", "project", "adapters/duckdb"},
    # the project facade under the CLI, the server, the LSP and MCP: everything below cli
    "facade": {"base", "sql", "lang", "adapter_sdk", "config", "state", "valkey", "cache",
               "project", "replication", "compiler", "adapters/duckdb", "adapters/databricks",
               "adapters/snowflake", "adapters/fivetran", "adapters/process", "adapters/http",
               "state_sync", "adapters", "runtime", "engine", "migrate"},
    "server": {"base", "sql", "lang", "adapter_sdk", "config", "state", "project", "compiler",
               "facade", "server/web"},
    "lsp": {"base", "sql", "lang", "adapter_sdk", "config", "state", "project", "compiler",
            "facade"},
    "mcp": {"base", "sql", "lang", "adapter_sdk", "config", "state", "valkey", "cache",
            "project", "replication", "compiler", "adapters/duckdb", "adapters/databricks",
            "adapters/snowflake", "adapters/fivetran", "adapters/process", "adapters/http",
            "state_sync", "adapters", "runtime", "engine", "facade"},
    # the AI intent layer: providers over the HTTP client, the compile-verify loop over the
    # facade, generated tests run in the local engine
    "ai": {"base", "sql", "lang", "adapter_sdk", "config", "state", "project", "compiler",
           "engine", "facade", "adapters/http"},
    "cli": None,  # the top: may use everything
}

# Extra folders a library's tests may include: the HTTP client's tests drive the webhook
# dispatcher end to end against a local server; the adapters' golden tests generate model SQL;
# the registry's tests hand it the real tiered cache.
TEST_EXTRA = {
    "adapters/http": {"runtime", "config", "sql", "adapter_sdk"},
    "adapters": {"project", "cache"},
}

def library_of(rel: str) -> str:
    parts = rel.split("/")
    if parts[0] == "adapters" and len(parts) > 2:
        return "adapters/" + parts[1]
    return parts[0]

def main() -> int:
    src = pathlib.Path(sys.argv[1])
    problems = []
    include = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".h", ".cc"):
            continue
        rel = path.relative_to(src).as_posix()
        lib = library_of(rel)
        if lib not in ALLOWED:
            problems.append(f"{rel}: library '{lib}' is not in check_layers.ALLOWED")
            continue
        allowed = ALLOWED[lib]
        if allowed is None:
            continue
        if rel.endswith("_test.cc"):
            # Tests may run against the real DuckDB adapter (style.md: real parts in tests).
            allowed = allowed | {"adapters/duckdb"} | TEST_EXTRA.get(lib, set())
        for n, line in enumerate(path.read_text().splitlines(), 1):
            m = include.match(line)
            if not m:
                continue
            dep = library_of(m.group(1))
            if dep != lib and dep not in allowed:
                problems.append(f"{rel}:{n}: {lib} may not include {m.group(1)}")
    for p in problems:
        print(p)
    print(f"check_layers: {len(problems)} violation(s)")
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
