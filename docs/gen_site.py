#!/usr/bin/env python3
"""`make docs`, step 1: the site's sources in BUILD/docs/src — the hand-written pages of
docs/site/ and reference pages generated from the binary — and BUILD/docs/mkdocs.yml.

Generated here, all from the binary (so they cannot drift from it):
- reference/commands/<name>.md from `rocky <name> --help`, one page per command `rocky --help`
  lists;
- reference/config.md from the loader's table of rocky.toml keys (src/config/config_keys.cc,
  printed by BUILD/tests/reference_tables);
- reference/outputs/<name>.md from the JSON Schemas `rocky export-schemas` writes;
- reference/diagnostics/<CODE>.md from docs/diagnostics/<CODE>.toml, with the message the binary
  prints when the page's example is run.

usage: gen_site.py BUILD_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

import diagnostic_examples as dx


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
        m = re.match(r"^  ([a-z][a-z0-9-]*)\s+(.*)$", line)
        if m:
            found.append((m.group(1), m.group(2).strip()))
        elif found and not line.startswith("  "):
            break
    if not found:
        sys.exit("no commands found in `rocky --help`")
    return found


def md_cell(text):
    """Text for one Markdown table cell."""
    # Python-Markdown's tables leave pipes inside code spans alone (and would show a backslash
    # there), so only the pipes outside backticks are escaped.
    parts = " ".join(str(text).split()).split("`")
    return "`".join(p if i % 2 else p.replace("|", "\\|") for i, p in enumerate(parts))


def table_heading(pattern):
    """`adapter.<name>.retry` → `[adapter.NAME.retry]`; `hook.<event>[]` → `[[hook.EVENT]]`."""
    shown = pattern.replace("<name>", "NAME").replace("<event>", "EVENT")
    if shown.endswith("[]"):
        return f"[[{shown[:-2].replace('[]', '')}]]"
    return f"[{shown.replace('[]', '')}]"


def key_sections(rows, heading_level="##"):
    """Markdown sections of a key table: one per table pattern, in first-appearance order."""
    tables = {}  # pattern -> rows
    intro = {}   # pattern -> meaning of the row that introduces it
    for row in rows:
        tables.setdefault(row["table"], []).append(row)
        if row["type"] in ("table", "array of tables", "table or array of tables"):
            child = f"{row['table']}.{row['key']}" if row["table"] else row["key"]
            intro.setdefault(child, row["meaning"])
            intro.setdefault(child + "[]", row["meaning"])
    out = []
    for pattern, keys in tables.items():
        out.append(f"{heading_level} `{table_heading(pattern)}`" if pattern else
                   f"{heading_level} Top level")
        out.append("")
        if pattern in intro:
            out += [intro[pattern], ""]
        out += ["| key | type | default | applies to | meaning |", "|---|---|---|---|---|"]
        for row in keys:
            default = row["default"]
            shown = f"`{default}`" if default and not default.startswith("(") and \
                default != "required" else default.strip("()")
            applies = ", ".join(row["applies_to"].split()) or "all"
            out.append(f"| `{row['key']}` | {row['type'] or '—'} | {md_cell(shown) or '—'} | "
                       f"{applies} | {md_cell(row['meaning'])} |")
        out.append("")
    return out


def write_config_reference(build, ref):
    """reference/config.md (rocky.toml) and reference/project-files.md (sidecars, contracts,
    seeds) from the readers' own key tables. Returns the number of keys."""
    tool = os.path.join(build, "tests", "reference_tables")
    done = subprocess.run([tool], capture_output=True, text=True, timeout=30, check=True)
    tables = json.loads(done.stdout)
    out = ["# rocky.toml keys", "",
           "Every key the configuration loader reads, generated from its own table "
           "(`src/config/config_keys.cc`, tested against the loader). `NAME` is a name you choose "
           "(an adapter, a pipeline); `EVENT` is one of the `on_…` hook events. Defaults in "
           "plain text are computed. A key the loader does not know is reported as "
           "[V002](diagnostics/V002.md) with the nearest valid key; the keys of model sidecars, "
           "contracts and seeds are in [Project files](project-files.md).", ""]
    out += key_sections(tables["config_keys"])
    with open(os.path.join(ref, "config.md"), "w") as f:
        f.write("\n".join(out))
    files = ["# Project files", "",
             "The keys of the TOML files beside your models and seeds, generated from the "
             "readers' own tables (`src/project/project_file_keys.cc`, tested against the "
             "readers). A key a reader does not know is a warning with the nearest valid key; a "
             "wrong type is an error (V030) with the file and line.", "",
             "## Model sidecars and `_defaults.toml`", "",
             "`models/<name>.toml` beside `<name>.sql` or `<name>.rocky` (or a `---toml` header "
             "at the top of the model file) configures one model. A `_defaults.toml` in a folder "
             "gives every model below it `target`, `strategy`, `intent`, `freshness`, `format` "
             "and `format_options`; a model's own file wins, key by key. `applies to` names the "
             "strategy or test type a key belongs to.", ""]
    files += key_sections(tables["model_keys"], "###")
    files += ["## Contracts", "",
              "`models/<name>.contract.toml` states what a model promises its consumers; "
              "`rocky compile` checks the promise against the model's inferred columns "
              "([E010](diagnostics/E010.md)–[E013](diagnostics/E013.md)).", ""]
    files += key_sections(tables["contract_keys"], "###")
    files += ["## Seed sidecars", "",
              "`seeds/<name>.toml` beside `<name>.csv` tells `rocky seed` where to load it and "
              "which column types to use.", ""]
    files += key_sections(tables["seed_keys"], "###")
    with open(os.path.join(ref, "project-files.md"), "w") as f:
        f.write("\n".join(files))
    return sum(len(v) for v in tables.values())


def schema_type(node, defs):
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    if "const" in node:
        return f"`{json.dumps(node['const'])}`"
    if "enum" in node:
        return " | ".join(f"`{json.dumps(v)}`" for v in node["enum"])
    if "oneOf" in node or "anyOf" in node:
        return " or ".join(schema_type(n, defs) for n in node.get("oneOf", node.get("anyOf")))
    t = node.get("type", "any")
    types = t if isinstance(t, list) else [t]
    shown = []
    for one in types:
        if one == "array":
            shown.append(f"array of {schema_type(node.get('items', {}), defs)}")
        else:
            shown.append(one)
    return " or ".join(shown)


def schema_rows(node, defs, prefix):
    """(field path, type, required) rows for an object schema, nested objects flattened."""
    rows = []
    required = set(node.get("required", []))
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        rows.append((path, schema_type(sub, defs), name in required))
        target = sub.get("items", {}) if sub.get("type") == "array" or \
            (isinstance(sub.get("type"), list) and "array" in sub["type"]) else sub
        if isinstance(target, dict) and "properties" in target:
            suffix = "[]." if target is not sub else "."
            rows += schema_rows(target, defs, path + suffix)
    return rows


def write_outputs_reference(rocky, ref):
    out_dir = os.path.join(ref, "outputs")
    os.makedirs(out_dir)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([rocky, "-o", "json", "export-schemas", tmp], capture_output=True,
                       check=True, timeout=60)
        names = sorted(n[:-len(".schema.json")] for n in os.listdir(tmp)
                       if n.endswith(".schema.json"))
        index = ["# JSON outputs", "",
                 "Every command prints JSON with `-o json` (and when its output is piped). Each "
                 "output has a JSON Schema (draft 2020-12) that `rocky export-schemas DIR` writes; "
                 "these pages are generated from those schemas, and the golden tests validate "
                 "every command's real output against them.", "",
                 "| output | title |", "|---|---|"]
        for name in names:
            with open(os.path.join(tmp, f"{name}.schema.json")) as f:
                schema = json.load(f)
            defs = schema.get("$defs", {})
            index.append(f"| [`{name}`]({name}.md) | {md_cell(schema.get('title', ''))} |")
            page = [f"# {name}", "", schema.get("title", ""), "",
                    f"Schema id `{schema.get('$id', '')}`. Fields in output order; nested "
                    "objects are flattened as `parent.child`, array elements as `parent[].child`.",
                    "", "| field | type | required |", "|---|---|---|"]
            for path, typ, req in schema_rows(schema, defs, ""):
                page.append(f"| `{path}` | {md_cell(typ)} | {'yes' if req else ''} |")
            for def_name, node in defs.items():
                page += ["", f"## {def_name}", "", "| field | type | required |", "|---|---|---|"]
                for path, typ, req in schema_rows(node, defs, ""):
                    page.append(f"| `{path}` | {md_cell(typ)} | {'yes' if req else ''} |")
            page += ["", "??? note \"The JSON Schema\"", "    ```json"]
            page += ["    " + line for line in json.dumps(schema, indent=2).splitlines()]
            page += ["    ```", ""]
            with open(os.path.join(out_dir, f"{name}.md"), "w") as f:
                f.write("\n".join(page))
    with open(os.path.join(out_dir, "index.md"), "w") as f:
        f.write("\n".join(index) + "\n")
    return len(names)


def fence(text, lang=""):
    ticks = "````" if "```" in text else "```"
    return f"{ticks}{lang}\n{text.strip()}\n{ticks}"


def write_diagnostics_reference(rocky, ref, root):
    out_dir = os.path.join(ref, "diagnostics")
    os.makedirs(out_dir)
    catalog = dx.load_catalog(os.path.join(root, "docs"))

    def render(entry):
        page = [f"# {entry['code']}: {entry['title']}", "",
                f"**Severity:** {entry['severity']}", "", entry["explanation"].strip(), "",
                "## Fix", "", entry["fix"].strip(), ""]
        if "untriggerable" in entry:
            page += ["## When you see it", "", entry["untriggerable"].strip(), ""]
            return page
        matches, done, error = dx.run_example(rocky, entry)
        if error:
            sys.exit(f"docs/diagnostics/{entry['code']}.toml: {error}")
        page += ["## Example", "",
                 "In a project made by `rocky init` (`rocky.toml` with a DuckDB adapter, "
                 "`models/stg_orders.sql` reading `seeds/orders.csv`):", ""]
        for rel, text in entry.get("files", {}).items():
            lang = "toml" if rel.endswith(".toml") else "sql" if rel.endswith(".sql") else ""
            page += [f"`{rel}`:", "", fence(text, lang), ""]
        for rel in entry.get("delete", []):
            page += [f"and `{rel}` deleted,", ""]
        shown_env = " ".join(f"{k}={v!r}" if v == "" else f"{k}={v}"
                             for k, v in entry.get("env", {}).items())
        command = " ".join(["rocky", *entry["command"]])
        page += ["then", "", fence(f"{shown_env + ' ' if shown_env else ''}{command}", "shell"),
                 "", "reports:", ""]
        seen = set()
        for m in matches:
            line = m.get("message", "")
            if entry["message_contains"] in line and line not in seen:
                seen.add(line)
                where = ""
                span = m.get("span") or {}
                if span.get("line"):
                    where = f"{span.get('file', '')}:{span['line']}:{span.get('col', 1)}: "
                elif m.get("line"):
                    where = f"{m.get('file', 'rocky.toml')}:{m['line']}: "
                page.append(fence(f"{m.get('severity', entry['severity'])} {entry['code']}: "
                                  f"{where}{line}", "text"))
                if m.get("suggestion"):
                    page += ["", f"with the suggestion *{m['suggestion']}*"]
                page.append("")
        return page

    with ThreadPoolExecutor(max_workers=4) as pool:
        pages = dict(zip(catalog, pool.map(render, catalog.values())))
    families = {"P": "Parse", "E": "Compile errors", "W": "Compile warnings",
                "I": "Compile information", "D": "Dependencies", "V": "Validation (rocky validate)",
                "L": "Lints (rocky validate)"}
    index = ["# Diagnostic codes", "",
             "Every code the binary can emit (a doc test enumerates them from the sources), with "
             "what it means, an example that triggers it — run when this site was built, so the "
             "message shown is the binary's own — and the fix.", ""]
    for letter, family in families.items():
        codes = [c for c in sorted(catalog) if c.startswith(letter)]
        if not codes:
            continue
        index += [f"## {family}", "", "| code | severity | meaning |", "|---|---|---|"]
        for code in codes:
            e = catalog[code]
            index.append(f"| [{code}]({code}.md) | {e['severity']} | {md_cell(e['title'])} |")
        index.append("")
    with open(os.path.join(out_dir, "index.md"), "w") as f:
        f.write("\n".join(index))
    for code, page in pages.items():
        with open(os.path.join(out_dir, f"{code}.md"), "w") as f:
            f.write("\n".join(page))
    return len(catalog)


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
    ref_root = os.path.dirname(ref)
    keys = write_config_reference(build, ref_root)
    outputs = write_outputs_reference(rocky, ref_root)
    codes = write_diagnostics_reference(rocky, ref_root, root)
    print(f"docs: {len(listed)} command pages, {keys} config keys, {outputs} JSON outputs, "
          f"{codes} diagnostic codes in {ref_root}")


if __name__ == "__main__":
    main()
