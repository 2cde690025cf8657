// VS Code entry point: starts `rocky lsp` through vscode-languageclient and registers the
// Rocky commands. Everything testable lives in logic.ts / process.ts.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
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
} from "./logic";
import { runRocky } from "./process";
import { docsArgs, lineageWebviewHtml, makeNonce } from "./webview";

const LINEAGE_SCHEME = "rocky-lineage";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
const lineageDocs = new Map<string, string>();
let lineagePanel: vscode.WebviewPanel | undefined;

function rockyPath(): string {
  const configured = vscode.workspace.getConfiguration("rocky").get<string>("path");
  return configured && configured.trim() !== "" ? configured.trim() : "rocky";
}

/** The project root: the folder of the nearest rocky.toml above the active file, else the first
 * workspace folder that holds one. */
async function projectRoot(): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.scheme === "file") {
    const root = findProjectRoot(active.uri.fsPath, (p) => fs.existsSync(p));
    if (root) return root;
  }
  const found = await vscode.workspace.findFiles("**/rocky.toml", "**/node_modules/**", 1);
  if (found.length > 0) return path.dirname(found[0].fsPath);
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const root = await projectRoot();
  const serverOptions: ServerOptions = {
    command: rockyPath(),
    args: lspArgs(),
    options: root ? { cwd: root } : undefined,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "rocky" },
      { scheme: "file", language: "sql" },
    ],
    outputChannel: output,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.sql,*.rocky,*.toml}"),
    },
  };
  // The client reads `rocky.trace.server` itself (its id is "rocky").
  client = new LanguageClient("rocky", "Rocky Language Server", serverOptions, clientOptions);
  context.subscriptions.push(client);
  try {
    await client.start();
  } catch (e) {
    output.appendLine(`rocky lsp failed to start: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(
      `Rocky: cannot start '${rockyPath()} lsp' (set rocky.path): ${(e as Error).message}`,
    );
  }
}

async function compileCommand(): Promise<void> {
  const root = await projectRoot();
  if (!root) return void vscode.window.showErrorMessage("Rocky: no rocky.toml in the workspace");
  output.appendLine(`$ ${rockyPath()} ${compileArgs().join(" ")}   (in ${root})`);
  try {
    const res = await runRocky(rockyPath(), compileArgs(), root);
    const doc = parseRockyJson(res.stdout, res.stderr, "compile");
    const summary = summarizeCompile(doc);
    for (const d of summary.diagnostics) output.appendLine(formatDiagnostic(d));
    const message = compileStatusMessage(summary);
    output.appendLine(message);
    if (summary.hasErrors) {
      const choice = await vscode.window.showErrorMessage(message, "Show Output");
      if (choice) output.show(true);
    } else {
      void vscode.window.showInformationMessage(message);
    }
  } catch (e) {
    output.appendLine(`error: ${(e as Error).message}`);
    output.show(true);
    void vscode.window.showErrorMessage(`Rocky: compile failed: ${(e as Error).message}`);
  }
}

/** The current model (from the active editor) or one the user types. */
async function pickModel(prompt: string): Promise<{ model: string; file?: string } | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  const current = doc && doc.uri.scheme === "file" ? modelNameFromPath(doc.uri.fsPath) : null;
  if (current) return { model: current, file: doc!.uri.fsPath };
  const typed = await vscode.window.showInputBox({
    prompt,
    validateInput: (v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : "a model name"),
  });
  return typed ? { model: typed } : undefined;
}

async function runModelCommand(): Promise<void> {
  const root = await projectRoot();
  if (!root) return void vscode.window.showErrorMessage("Rocky: no rocky.toml in the workspace");
  const picked = await pickModel("Model to run");
  if (!picked) return;
  const dir = picked.file ? path.dirname(picked.file) : path.join(root, "models");
  const runChoice = `run: build the models of ${path.relative(root, dir) || "."} on the warehouse`;
  const testChoice = `test: build ${picked.model} and its parents in an in-memory DuckDB`;
  const choice = await vscode.window.showQuickPick([runChoice, testChoice], {
    placeHolder: `rocky run has no single-model selection; choose how to run ${picked.model}`,
  });
  if (!choice) return;
  const args = choice === runChoice ? runArgs(dir, root) : testModelArgs(picked.model);
  output.appendLine(`$ ${rockyPath()} ${args.join(" ")}   (in ${root})`);
  output.show(true);
  try {
    const res = await runRocky(rockyPath(), args, root);
    const doc = parseRockyJson(res.stdout, res.stderr);
    output.appendLine(choice === runChoice ? formatRun(doc) : formatTest(doc));
    if (res.code === 0) void vscode.window.showInformationMessage(`Rocky: ${args[0]} succeeded`);
    else void vscode.window.showErrorMessage(`Rocky: ${args[0]} failed (exit ${res.code})`);
  } catch (e) {
    output.appendLine(`error: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`Rocky: ${args[0]} failed: ${(e as Error).message}`);
  }
}

async function showLineageCommand(): Promise<void> {
  const root = await projectRoot();
  if (!root) return void vscode.window.showErrorMessage("Rocky: no rocky.toml in the workspace");
  const picked = await pickModel("Model whose lineage to show");
  if (!picked) return;
  const editor = vscode.window.activeTextEditor;
  let column: string | undefined;
  if (editor && picked.file) {
    const pos = editor.selection.active;
    column = wordAt(editor.document.lineAt(pos.line).text, pos.character) ?? undefined;
  }
  column = await vscode.window.showInputBox({
    prompt: `Column of ${picked.model} (empty for the whole model)`,
    value: column ?? "",
  });
  if (column === undefined) return;
  const wanted = column.trim() || undefined;
  try {
    await showLineageWebview(root, picked.model, wanted);
    return;
  } catch (e) {
    output.appendLine(`lineage webview unavailable (${(e as Error).message}); showing the text view`);
  }
  await showLineageText(root, picked.model, wanted);
}

/**
 * The dashboard's lineage view in a webview: `rocky docs` writes the page with the project inlined
 * into a temporary folder, and the page is shown with a strict CSP, opened on `model` (traced
 * from `column` when given). Throws when the page cannot be built (the caller shows text).
 */
async function showLineageWebview(root: string, model: string, column?: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rocky-lineage-"));
  let page: string;
  try {
    const file = path.join(dir, "catalog.html");
    const args = docsArgs(file);
    output.appendLine(`$ ${rockyPath()} ${args.join(" ")}   (in ${root})`);
    const res = await runRocky(rockyPath(), args, root);
    if (!fs.existsSync(file)) {
      throw new Error(`rocky docs wrote no page (exit ${res.code}): ${res.stderr.trim().split("\n")[0] ?? ""}`);
    }
    page = fs.readFileSync(file, "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const html = lineageWebviewHtml(page, { model, column }, makeNonce());
  const title = `Lineage: ${column ? `${model}.${column}` : model}`;
  if (lineagePanel) {
    lineagePanel.title = title;
    lineagePanel.webview.html = html;
    lineagePanel.reveal(undefined, true);
    return;
  }
  // Scripts on for the page's own inline code (the CSP admits nothing else); no local files.
  lineagePanel = vscode.window.createWebviewPanel(
    "rocky.lineage",
    title,
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
    { enableScripts: true, localResourceRoots: [], enableFindWidget: true },
  );
  lineagePanel.onDidDispose(() => (lineagePanel = undefined));
  lineagePanel.webview.html = html;
}

/** The trace of `rocky lineage MODEL[.COLUMN] -o json` as a read-only text document. */
async function showLineageText(root: string, model: string, column?: string): Promise<void> {
  try {
    const args = lineageArgs(model, column);
    output.appendLine(`$ ${rockyPath()} ${args.join(" ")}   (in ${root})`);
    const res = await runRocky(rockyPath(), args, root);
    const doc = parseRockyJson(res.stdout, res.stderr, "lineage");
    const name = `${args[1]}.txt`;
    lineageDocs.set(name, formatLineage(doc));
    const uri = vscode.Uri.from({ scheme: LINEAGE_SCHEME, path: "/" + name, query: String(Date.now()) });
    const shown = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(shown, { preview: true });
  } catch (e) {
    output.appendLine(`error: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`Rocky: lineage failed: ${(e as Error).message}`);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("Rocky");
  context.subscriptions.push(output);
  // Lineage text is served read-only from memory.
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(LINEAGE_SCHEME, {
      provideTextDocumentContent: (uri) => lineageDocs.get(uri.path.replace(/^\//, "")) ?? "",
    }),
  );
  context.subscriptions.push(
    vscode.commands.registerCommand("rocky.compile", compileCommand),
    vscode.commands.registerCommand("rocky.runModel", runModelCommand),
    vscode.commands.registerCommand("rocky.showLineage", showLineageCommand),
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("rocky.path") && client) {
        await client.stop();
        client = undefined;
        await startClient(context);
      }
    }),
  );
  const hasProject = (await vscode.workspace.findFiles("**/rocky.toml", "**/node_modules/**", 1)).length > 0;
  if (hasProject) await startClient(context);
  else output.appendLine("no rocky.toml in the workspace: rocky lsp not started");
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
