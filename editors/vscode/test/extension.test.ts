// Smoke test of the bundled extension (dist-like bundle of src/extension.ts) against a stub of the
// `vscode` module: activation registers the three commands, and `Rocky: Compile` and
// `Rocky: Show Lineage` run a fake rocky binary and report its JSON. The real language client is
// not started (the stub workspace has no rocky.toml); there is no VS Code instance in the tests.
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
  };
  // Anything else the language client touches at load time: an empty class.
  const stub = new Proxy(explicit, {
    get: (t, p: string) => (p in t ? t[p] : class {}),
  });
  return { stub, log, messages, commands, opened, inputs };
}

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

    s.inputs.push("total"); // the column prompt, prefilled from the word under the cursor
    await s.commands.get("rocky.showLineage")!();
    assert.equal(s.opened.length, 1, s.messages.join("\n"));
    assert.equal(s.opened[0], "Lineage of fct_orders.total\n\na.amount -> fct_orders.total  [aggregation: sum]\n");
    const calls = fs.readFileSync(path.join(project, "calls"), "utf8").trim().split("\n");
    assert.deepEqual(calls, ["compile -o json", "lineage fct_orders.total -o json"]);
    await ext.deactivate();
  } finally {
    Module._load = origLoad;
    fs.rmSync(project, { recursive: true, force: true });
  }
});
