#!/usr/bin/env python3
"""`rocky ai` end to end against the LLM emulator (issue 21), on the playground:
- scripted to answer first with SQL that names an unknown column, then with a fixed model: two
  attempts, the second request carries the E002 diagnostic, `--save` writes a model and a sidecar
  that compile, `attempts: 2`, the JSON validates against the `ai` schema;
- a reply in code fences is unwrapped;
- a reply that never compiles: `generation failed to compile after 3 attempts`, exit 1, nothing
  written;
- an overloaded (529) answer is retried;
- the same flow through the OpenAI-compatible endpoint;
- without a key, or without a base URL for `openai`, the error names what to set; the key never
  appears in any output.

usage: ai_generate.py BUILD_DIR
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import (check, finish, llm_playground, llm_script, request, rocky,  # noqa
                         stop, valid)

KEY = "sk-ant-e2e-secret-789"
BAD_SQL = ("SELECT customer_id, COUNT(*) AS orders, SUM(amount_usd) AS total\n"
           "FROM stg_orders\nGROUP BY customer_id\nHAVING COUNT(*) > 3")
GOOD_SQL = ("SELECT customer_id, COUNT(*) AS orders, SUM(amount) AS total\n"
            "FROM stg_orders\nGROUP BY customer_id\nHAVING COUNT(*) > 3")


def no_key(done, what):
    check(KEY not in done.stdout and KEY not in done.stderr, f"{what}: the key was printed")


def main():
    pg = llm_playground(KEY)
    project, toml, schemas, models = pg["project"], pg["toml"], pg["schemas"], pg["models"]
    emulator, url, env = pg["emulator"], pg["url"], pg["env"]
    try:
        # 1. Two attempts: the first names an unknown column.
        llm_script(url, [BAD_SQL, "```sql\n" + GOOD_SQL + "\n```"])
        done = rocky(project, "ai", "customers with more than 3 orders last month", "--format",
                     "sql", "--save", "-o", "json", env=env)
        check(done.returncode == 0, f"rocky ai failed: {done.stderr}")
        out = json.loads(done.stdout or "{}")
        check(out.get("attempts") == 2, f"attempts: {out.get('attempts')}")
        check(out.get("name") == "gen_stg_orders", f"name: {out.get('name')}")
        check(out.get("source", "").strip() == GOOD_SQL, f"source: {out.get('source')!r}")
        valid(schemas, "ai", out, "rocky ai")
        prompts = request(url + "/_emulator/llm/prompts")
        check(len(prompts) == 2, f"requests made: {len(prompts)}")
        if len(prompts) == 2:
            retry = prompts[1]["messages"][-1]["text"]
            check("E002" in retry and "amount_usd" in retry,
                  f"the second request lacks the E002 diagnostic: {retry}")
            check("stg_orders" in prompts[0]["system"] and "amount" in prompts[0]["system"],
                  "the prompt lacks the models and their columns")
        saved = os.path.join(models, "gen_stg_orders.sql")
        check(os.path.exists(saved), "the model was not saved")
        with open(os.path.join(models, "gen_stg_orders.toml")) as f:
            check('intent = "customers with more than 3 orders last month"' in f.read(),
                  "the sidecar lacks the intent")
        compiled = rocky(project, "compile", "-o", "json")
        check(compiled.returncode == 0 and not json.loads(compiled.stdout)["has_errors"],
              f"the saved model does not compile: {compiled.stdout[-400:]}")
        no_key(done, "rocky ai")

        # 2. A reply that never compiles: nothing is written, exit 1.
        llm_script(url, [BAD_SQL], repeat_last=True)
        before = sorted(os.listdir(models))
        done = rocky(project, "ai", "big spenders", "--format", "sql", "--save", env=env)
        check(done.returncode == 1, f"never-compiling reply: exit {done.returncode}")
        check("generation failed to compile after 3 attempts" in done.stderr,
              f"never-compiling reply: {done.stderr[-400:]}")
        check(sorted(os.listdir(models)) == before, "a failed generation wrote files")
        check(len(request(url + "/_emulator/llm/prompts")) == 3, "not three attempts")

        # 3. An overloaded answer is retried; .rocky is the default format.
        llm_script(url, [{"status": 529}, "from stg_orders\n| select { order_id, customer_id }"])
        done = rocky(project, "ai", "order ids", "-o", "json", env=env)
        check(done.returncode == 0, f"after a 529: {done.stderr[-400:]}")
        out = json.loads(done.stdout or "{}")
        check(out.get("format") == "rocky" and out.get("attempts") == 1, f"after a 529: {out}")
        check(not os.path.exists(os.path.join(models, "gen_stg_orders.rocky")),
              "saved without --save")

        # 4. Without a key.
        bare = {k: v for k, v in env.items() if k != "ANTHROPIC_API_KEY"}
        done = rocky(project, "ai", "anything", env=bare)
        check(done.returncode == 1 and "ANTHROPIC_API_KEY is not set" in done.stderr,
              f"no key: exit {done.returncode}: {done.stderr[-300:]}")

        # 5. The OpenAI-compatible endpoint (an Ollama-like local server without a key).
        with open(os.path.join(project, "rocky.toml"), "w") as f:
            f.write(toml + f'\n[ai]\nprovider = "openai"\nmodel = "llama3"\n'
                           f'base_url = "{url}/v1"\n')
        llm_script(url, [BAD_SQL, GOOD_SQL])
        done = rocky(project, "ai", "customers with more than 3 orders", "--format", "sql",
                     "-o", "json", env=bare)
        check(done.returncode == 0, f"openai: {done.stderr[-400:]}")
        out = json.loads(done.stdout or "{}")
        check(out.get("attempts") == 2, f"openai attempts: {out.get('attempts')}")
        prompts = request(url + "/_emulator/llm/prompts")
        check(all(p["api"] == "openai" for p in prompts) and len(prompts) == 2,
              f"openai requests: {[p.get('api') for p in prompts]}")
        if len(prompts) == 2:
            check("E002" in prompts[1]["messages"][-1]["text"], "openai retry lacks E002")
        with open(os.path.join(project, "rocky.toml"), "w") as f:
            f.write(toml + '\n[ai]\nprovider = "openai"\n')
        done = rocky(project, "ai", "anything", env=bare)
        check(done.returncode != 0 and "ai.base_url" in done.stderr
              and "OPENAI_BASE_URL" in done.stderr,
              f"openai without a base URL: {done.stderr[-300:]}")
    finally:
        stop(emulator)
    return finish("ai_generate")


if __name__ == "__main__":
    sys.exit(main())
