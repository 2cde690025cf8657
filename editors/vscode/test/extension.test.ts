// Smoke test of the bundled extension (dist-like bundle of src/extension.ts) against a stub of the
// `vscode` module: activation registers the three commands, `Rocky: Compile` runs a fake rocky
// binary and reports its JSON, and `Rocky: Show Lineage` opens the page of `rocky docs` in a
// webview panel (strict CSP, opened on the model and column), or the text trace of
// `rocky lineage` when there is no page. The real language client is not started (the stub
// workspace has no rocky.toml); there is no VS Code instance in the tests.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require("module");

type Fn = (...args: unknown[]) => unknown;

function makeStub(project: string, rockyPath: string) {
  const log: string[] = [];
  const messages: string[] = [];
  const commands = new Map<string, Fn>();
  const opened: string[] = [];
  const providers = new Map<string, { provideTextDocumentContent: (u: unknown) => string }>();
  const inputs: Array<string | undefined> = [];
  const panels: Panel[] = [];
  const editorDoc = {
    uri: { scheme: "file", fsPath: path.join(project, "models", "fct_orders.rocky") },
    lineAt: () => ({ text: "derive { total: sum(amount) }" }),
  };
  const explicit: Record<string, unknown> = {
    window: {
      createOutputChannel: () => ({ appendLine: (l: string) => log.push(l), show: () => {}, dispose: () => {} }),
      showInformationMessage: async (m: string) => void messages.push(`info: ${m}`),
      showErrorMessage: async (m: string) => void messages.push(`error: ${m}`),
      showInputBox: async () => inputs.shift(),
      showQuickPick: async (items: string[]) => items[1],
      showTextDocument: async () => undefined,
      activeTextEditor: { document: editorDoc, selection: { active: { line: 0, character: 10 } } },
      createWebviewPanel: (viewType: string, title: string, show: unknown, options: unknown) => {
        const panel: Panel = { viewType, title, show, options, webview: { html: "" }, reveals: 0,
          reveal() { panel.reveals++; }, onDidDispose: () => ({ dispose() {} }) };
        panels.push(panel);
        return panel;
      },
    },
    workspace: {
      getConfiguration: () => ({ get: (k: string) => (k === "path" ? rockyPath : undefined) }),
      findFiles: async () => [],
      workspaceFolders: [{ uri: { fsPath: project } }],
      onDidChangeConfiguration: () => ({ dispose() {} }),
      registerTextDocumentContentProvider: (scheme: string, p: { provideTextDocumentContent: (u: unknown) => string }) => {
        providers.set(scheme, p);
        return { dispose() {} };
      },
      openTextDocument: async (uri: { path: string }) => {
        opened.push(providers.get("rocky-lineage")!.provideTextDocumentContent(uri));
        return {};
      },
    },
    commands: {
      registerCommand: (id: string, fn: Fn) => {
        commands.set(id, fn);
        return { dispose() {} };
      },
    },
    Uri: { from: (c: { path: string }) => c },
    ViewColumn: { Beside: -2 },
  };
  // Anything else the language client touches at load time: an empty class.
  const stub = new Proxy(explicit, {
    get: (t, p: string) => (p in t ? t[p] : class {}),
  });
  return { stub, log, messages, commands, opened, inputs, panels };
}

interface Panel {
  viewType: string;
  title: string;
  show: unknown;
  options: unknown;
  webview: { html: string };
  reveals: number;
  reveal(): void;
  onDidDispose(f: () => void): { dispose(): void };
}

// The shape of the page `rocky docs` writes (src/server/web/page.html with the data inlined),
// reduced to what the extension edits.
const kDocsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<style>
body { margin: 0; }
</style>
</head>
<body data-mode="api">
<main id="layout"></main>
<script type="application/json" id="rocky-data">{"models":[],"lineage":[]}</script>
<script>
(function () { "use strict"; })();
</script>
</body>
</html>
`;

test("activation registers the commands; compile and lineage run the rocky binary", async () => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), "rocky-vscode-"));
  fs.mkdirSync(path.join(project, "models"));
  fs.writeFileSync(path.join(project, "rocky.toml"), "");
  // A fake rocky: prints a compile or lineage document depending on its first argument.
  const fake = path.join(project, "fake-rocky");
  fs.writeFileSync(
    fake,
    `#!${process.execPath}
const a = process.argv.slice(2);
const fs = require("fs");
fs.appendFileSync(${JSON.stringify(path.join(project, "calls"))}, a.join(" ") + "\\n");
if (a[0] === "docs") {
  if (fs.existsSync(${JSON.stringify(path.join(project, "no-docs"))})) {
    console.error("error: unknown command 'docs'");
    process.exit(2);
  }
  fs.writeFileSync(a[2], ${JSON.stringify(kDocsPage)});
  console.log(JSON.stringify({ version: "1.0.0", command: "docs", output_path: a[2], models_count: 2 }));
  process.exit(0);
}
if (a[0] === "compile") {
  console.log(JSON.stringify({ version: "1.0.0", command: "compile", models: ["a", "fct_orders"],
    diagnostics: [{ severity: "Error", code: "E002", message: "unknown column 'x'",
      span: { file: "models/fct_orders.rocky", line: 2, col: 3 }, model: "fct_orders", suggestion: null }],
    has_errors: true }));
  process.exit(1);
}
console.log(JSON.stringify({ version: "1.0.0", command: "lineage", model: "fct_orders", column: "total",
  trace: [{ source: { model: "a", column: "amount" }, target: { model: "fct_orders", column: "total" },
    transform: "aggregation: sum" }] }));
`,
  );
  fs.chmodSync(fake, 0o755);
  const s = makeStub(project, fake);
  const origLoad = Module._load;
  Module._load = function (request: string, ...rest: unknown[]) {
    if (request === "vscode") return s.stub;
    return origLoad.call(this, request, ...rest);
  };
  try {
    const ext = require(path.join(__dirname, "extension.js"));
    const context = { subscriptions: [] as unknown[] };
    await ext.activate(context);
    assert.deepEqual([...s.commands.keys()].sort(), ["rocky.compile", "rocky.runModel", "rocky.showLineage"]);
    assert.ok(s.log.some((l) => l.includes("rocky lsp not started")));

    await s.commands.get("rocky.compile")!();
    assert.ok(s.log.includes("models/fct_orders.rocky:2:3: error E002 [fct_orders]: unknown column 'x'"), s.log.join("\n"));
    assert.ok(s.messages.includes("error: Rocky: compiled 2 models: 1 error, 0 warnings, 0 infos"), s.messages.join("\n"));

    // Show Lineage: the docs page in a webview, opened on fct_orders.total.
    s.inputs.push("total"); // the column prompt, prefilled from the word under the cursor
    await s.commands.get("rocky.showLineage")!();
    assert.equal(s.panels.length, 1, s.log.join("\n"));
    assert.equal(s.opened.length, 0);
    const panel = s.panels[0];
    assert.equal(panel.viewType, "rocky.lineage");
    assert.equal(panel.title, "Lineage: fct_orders.total");
    assert.deepEqual(panel.options, { enableScripts: true, localResourceRoots: [], enableFindWidget: true });
    const html = panel.webview.html;
    const nonce = /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'nonce-([^']+)'; script-src 'nonce-([^']+)'; base-uri 'none'; form-action 'none'">/.exec(html);
    assert.ok(nonce, html);
    assert.equal(nonce[1], nonce[2]);
    assert.ok(html.indexOf("Content-Security-Policy") < html.indexOf("<style"), "the CSP comes before any style or script");
    assert.ok(html.includes(`<style nonce="${nonce[1]}">`));
    assert.ok(html.includes(`<script nonce="${nonce[1]}">\n(function ()`));
    assert.ok(html.includes('<script type="application/json" id="rocky-data">{"models":[],"lineage":[]}</script>'));
    assert.ok(html.includes('<body data-open="model=fct_orders&amp;column=total" data-mode="api">'), html);
    const docsCall = fs.readFileSync(path.join(project, "calls"), "utf8").trim().split("\n")[1];
    const written = docsCall.split(" ")[2];
    assert.match(docsCall, /^docs --output .*rocky-lineage-[^/]+\/catalog\.html -o json$/);
    assert.ok(!fs.existsSync(path.dirname(written)), "the temporary page is removed");

    // Again with no column: the same panel, now opened on the whole model.
    s.inputs.push("");
    await s.commands.get("rocky.showLineage")!();
    assert.equal(s.panels.length, 1);
    assert.equal(panel.reveals, 1);
    assert.equal(panel.title, "Lineage: fct_orders");
    assert.ok(panel.webview.html.includes('<body data-open="model=fct_orders" data-mode="api">'));
    assert.ok(!panel.webview.html.includes(nonce[1]), "a fresh nonce per page");

    // A rocky without `docs`: the text trace of `rocky lineage`.
    fs.writeFileSync(path.join(project, "no-docs"), "");
    s.inputs.push("total");
    await s.commands.get("rocky.showLineage")!();
    assert.equal(s.opened.length, 1, s.messages.join("\n"));
    assert.equal(s.opened[0], "Lineage of fct_orders.total\n\na.amount -> fct_orders.total  [aggregation: sum]\n");
    assert.ok(s.log.some((l) => l.startsWith("lineage webview unavailable (rocky docs wrote no page (exit 2)")), s.log.join("\n"));
    const calls = fs.readFileSync(path.join(project, "calls"), "utf8").trim().split("\n");
    assert.deepEqual(calls.map((c) => c.split(" ")[0]), ["compile", "docs", "docs", "docs", "lineage"]);
    assert.equal(calls[4], "lineage fct_orders.total -o json");
    await ext.deactivate();
  } finally {
    Module._load = origLoad;
    fs.rmSync(project, { recursive: true, force: true });
  }
});
