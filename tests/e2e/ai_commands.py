#!/usr/bin/env python3
"""`rocky ai-sync`, `ai-explain` and `ai-test` end to end against the LLM emulator (issue 21), on
the playground:
- ai-sync: after `rocky run --all` (the DAG snapshot records the models' typed columns), a
  column of stg_orders is renamed; ai-sync proposes a unified diff for customer_orders only (its
  parent changed; customer_tiers' parent does not compile, so it is not compared), with the change
  in the prompt; without --apply nothing is written; --apply with an answer that never compiles
  writes nothing and exits 1; --apply with a good answer writes it and the project compiles and
  runs;
- ai-explain --save: a sidecar with comments and keys keeps them byte for byte except the
  intent line, a missing sidecar is created, `rocky compile` stays clean;
- ai-test --save: the tests that hold are written as tests/<model>_<name>.sql with the
  description as a comment, the others (rows returned, no parse, no run) are reported and not
  written; the saved tests return zero rows on the playground's warehouse (`rocky shell`);
- every JSON output validates against its schema; the key never appears in any output;
- all of it twice: through the Anthropic Messages API, then an OpenAI-compatible endpoint.

usage: ai_commands.py BUILD_DIR
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import (ROCKY, check, finish, llm_playground, llm_script, request,  # noqa
                         rocky, stop, valid)

KEY = "sk-ant-e2e-secret-456"

CUSTOMER_ORDERS_FIXED = """-- Silver: one row per customer with order totals, written in the .rocky pipeline language.
from stg_orders
group customer_id {
    order_count: count(order_id),
    total_amount: sum(amount_usd),
    first_order: min(order_date),
    last_order: max(order_date)
}
"""

SIDECAR = """# Owned by the sales team; ask #sales-data before changing.
intent = "Order count and revenue per customer."   # the old one

# How it is built.
[strategy]
type = "full_refresh"   # small table
"""

TESTS = [
    {"name": "order_id_not_null", "description": "Every order has an id.",
     "sql": "SELECT * FROM stg_orders WHERE order_id IS NULL"},
    {"name": "order id unique", "description": "One row per order.",
     "sql": "SELECT order_id FROM stg_orders\nGROUP BY order_id HAVING COUNT(*) > 1"},
    {"name": "amount_positive", "description": "Wrong on purpose: amounts are positive.",
     "sql": "SELECT * FROM stg_orders WHERE amount_usd > 0"},
    {"name": "broken", "description": "Does not parse.", "sql": "SELEC FROM WHERE"},
    {"name": "nowhere", "description": "Does not run.", "sql": "SELECT * FROM no_such_table"},
]


def read(path):
    with open(path) as f:
        return f.read()


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def first_user(prompt):
    """The first user message of a logged request (an OpenAI-compatible request also carries
    the system prompt as a message)."""
    return next((m["text"] for m in prompt["messages"] if m["role"] == "user"), "")


def json_of(done, what):
    check(done.returncode == 0, f"{what}: exit {done.returncode}: {done.stderr[-600:]}")
    check(KEY not in done.stdout and KEY not in done.stderr, f"{what}: the key was printed")
    try:
        return json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        check(False, f"{what}: not JSON: {done.stdout[-300:]}")
        return {}


def compiles(project, what):
    done = rocky(project, "compile", "-o", "json")
    check(done.returncode == 0 and not json.loads(done.stdout or "{}").get("has_errors", True),
          f"{what}: the project does not compile: {done.stdout[-600:]}{done.stderr[-300:]}")


def sync(project, schemas, url, env, models):
    done = rocky(project, "run", "--all", "-o", "json")
    check(done.returncode == 0, f"run --all: {done.stderr[-400:]}")
    llm_script(url, ["unused"])
    out = json_of(rocky(project, "ai-sync", "-o", "json", env=env), "ai-sync, nothing changed")
    check(out.get("proposals") == [], f"nothing changed: {out}")
    check(len(request(url + "/_emulator/llm/prompts")) == 0, "asked although nothing changed")

    stg = os.path.join(models, "stg_orders.sql")
    write(stg, read(stg).replace("AS DECIMAL(10, 2)) AS amount", "AS DECIMAL(10, 2)) AS amount_usd"))
    target = os.path.join(models, "customer_orders.rocky")
    original = read(target)

    # A proposal, not written.
    llm_script(url, ["```rocky\n" + CUSTOMER_ORDERS_FIXED + "```"])
    out = json_of(rocky(project, "ai-sync", "-o", "json", env=env), "ai-sync")
    valid(schemas, "ai-sync", out, "ai-sync")
    proposals = out.get("proposals", [])
    check([p.get("model") for p in proposals] == ["customer_orders"],
          f"proposals for: {[p.get('model') for p in proposals]}")
    if proposals:
        p = proposals[0]
        check(p["diff"].startswith("--- a/customer_orders.rocky\n+++ b/customer_orders.rocky\n@@ "),
              f"diff header: {p['diff'][:120]!r}")
        check("\n-    total_amount: sum(amount),\n+    total_amount: sum(amount_usd),\n" in p["diff"],
              f"diff body: {p['diff']!r}")
        check(p["proposed_source"] == CUSTOMER_ORDERS_FIXED, "proposed_source")
        check(p["intent"] == "Order count and revenue per customer.", f"intent: {p['intent']}")
    prompts = request(url + "/_emulator/llm/prompts")
    check(len(prompts) == 1, f"ai-sync requests: {len(prompts)}")
    if prompts:
        ask = first_user(prompts[0])
        check("stg_orders: column amount (Decimal(10,2)) removed" in ask
              and "stg_orders: column amount_usd (Decimal(10,2)) added" in ask,
              f"the change list is not in the prompt: {ask[:600]}")
        check("sum(amount)" in ask, "the current source is not in the prompt")
    check(read(target) == original, "ai-sync without --apply wrote the model")

    # --apply with an answer that never compiles: nothing written, exit 1.
    llm_script(url, [original.replace("sum(amount)", "sum(amount_eur)")], repeat_last=True)
    done = rocky(project, "ai-sync", "--apply", "--model", "customer_orders", env=env)
    check(done.returncode == 1, f"never-compiling proposal: exit {done.returncode}")
    check("does not compile" in done.stderr, f"never-compiling proposal: {done.stderr[-400:]}")
    check(read(target) == original, "a proposal that does not compile was written")

    # --apply: written, the project compiles and runs.
    llm_script(url, [CUSTOMER_ORDERS_FIXED])
    out = json_of(rocky(project, "ai-sync", "--apply", "--with-intent", "-o", "json", env=env),
                  "ai-sync --apply")
    check(len(out.get("proposals", [])) == 1, f"--apply proposals: {out}")
    check(read(target) == CUSTOMER_ORDERS_FIXED, "--apply did not write the proposal")
    compiles(project, "after ai-sync --apply")
    done = rocky(project, "run", "--all", "-o", "json")
    check(done.returncode == 0, f"run --all after --apply: {done.stderr[-400:]}")


def explain(project, schemas, url, env, models, api):
    sidecar = os.path.join(models, "customer_orders.toml")
    write(sidecar, SIDECAR)
    new_intent = 'One row per customer: orders counted and "amount_usd" summed, no filters.'
    llm_script(url, [new_intent + "\n"])
    out = json_of(rocky(project, "ai-explain", "customer_orders", "--save", "-o", "json", env=env),
                  "ai-explain --save")
    valid(schemas, "ai-explain", out, "ai-explain")
    check(out.get("explanations") == [{"model": "customer_orders", "intent": new_intent,
                                       "saved": True}], f"ai-explain: {out}")
    expected = SIDECAR.replace(
        'intent = "Order count and revenue per customer."   # the old one',
        'intent = "One row per customer: orders counted and \\"amount_usd\\" summed, no filters."')
    check(read(sidecar) == expected, f"the sidecar changed beyond its intent:\n{read(sidecar)}")
    prompts = request(url + "/_emulator/llm/prompts")
    check(len(prompts) == 1 and prompts[0]["api"] == api, f"ai-explain: not one {api} request")
    if prompts:
        ask = prompts[0]["messages"][-1]["text"]
        check(all(w in ask for w in ("grain", "filters", "joins", "aggregations", "sum(amount_usd)")),
              f"ai-explain prompt: {ask[:500]}")
        check("stg_orders" in str(prompts[0]), "the parent is not in the prompt")
    compiles(project, "after ai-explain --save")

    # A model without a sidecar gets one; without --save nothing is written.
    write(os.path.join(models, "order_count.sql"), "SELECT COUNT(*) AS n FROM stg_orders\n")
    llm_script(url, ["The number of orders."], repeat_last=True)
    out = json_of(rocky(project, "ai-explain", "order_count", "-o", "json", env=env), "ai-explain")
    check(out.get("explanations", [{}])[0].get("saved") is False, f"saved without --save: {out}")
    check(not os.path.exists(os.path.join(models, "order_count.toml")), "written without --save")
    json_of(rocky(project, "ai-explain", "order_count", "--save", "-o", "json", env=env),
            "ai-explain --save (new sidecar)")
    check(read(os.path.join(models, "order_count.toml")) == 'intent = "The number of orders."\n',
          "the new sidecar")
    compiles(project, "after a new sidecar")
    os.remove(os.path.join(models, "order_count.sql"))
    os.remove(os.path.join(models, "order_count.toml"))


def tests(project, schemas, url, env):
    llm_script(url, ["Here you go:\n```json\n" + json.dumps(TESTS, indent=2) + "\n```"])
    out = json_of(rocky(project, "ai-test", "stg_orders", "--save", "-o", "json", env=env),
                  "ai-test --save")
    valid(schemas, "ai-test", out, "ai-test")
    results = out.get("results", [])
    check(len(results) == 1 and results[0]["model"] == "stg_orders" and results[0]["saved"],
          f"ai-test: {out}")
    names = [t["name"] for t in results[0]["tests"]] if results else []
    check(names == ["order_id_not_null", "order_id_unique", "amount_positive", "broken",
                    "nowhere"], f"ai-test names: {names}")
    prompts = request(url + "/_emulator/llm/prompts")
    if prompts:
        check("zero rows" in first_user(prompts[0]), "ai-test prompt")
    folder = os.path.join(project, "tests")
    saved = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    check(saved == ["stg_orders_order_id_not_null.sql", "stg_orders_order_id_unique.sql"],
          f"saved tests: {saved}")
    if "stg_orders_order_id_unique.sql" in saved:
        check(read(os.path.join(folder, "stg_orders_order_id_unique.sql")) ==
              "-- One row per order.\nSELECT order_id FROM stg_orders\n"
              "GROUP BY order_id HAVING COUNT(*) > 1\n", "the saved test's text")
    # The saved tests return zero rows on the playground's warehouse.
    for name in saved:
        body = " ".join(line for line in read(os.path.join(folder, name)).splitlines()
                        if not line.startswith("--"))
        count = warehouse_count(project, body)
        check(count == 0, f"{name} on the warehouse: {count}")


def warehouse_count(project, query):
    """The rows `query` returns on the playground's warehouse, through `rocky shell` (models as
    bare names in playground.silver); None when it cannot run."""
    done = subprocess.run([ROCKY, "shell", "-o", "json"], cwd=project, capture_output=True,
                          text=True, timeout=120,
                          input=f"USE playground.silver;\nSELECT COUNT(*) FROM ({query}) t;\n")
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    for line in lines:
        if line.get("input", "").startswith("SELECT COUNT(*)") and line.get("rows"):
            return line["rows"][0][0]
    print(done.stdout[-400:], done.stderr[-400:])
    return None


def main():
    # Every flow through both endpoints: the Anthropic Messages API, then an OpenAI-compatible
    # server (as Ollama serves it: a base URL, no key).
    for api in ("anthropic", "openai"):
        pg = llm_playground(KEY)
        project, toml, schemas, models = pg["project"], pg["toml"], pg["schemas"], pg["models"]
        emulator, url, env = pg["emulator"], pg["url"], pg["env"]
        if api == "openai":
            write(os.path.join(project, "rocky.toml"),
                  toml + f'\n[ai]\nprovider = "openai"\nmodel = "llama3"\nbase_url = "{url}/v1"\n')
            env = {k: v for k, v in env.items() if not k.startswith("ANTHROPIC_")}
        try:
            sync(project, schemas, url, env, models)
            tests(project, schemas, url, env)
            explain(project, schemas, url, env, models, api)
            for prompt in request(url + "/_emulator/llm/prompts"):
                check(prompt["api"] == api, f"{api}: a request went to {prompt['api']}")
        finally:
            stop(emulator)
    return finish("ai_commands")


if __name__ == "__main__":
    sys.exit(main())
