#!/usr/bin/env python3
"""The cache tiers of services.md §1 in `rocky discover`, against a real redis-server (with a
password) and the Fivetran emulator (tests/emulators/fivetran), whose request log counts the
calls Rocky makes.

Fivetran discovery with `[cache] valkey_url`:
  - the first discover calls Fivetran; a second one within discovery_ttl_secs makes no call and
    prints the same sources;
  - Valkey holds `rocky:discover:fivetran:<64 hex>:src__` (TTL in (0, discovery_ttl_secs]) and
    `rocky:fivetran:schemas:<id>:<succeeded_at>` for each synced connection (TTL in
    (0, valkey_ttl_secs]); a never-synced connection has no entry;
  - a second runner folder (a fresh process, empty memory) is served by Valkey: no call;
  - with the discovery entry gone, only the connection list (and the never-synced connection's
    schema config) is asked: the other schema configs come from their Valkey entries;
  - with redis-server stopped, discover still succeeds (exit 0), warns once on stderr and calls
    Fivetran.
DuckDB discovery: the second discover within the TTL runs no information_schema query (seen in
the debug log), prints the same sources, and its entry is in Valkey; discovery_ttl_secs = 0
caches nothing.
The Valkey password and the Fivetran secret never appear in Rocky's output nor in a key.

usage: cache_tiers.py BUILD_DIR
"""
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import (check, finish, playground, request, rocky, start_emulator, stop,  # noqa: E402
                         write_file)
from valkey_server import ValkeyServer  # noqa: E402

PASSWORD = "Cache-pw-0b5e91"
FT_SECRET = "ft-cache-TOPSECRET-secret"
DISCOVERY_TTL = 120
VALKEY_TTL = 900
SHOP_SYNC = "2026-12-01T10:00:00.245Z"
PG_SYNC = "2026-12-02T08:30:00Z"
outputs = []  # every stdout/stderr, checked for secrets at the end

FIXTURE = {"destination_id": "dest_1", "connectors": [
    {"id": "shop_us", "service": "shopify", "schema": "src__acme__us_west__shopify",
     "paused": False, "status": {"setup_state": "connected", "sync_state": "scheduled"},
     "succeeded_at": SHOP_SYNC,
     "schema_config": {"schemas": {"shopify": {
         "enabled": True, "name_in_destination": "src__acme__us_west__shopify",
         "tables": {"orders": {"enabled": True}, "Customers": {"enabled": True}}}}}},
    {"id": "pg_eu", "service": "postgres", "schema": "src__acme__eu__pg",
     "paused": False, "status": {"setup_state": "connected", "sync_state": "scheduled"},
     "succeeded_at": PG_SYNC,
     "schema_config": {"schemas": {"public": {"enabled": True, "tables": {"accounts": {}}}}}},
    {"id": "stripe_eu", "service": "stripe", "schema": "src__acme__eu__stripe",
     "paused": True, "status": {"setup_state": "connected", "sync_state": "paused"},
     "succeeded_at": "2026-11-30T08:00:00Z",
     "schema_config": {"schemas": {"stripe": {"enabled": True, "tables": {"charges": {}}}}}},
    {"id": "hubspot_new", "service": "hubspot", "schema": "src__acme__us_west__hubspot",
     "paused": False, "status": {"setup_state": "connected", "sync_state": "scheduled"},
     "succeeded_at": None}]}


def run(project, *args, env=None):
    done = rocky(project, *args, env=env)
    outputs.append(done.stdout + done.stderr)
    return done


def sources_of(done):
    try:
        return json.loads(done.stdout).get("sources")
    except ValueError:
        return None


def fivetran_calls(ft_url):
    """The API requests the emulator got since the last call (the log is cleared each time)."""
    calls = [r["target"] for r in request(ft_url + "/_emulator/requests")
             if r["target"].startswith("/v1/")]
    request(ft_url + "/_emulator/requests", method="DELETE")
    return calls


def ttl_within(valkey, key, most):
    ttl = int(valkey.cli("TTL", key) or "-3")
    check(0 < ttl <= most, f"TTL of {key}: {ttl} (expected in (0, {most}])")


def fivetran_case(work, valkey, env):
    with open(os.path.join(work, "fixture.json"), "w") as f:
        json.dump(FIXTURE, f)
    ft, ft_url = start_emulator("fivetran", "--fixture", os.path.join(work, "fixture.json"),
                                "--api-key", "ft-key", "--api-secret", FT_SECRET)
    try:
        toml = f'''[adapter.local]
type = "duckdb"
path = "local.duckdb"

[adapter.fivetran]
type = "fivetran"
destination_id = "dest_1"
api_key = "ft-key"
api_secret = "{FT_SECRET}"
base_url = "{ft_url}"

[pipeline.bronze]
strategy = "full_refresh"

[pipeline.bronze.source]
adapter = "local"
schema_pattern = {{ prefix = "src__", separator = "__", components = ["tenant", "regions...", "source"] }}
discovery = {{ adapter = "fivetran" }}

[pipeline.bronze.target]
adapter = "local"
catalog_template = "local"
schema_template = "staging__{{regions}}__{{source}}"

[cache]
valkey_url = "${{ROCKY_TEST_VALKEY_URL}}"
discovery_ttl_secs = {DISCOVERY_TTL}
valkey_ttl_secs = {VALKEY_TTL}
'''
        runners = []
        for name in ("a", "b", "c"):
            folder = os.path.join(work, "fivetran", name)
            os.makedirs(folder)
            write_file(folder, "rocky.toml", toml)
            runners.append(folder)
        a, b, c = runners
        fivetran_calls(ft_url)

        first = run(a, "-o", "json", "discover", env=env)
        check(first.returncode == 0, f"first discover: exit {first.returncode}: {first.stderr}")
        expected = sources_of(first)
        check([s["id"] for s in expected or []] == ["pg_eu", "shop_us"],
              f"first discover's sources: {expected}")
        calls = fivetran_calls(ft_url)
        check(any("/schemas" in t for t in calls) and any("/groups/dest_1/" in t for t in calls),
              f"the first discover asked Fivetran: {calls}")
        check("warning" not in first.stderr, f"first discover warned: {first.stderr}")

        second = run(a, "-o", "json", "discover", env=env)
        check(second.returncode == 0, f"second discover: exit {second.returncode}")
        check(sources_of(second) == expected, f"second discover differs: {sources_of(second)}")
        calls = fivetran_calls(ft_url)
        check(calls == [], f"the second discover within the TTL called Fivetran: {calls}")

        keys = sorted(valkey.cli("KEYS", "rocky:*").split())
        discover_keys = [k for k in keys if k.startswith("rocky:discover:")]
        check(len(discover_keys) == 1 and
              re.fullmatch(r"rocky:discover:fivetran:[0-9a-f]{64}:src__", discover_keys[0]),
              f"the discovery key: {keys}")
        for k in discover_keys:
            ttl_within(valkey, k, DISCOVERY_TTL)
            cached = json.loads(valkey.cli("GET", k))
            check([s["id"] for s in cached.get("sources", [])] == ["pg_eu", "shop_us"],
                  f"the cached discovery value: {cached}")
        schema_keys = [k for k in keys if k.startswith("rocky:fivetran:schemas:")]
        check(schema_keys == [f"rocky:fivetran:schemas:pg_eu:{PG_SYNC}",
                              f"rocky:fivetran:schemas:shop_us:{SHOP_SYNC}"],
              f"the schema config keys: {keys}")
        for k in schema_keys:
            ttl_within(valkey, k, VALKEY_TTL)
        shop = json.loads(valkey.cli("GET", f"rocky:fivetran:schemas:shop_us:{SHOP_SYNC}") or "{}")
        check("shopify" in shop.get("schemas", {}), f"the cached schema config: {shop}")
        for k in keys:
            check(FT_SECRET not in k and "ft-key" not in k and PASSWORD not in k,
                  f"a secret in a key: {k[:40]}")

        # Another runner: a fresh process with empty memory, served by Valkey.
        other = run(b, "-o", "json", "discover", env=env)
        check(other.returncode == 0, f"runner B's discover: exit {other.returncode}")
        check(sources_of(other) == expected, f"runner B's sources: {sources_of(other)}")
        calls = fivetran_calls(ft_url)
        check(calls == [], f"runner B called Fivetran: {calls}")

        # The discovery entry gone: the connection list is asked, but the schema configs of
        # synced connections come from Valkey (the never-synced one is always asked).
        valkey.cli("DEL", *discover_keys)
        again = run(b, "-o", "json", "discover", env=env)
        check(sources_of(again) == expected, f"discover from schema entries: {sources_of(again)}")
        calls = fivetran_calls(ft_url)
        check([t for t in calls if "/schemas" in t] == ["/v1/connections/hubspot_new/schemas"],
              f"schema configs asked with their entries in Valkey: {calls}")
        check(any("/groups/dest_1/" in t for t in calls), f"no connection list asked: {calls}")

        # Valkey down: discover still works, warns once, and asks Fivetran.
        valkey.stop()
        down = run(c, "-o", "json", "discover", env=env)
        check(down.returncode == 0, f"discover with Valkey down: exit {down.returncode}: "
                                    f"{down.stderr}")
        check(sources_of(down) == expected, f"discover with Valkey down: {sources_of(down)}")
        check(down.stderr.count("the Valkey cache is unavailable") == 1,
              f"one warning about the Valkey cache: {down.stderr}")
        calls = fivetran_calls(ft_url)
        check(any("/schemas" in t for t in calls), f"Valkey down: Fivetran not called: {calls}")
        table = run(c, "discover", env=env)  # the table output too
        check(table.returncode == 0 and "shop_us" in table.stdout,
              f"table discover with Valkey down: {table.returncode} {table.stderr}")
    finally:
        stop(ft)


def duckdb_case(work, valkey, env):
    project, base_toml = playground(work)
    debug = dict(env, ROCKY_LOG="debug")
    queried = "in information_schema of"

    def configure(extra):
        write_file(project, "rocky.toml", base_toml + '\n[cache]\nvalkey_url = '
                   '"${ROCKY_TEST_VALKEY_URL}"\n' + extra)

    configure("")
    first = run(project, "-o", "json", "discover", env=debug)
    check(first.returncode == 0, f"duckdb discover: exit {first.returncode}: {first.stderr[-500:]}")
    check(queried in first.stderr, "the first DuckDB discover did not query information_schema")
    expected = sources_of(first)
    check([s["id"] for s in expected or []] == ["raw__customers", "raw__orders"],
          f"duckdb sources: {expected}")
    second = run(project, "-o", "json", "discover", env=debug)
    check(second.returncode == 0, f"second duckdb discover: exit {second.returncode}")
    check(queried not in second.stderr,
          "the second DuckDB discover within the TTL queried information_schema")
    check("Valkey hit" in second.stderr, "the second DuckDB discover was no Valkey hit")
    check(sources_of(second) == expected, f"second duckdb discover differs: {sources_of(second)}")
    keys = valkey.cli("KEYS", "rocky:discover:duckdb:*").split()
    check(len(keys) == 1 and re.fullmatch(r"rocky:discover:duckdb:[0-9a-f]{64}:raw__", keys[0]),
          f"the DuckDB discovery key: {keys}")
    for k in keys:
        ttl_within(valkey, k, 60)  # discovery_ttl_secs' default

    # discovery_ttl_secs = 0: nothing cached, every discover asks DuckDB.
    valkey.cli("DEL", *keys)
    configure("discovery_ttl_secs = 0\n")
    for i in range(2):
        done = run(project, "-o", "json", "discover", env=debug)
        check(done.returncode == 0 and queried in done.stderr,
              f"uncached discover {i}: exit {done.returncode}, queried: {queried in done.stderr}")
    check(valkey.cli("KEYS", "rocky:discover:*") == "", "discovery_ttl_secs = 0 cached something")


def main():
    with tempfile.TemporaryDirectory(prefix="rocky-cache-tiers-") as work:
        with ValkeyServer(password=PASSWORD) as valkey:
            env = dict(os.environ, ROCKY_TEST_VALKEY_URL=valkey.url())
            env.pop("ROCKY_LOG", None)
            duckdb_case(work, valkey, env)
            valkey.cli("FLUSHALL")
            fivetran_case(work, valkey, env)
        for text in outputs:
            for secret in (PASSWORD, FT_SECRET):
                check(secret not in text, f"a secret appears in Rocky's output: {secret[:8]}…")
    return finish("cache_tiers")


if __name__ == "__main__":
    sys.exit(main())
