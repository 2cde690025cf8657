#!/usr/bin/env python3
"""`rocky docs` on the playground, end to end (ctest `browser_docs_real`):

  1. `rocky playground`, then what a user adds: a column description in the contract and an
     intent holding `</script>` (it must not end the inline data block); `rocky run --all` so the
     state store holds a run and each model's execution;
  2. `rocky docs` with no flag writes docs/catalog.html; `rocky -o json docs --output` into a
     nested folder that does not exist prints the spec's fields (cli.md §4, and the exported
     JSON Schema of `docs`) and writes one self-contained file whose inline data is the project;
  3. docs_test.js opens that file from file:// with the network off and checks the DAG, search,
     model panel, contract, lineage, diagnostics, runs and history against the file's own data.

With `big` (ctest `browser_docs_big`): a generated 10,000-model project (`rocky bench generate`),
its catalog written cold and warm (times and size printed), a contract with described columns
added to its deepest model, then docs_test.js on it.

usage: docs_real_test.py BUILD_DIR [playground|big]
Screenshots in BUILD_DIR/browser/screenshots (labels docs_real, docs_big).
"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL", what, flush=True)


def rocky(build, cwd, *args):
    result = subprocess.run([str(build / "rocky"), *args], cwd=cwd, capture_output=True, text=True,
                            timeout=120)
    if result.returncode != 0:
        print(result.stdout, result.stderr, sep="\n")
        raise SystemExit(f"rocky {' '.join(args)} exited with {result.returncode}")
    return result.stdout


def inline_data(html):
    blocks = re.findall(r'<script type="application/json" id="rocky-data">(.*?)</script>', html, re.S)
    check(len(blocks) == 1, f"one inline data block (found {len(blocks)})")
    check("<!--rocky-data-->" not in html, "the marker is replaced")
    check("<" not in blocks[0], "no '<' inside the data block")
    return json.loads(blocks[0]) if blocks else {}


def docs_test(build, catalog, label):
    shots = build / "browser" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    node = shutil.which("node")
    if not node:
        check(False, "node is missing: run scripts/setup.sh")
        return
    command = [node, str(HERE / "docs_test.js"), "--file", str(catalog), "--screenshots", str(shots),
               "--label", label]
    print("$ " + " ".join(command), flush=True)
    check(subprocess.run(command, timeout=300).returncode == 0, f"docs_test.js on {catalog}")


def big(build, work, models=10000):
    project = work / "big"
    rocky(build, work, "-o", "json", "bench", "generate", str(models), str(project))
    output = work / "out" / "catalog.html"
    cold = json.loads(rocky(build, project, "-o", "json", "docs", "--output", str(output)))
    data = inline_data(output.read_text(encoding="utf-8"))
    check(cold.get("models_count") == models and len(data.get("models", [])) == models, "every model")
    check(len(data.get("lineage", [])) > models, "lineage edges")
    # What a user adds: a contract with described columns on the deepest model.
    deepest = max(data.get("models", []), key=lambda m: (m["layer"], m["name"]))
    columns = [c["name"] for c in deepest["columns"][:2]]
    folder = (project / deepest["file_path"]).parent
    (folder / (deepest["name"] + ".contract.toml")).write_text(
        f'[[columns]]\nname = "{columns[0]}"\ndescription = "Zephyrine bracket of the account"\n'
        f'[[columns]]\nname = "{columns[1]}"\n[rules]\nrequired = ["{columns[0]}"]\n')
    warm = json.loads(rocky(build, project, "-o", "json", "docs", "--output", str(output)))
    data = inline_data(output.read_text(encoding="utf-8"))
    described = [c for m in data.get("models", []) if m["name"] == deepest["name"] for c in m["columns"]
                 if c.get("description")]
    check([c["name"] for c in described] == columns[:1], f"the contract's description on {deepest['name']}")
    print(f"rocky docs, {models} models: cold {cold['duration_ms']} ms, warm {warm['duration_ms']} ms, "
          f"{output.stat().st_size / 1e6:.1f} MB", flush=True)
    docs_test(build, output, "docs_big")


def main():
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] not in ("playground", "big")):
        print(__doc__)
        return 2
    build = pathlib.Path(sys.argv[1]).resolve()
    scenario = sys.argv[2] if len(sys.argv) == 3 else "playground"
    work = pathlib.Path(tempfile.mkdtemp(prefix="rocky-docs-"))
    try:
        if scenario == "big":
            big(build, work)
            return finish(scenario)
        project = work / "shop"
        rocky(build, work, "-o", "json", "playground", str(project))
        contract = project / "models" / "customer_tiers.contract.toml"
        text = contract.read_text()
        text = text.replace('name = "tier"\ntype = "String"\n',
                            'name = "tier"\ntype = "String"\ndescription = "Loyalty bracket from lifetime revenue"\n')
        check("Loyalty bracket" in text, "the contract column description was added")
        contract.write_text(text)
        sidecar = project / "models" / "stg_orders.toml"
        sidecar.write_text(sidecar.read_text().replace(
            'intent = "One row per non-returned order, typed and cleaned."',
            'intent = "One row per non-returned order, typed and cleaned </script><!-- not a tag."'))
        rocky(build, project, "-o", "json", "run", "--all")

        # The default path, relative to the working directory.
        rocky(build, project, "-o", "table", "docs")
        check((project / "docs" / "catalog.html").is_file(), "rocky docs writes docs/catalog.html")

        output = work / "site" / "nested" / "catalog.html"
        stdout = rocky(build, project, "-o", "json", "docs", "--output", str(output))
        result = json.loads(stdout)
        check(list(result) == ["version", "command", "output_path", "models_count", "pipelines_count",
                               "duration_ms"], f"docs JSON fields in the spec's order: {list(result)}")
        check(result.get("command") == "docs", "command is docs")
        check(result.get("output_path") == str(output), "output_path is the --output path")
        check(result.get("models_count") == 3, "three models")
        check(result.get("pipelines_count") == 1, "one pipeline")
        check(isinstance(result.get("duration_ms"), int) and result["duration_ms"] >= 0, "duration_ms")
        schemas = work / "schemas"
        rocky(build, work, "-o", "json", "export-schemas", str(schemas))
        validation = subprocess.run([str(build / "tests" / "json_schema_check"), str(schemas / "docs.schema.json")],
                                    input=stdout, capture_output=True, text=True)
        check(validation.returncode == 0, "the output matches docs.schema.json: " + validation.stdout)
        check(sorted(p.name for p in output.parent.iterdir()) == ["catalog.html"], "one file written")

        html = output.read_text(encoding="utf-8")
        data = inline_data(html)
        models = {m["name"]: m for m in data.get("models", [])}
        check(sorted(models) == ["customer_orders", "customer_tiers", "stg_orders"], f"models: {sorted(models)}")
        check(data.get("project", {}).get("name") == "shop", "project name")
        tiers = models.get("customer_tiers", {})
        tier = next((c for c in tiers.get("columns", []) if c["name"] == "tier"), {})
        check(tier.get("type") == "String" and tier.get("description") == "Loyalty bracket from lifetime revenue",
              f"typed, described column: {tier}")
        check(tiers.get("contract", {}).get("rules", {}).get("required") == ["customer_id", "tier", "total_amount"],
              "contract rules")
        check(tiers.get("depends_on") == ["customer_orders"] and tiers.get("layer") == 2, "dependencies and layer")
        check(models.get("stg_orders", {}).get("description", "").endswith("</script><!-- not a tag."),
              "intent kept as written")
        check(len(models.get("stg_orders", {}).get("tests", [])) == 3, "stg_orders tests")
        check(any(e["source"]["model"] == "raw__orders.orders" and e["target"] == {"model": "stg_orders", "column": "amount"}
                  and e["transform"] == "cast" for e in data.get("lineage", [])), "a lineage edge from the source")
        check(len(data.get("runs", [])) == 1, "the run from the state store")
        check(sorted(data.get("history", {})) == sorted(models), "each model's execution")
        check(not re.search(r'\b(?:src|href)\s*=\s*"(?:https?:)?//', html), "no external asset")

        docs_test(build, output, "docs_real")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish(scenario)


def finish(scenario):
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print(f"docs_real_test {scenario}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
