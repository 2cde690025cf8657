"""Helpers of the end-to-end tests in this folder (each run as `<test>.py BUILD_DIR`): the build's
paths, checks that collect failures, the emulator programs of tests/emulators started on
ephemeral ports, JSON over HTTP, SQL on the Databricks and Snowflake emulators, Rocky runs and
model projects, the LLM emulator's script."""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import uuid

if len(sys.argv) < 2:
    sys.exit(f"usage: {os.path.basename(sys.argv[0])} BUILD_DIR")
BUILD = os.path.abspath(sys.argv[1])
ROCKY = os.path.join(BUILD, "rocky")
EMULATORS = os.path.join(BUILD, "tests", "emulators")
SCHEMA_CHECK = os.path.join(BUILD, "tests", "json_schema_check")
failures = []


def check(ok, what):
    """Records a failed check and goes on."""
    if not ok:
        failures.append(what)
        print("FAIL", what, flush=True)


def finish(name):
    """The test's exit code: 1 after any failed check, else 0 with `<name>: ok`."""
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print(f"{name}: ok")
    return 0


def valid(schemas, name, body, what):
    """Checks `body` against `schemas`/<name>.schema.json (from `rocky export-schemas`)."""
    done = subprocess.run([SCHEMA_CHECK, os.path.join(schemas, name + ".schema.json")],
                          input=json.dumps(body), capture_output=True, text=True)
    check(done.returncode == 0, f"{what}: not a valid {name}: {done.stdout}{done.stderr}")


def start_emulator(service, *args):
    """Starts build/tests/emulators/<service>/<service>_emulator with `args` on an ephemeral port
    and reads its `listening on URL` line: (process, URL). Exits with its stderr when it fails."""
    argv = [os.path.join(EMULATORS, service, f"{service}_emulator"), *args]
    errors = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        proc.wait(timeout=10)
        errors.seek(0)
        sys.exit(f"{argv[0]} did not start: {line} {errors.read()}")
    return proc, line[len("listening on "):]


def stop(*procs):
    """Stops emulator processes (SIGTERM) and waits for them."""
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)


def request(url, body=None, method=None, headers=None):
    """An HTTP request with a JSON body when `body` is given (POST unless `method` says otherwise;
    GET without a body); the JSON answer, {} when it is empty."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"{}")


def bearer(token):
    return {"Authorization": "Bearer " + token}


def databricks_sql(url, token, statement):
    """Runs `statement` on the Databricks emulator at `url`; its rows (data_array). Exits when the
    statement fails."""
    body = {"warehouse_id": "emulator-warehouse", "statement": statement}
    r = request(url + "/api/2.0/sql/statements", body, headers=bearer(token))
    if r["status"]["state"] != "SUCCEEDED":
        sys.exit(f"setup SQL failed: {statement}: {r}")
    return r.get("result", {}).get("data_array", [])


def snowflake_sql(url, token, statement):
    """Runs `statement` on the Snowflake emulator at `url` in warehouse WH with an OAuth token;
    its rows (data)."""
    return request(f"{url}/api/v2/statements?requestId={uuid.uuid4()}",
                   {"statement": statement, "warehouse": "WH"},
                   headers={**bearer(token), "X-Snowflake-Authorization-Token-Type": "OAUTH"}
                   ).get("data")


def rocky(work, *args, env=None):
    """Runs build/rocky with `args` in the project folder `work`: the completed process."""
    return subprocess.run([ROCKY, *args], cwd=work, env=env, capture_output=True, text=True,
                          timeout=300)


def playground(parent, name="pg"):
    """`rocky playground NAME` in `parent`: (the project folder, its rocky.toml text). Exits the
    test when the playground cannot be made."""
    done = rocky(parent, "playground", name, "-o", "json")
    if done.returncode != 0:
        sys.exit(f"rocky playground {name} failed: {done.stderr}")
    project = os.path.join(parent, name)
    with open(os.path.join(project, "rocky.toml")) as f:
        return project, f.read()


def llm_playground(key):
    """A playground in a new temporary folder, its JSON Schemas and the LLM emulator accepting
    `key`: {project, toml, schemas, models, emulator, url, env}, `env` pointing Rocky at the
    emulator's Anthropic API with the key."""
    work = tempfile.mkdtemp(prefix="rocky-ai-")
    project, toml = playground(work)
    schemas = os.path.join(work, "schemas")
    rocky(project, "export-schemas", schemas)
    emulator, url = start_emulator("llm", "--api-key", key, "--retry-after", "0")
    return {"project": project, "toml": toml, "schemas": schemas,
            "models": os.path.join(project, "models"), "emulator": emulator, "url": url,
            "env": dict(os.environ, ANTHROPIC_API_KEY=key, ANTHROPIC_BASE_URL=url)}


def llm_script(url, replies, repeat_last=False):
    """Sets the LLM emulator's replies (strings or fault objects), clearing its script and its
    prompt log."""
    request(url + "/_emulator/llm/script", method="DELETE")
    request(url + "/_emulator/llm/prompts", method="DELETE")
    request(url + "/_emulator/llm/script", {"replies": replies, "repeat_last": repeat_last})


def rocky_async(work, *args, env=None):
    """Starts build/rocky with `args` in `work` without waiting: the Popen (text pipes)."""
    return subprocess.Popen([ROCKY, *args], cwd=work, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def write_file(folder, name, text):
    """Writes `text` to folder/name."""
    with open(os.path.join(folder, name), "w") as f:
        f.write(text)


def write_models(work, files, adapter):
    """Writes `files` ({name: text}) into work/models and work/models.toml: the adapters of
    work/rocky.toml and a transformation pipeline of those models on `adapter`."""
    models = os.path.join(work, "models")
    os.makedirs(models)
    for name, text in files.items():
        write_file(models, name, text)
    with open(os.path.join(work, "rocky.toml")) as f:
        adapters = f.read().split("[pipeline.bronze]")[0]
    write_file(work, "models.toml",
               adapters + '[pipeline.silver]\ntype = "transformation"\nmodels = "models"\n'
               f'[pipeline.silver.target]\nadapter = "{adapter}"\n'
               '[pipeline.silver.target.governance]\nauto_create_schemas = true\n')
