// Unit tests of the extension's own logic (src/logic.ts, src/process.ts, src/webview.ts) with
// node:test.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "path";
import {
  compileArgs,
  compileStatusMessage,
  findProjectRoot,
  formatDiagnostic,
  formatLineage,
  formatRun,
  formatTest,
  lineageArgs,
  lspArgs,
  modelNameFromPath,
  parseRockyJson,
  runArgs,
  summarizeCompile,
  testModelArgs,
  wordAt,
} from "../src/logic";
import { runRocky } from "../src/process";
import { docsArgs, lineageCsp, lineageWebviewHtml, makeNonce } from "../src/webview";

test("modelNameFromPath: .sql and .rocky files give their stem", () => {
  assert.equal(modelNameFromPath("/p/models/stg_orders.sql"), "stg_orders");
  assert.equal(modelNameFromPath("/p/models/silver/fct_orders.rocky"), "fct_orders");
  assert.equal(modelNameFromPath("C:\\p\\models\\dim_customer.SQL"), "dim_customer");
  assert.equal(modelNameFromPath("relative.rocky"), "relative");
});

test("modelNameFromPath: non-models give null", () => {
  assert.equal(modelNameFromPath("/p/models/stg_orders.toml"), null);
  assert.equal(modelNameFromPath("/p/models/_defaults.toml"), null);
  assert.equal(modelNameFromPath("/p/macros/cents.sql"), null);
  assert.equal(modelNameFromPath("/p/models/.hidden.sql"), null);
  assert.equal(modelNameFromPath("/p/models/my-model.sql"), null);
  assert.equal(modelNameFromPath("/p/rocky.toml"), null);
});

test("findProjectRoot walks up to the nearest rocky.toml", () => {
  const root = path.resolve("/ws/proj");
  const exists = (p: string) => p === path.join(root, "rocky.toml");
  assert.equal(findProjectRoot(path.join(root, "models", "a", "x.sql"), exists), root);
  assert.equal(findProjectRoot(path.join(root, "x.rocky"), exists), root);
  assert.equal(findProjectRoot(path.resolve("/elsewhere/x.sql"), exists), null);
});

test("argument building", () => {
  assert.deepEqual(compileArgs(), ["compile", "-o", "json"]);
  assert.deepEqual(compileArgs("fct"), ["compile", "-o", "json", "--model", "fct"]);
  const root = path.resolve("/ws/proj");
  assert.deepEqual(runArgs(path.join(root, "models"), root), ["run", "-o", "json", "--models", "models"]);
  assert.deepEqual(runArgs(root, root), ["run", "-o", "json", "--models", "."]);
  const outside = path.resolve("/other/models");
  assert.deepEqual(runArgs(outside, root), ["run", "-o", "json", "--models", outside]);
  assert.deepEqual(testModelArgs("fct"), ["test", "-o", "json", "--model", "fct"]);
  assert.deepEqual(lineageArgs("fct"), ["lineage", "fct", "-o", "json"]);
  assert.deepEqual(lineageArgs("fct", "amount"), ["lineage", "fct.amount", "-o", "json"]);
  assert.deepEqual(lineageArgs("fct", ""), ["lineage", "fct", "-o", "json"]);
  assert.throws(() => lineageArgs("a;b"), /invalid model name/);
  assert.throws(() => lineageArgs("fct", "a b"), /invalid column name/);
  assert.deepEqual(lspArgs(), ["lsp"]);
});

test("wordAt finds the identifier under or before the cursor", () => {
  const line = "derive { net: gross - fees }";
  assert.equal(wordAt(line, 9), "net");
  assert.equal(wordAt(line, 12), "net"); // just after the word
  assert.equal(wordAt(line, 16), "gross");
  assert.equal(wordAt(line, 7), null); // on the space before '{'
  assert.equal(wordAt("take 10", 6), null); // numbers are not identifiers
  assert.equal(wordAt("", 0), null);
  assert.equal(wordAt("abc", 99), "abc");
});

const compileDoc = JSON.stringify({
  version: "1.0.0",
  command: "compile",
  models: ["stg_orders", "fct_orders"],
  execution_layers: [["stg_orders"], ["fct_orders"]],
  diagnostics: [
    {
      severity: "Error",
      code: "E002",
      message: "unknown column 'amout'",
      span: { file: "models/fct_orders.rocky", line: 3, col: 7 },
      model: "fct_orders",
      suggestion: "did you mean 'amount'?",
    },
    { severity: "Warning", code: "W030", message: "view fallback", span: null, model: "mv", suggestion: null },
  ],
  has_errors: true,
});

test("parseRockyJson accepts a compile document", () => {
  const doc = parseRockyJson(compileDoc + "\n", "", "compile");
  assert.equal(doc.command, "compile");
});

test("parseRockyJson reports fatal errors and bad output", () => {
  assert.throws(() => parseRockyJson("", "warn: x\nerror: model 'x' not found\n"), /^Error: model 'x' not found$/);
  assert.throws(() => parseRockyJson("", "boom"), /rocky printed no JSON: boom/);
  assert.throws(() => parseRockyJson("", ""), /rocky printed no JSON/);
  assert.throws(() => parseRockyJson("{nope", ""), /invalid JSON/);
  assert.throws(() => parseRockyJson('{"a": 1}', ""), /lacks 'version'/);
  assert.throws(() => parseRockyJson(compileDoc, "", "lineage"), /expected output of 'lineage', got 'compile'/);
});

test("summarizeCompile counts diagnostics by severity", () => {
  const s = summarizeCompile(parseRockyJson(compileDoc));
  assert.equal(s.models, 2);
  assert.equal(s.errors, 1);
  assert.equal(s.warnings, 1);
  assert.equal(s.infos, 0);
  assert.equal(s.hasErrors, true);
  assert.equal(compileStatusMessage(s), "Rocky: compiled 2 models: 1 error, 1 warning, 0 infos");
  assert.equal(
    formatDiagnostic(s.diagnostics[0]),
    "models/fct_orders.rocky:3:7: error E002 [fct_orders]: unknown column 'amout' (did you mean 'amount'?)",
  );
  assert.equal(formatDiagnostic(s.diagnostics[1]), "warning W030 [mv]: view fallback");
  const clean = summarizeCompile({ version: "1.0.0", command: "compile", models: [], diagnostics: [], has_errors: false });
  assert.deepEqual([clean.models, clean.errors, clean.hasErrors], [0, 0, false]);
});

test("formatLineage renders a column trace and a model", () => {
  const col = formatLineage({
    version: "1.0.0",
    command: "lineage",
    model: "fct",
    column: "total",
    trace: [
      { source: { model: "stg", column: "amount" }, target: { model: "fct", column: "total" }, transform: "aggregation: sum" },
      { source: { model: "seeds.orders", column: "amount" }, target: { model: "stg", column: "amount" }, transform: "direct" },
    ],
  });
  assert.equal(
    col,
    "Lineage of fct.total\n\nstg.amount -> fct.total  [aggregation: sum]\nseeds.orders.amount -> stg.amount  [direct]\n",
  );
  const model = formatLineage({
    version: "1.0.0",
    command: "lineage",
    model: "stg",
    columns: [{ name: "id" }, { name: "amount" }],
    upstream: [],
    downstream: ["fct"],
    edges: [{ source: { model: "seeds.orders", column: "id" }, target: { model: "stg", column: "id" }, transform: "direct" }],
  });
  assert.match(model, /^Lineage of model stg\n/);
  assert.match(model, /Upstream: {3}\(none\)\n/);
  assert.match(model, /Downstream: fct\n/);
  assert.match(model, /Columns: {4}id, amount\n/);
  assert.match(model, / {2}seeds\.orders\.id -> stg\.id {2}\[direct\]\n$/);
});

test("formatRun and formatTest", () => {
  const run = formatRun({
    version: "1.0.0",
    command: "run",
    run_id: "r1",
    tables_copied: 1,
    tables_failed: 1,
    duration_ms: 12,
    materializations: [{ asset_key: "main.fct", rows_copied: null, duration_ms: 5 }],
    errors: [{ asset_key: "main.bad", error: "boom" }],
  });
  assert.equal(run, "run r1: 1 built, 1 failed in 12 ms\n  ok   main.fct  rows=?  5 ms\n  FAIL main.bad: boom");
  const t = formatTest({ version: "1.0.0", command: "test", total: 2, passed: 1, failed: 1, failures: [{ name: "x", error: "e" }] });
  assert.equal(t, "test: 1/2 passed, 1 failed\n  FAIL x: e");
});

test("runRocky returns the output of a non-zero exit and rejects a missing binary", async () => {
  const res = await runRocky(process.execPath, ["-e", "console.log('{}'); console.error('x'); process.exit(1)"], process.cwd());
  assert.deepEqual(res, { code: 1, stdout: "{}\n", stderr: "x\n" });
  const ok = await runRocky(process.execPath, ["-e", "process.stdout.write('hi')"], process.cwd());
  assert.deepEqual(ok, { code: 0, stdout: "hi", stderr: "" });
  await assert.rejects(runRocky("/nonexistent/rocky-binary", ["compile"], process.cwd()), /cannot start/);
});

const kPage =
  '<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<style>\nb{}\n</style>\n</head>\n' +
  '<body data-mode="api">\n<script type="application/json" id="rocky-data">{"sql":"a \\u003c b $&"}</script>\n' +
  "<script>\nvar x = 1;\n</script>\n</body>\n</html>\n";

test("docsArgs and the webview CSP", () => {
  assert.deepEqual(docsArgs("/tmp/x/catalog.html"), ["docs", "--output", "/tmp/x/catalog.html", "-o", "json"]);
  assert.equal(
    lineageCsp("N0"),
    "default-src 'none'; img-src data:; style-src 'nonce-N0'; script-src 'nonce-N0'; base-uri 'none'; form-action 'none'",
  );
  const a = makeNonce();
  assert.match(a, /^[A-Za-z0-9+/]{24}$/);
  assert.notEqual(a, makeNonce());
});

test("lineageWebviewHtml: CSP first, nonces on the inline code, the model and column to open", () => {
  const html = lineageWebviewHtml(kPage, { model: "fct_orders", column: "total" }, "N$&1");
  assert.equal(
    html,
    '<!doctype html>\n<html>\n<head>\n<meta http-equiv="Content-Security-Policy" content="' +
      lineageCsp("N$&1") +
      '">\n<meta charset="utf-8">\n<style nonce="N$&1">\nb{}\n</style>\n</head>\n' +
      '<body data-open="model=fct_orders&amp;column=total" data-mode="api">\n' +
      '<script type="application/json" id="rocky-data">{"sql":"a \\u003c b $&"}</script>\n' +
      '<script nonce="N$&1">\nvar x = 1;\n</script>\n</body>\n</html>\n',
  );
  // No column: the model only; odd characters are encoded, then escaped for the attribute.
  assert.ok(lineageWebviewHtml(kPage, { model: "m" }, "n").includes('<body data-open="model=m" '));
  assert.ok(lineageWebviewHtml(kPage, { model: 'a"<b>&', column: "c d" }, "n")
    .includes('<body data-open="model=a%22%3Cb%3E%26&amp;column=c+d" '));
});

test("lineageWebviewHtml refuses a page that is not the docs page", () => {
  assert.throws(() => lineageWebviewHtml("<html><body>old rocky</body></html>", { model: "m" }, "n"),
    /no inline project data/);
  const twoScripts = kPage.replace("</body>", "<script>\n</script>\n</body>");
  assert.throws(() => lineageWebviewHtml(twoScripts, { model: "m" }, "n"), /not exactly one <script>/);
  assert.throws(() => lineageWebviewHtml(kPage.replace("<head>", ""), { model: "m" }, "n"),
    /not exactly one <head>/);
});
