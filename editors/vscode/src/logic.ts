// The extension's own logic, free of any `vscode` import so node's test runner can exercise it.
// Argument building for the rocky CLI (cli.md), parsing of its JSON documents, model names from
// file paths and the text rendering of compile / run / lineage results.
import * as path from "path";

/** File extensions of model files (models.md §1). */
export const MODEL_EXTENSIONS = [".sql", ".rocky"];

/**
 * The model name of a model file: its file stem (`models/fct_orders.rocky` → `fct_orders`).
 * Returns null for files that are not models (other extensions, `_defaults.toml`, sidecars,
 * macros under a `macros/` folder, hidden files).
 */
export function modelNameFromPath(filePath: string): string | null {
  const normalized = filePath.replace(/\\/g, "/");
  const ext = path.posix.extname(normalized).toLowerCase();
  if (!MODEL_EXTENSIONS.includes(ext)) return null;
  const parts = normalized.split("/");
  if (parts.slice(0, -1).includes("macros")) return null;
  const stem = path.posix.basename(normalized, path.posix.extname(normalized));
  if (stem === "" || stem.startsWith(".") || stem.startsWith("_")) return null;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(stem)) return null;
  return stem;
}

/**
 * The folder holding `rocky.toml` nearest to `filePath` (walking up), or null. `exists` is
 * injected so the walk can be tested without a file system.
 */
export function findProjectRoot(
  filePath: string,
  exists: (candidate: string) => boolean,
): string | null {
  let dir = path.dirname(path.resolve(filePath));
  for (;;) {
    if (exists(path.join(dir, "rocky.toml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** `rocky compile -o json [--model M]`. */
export function compileArgs(model?: string): string[] {
  const args = ["compile", "-o", "json"];
  if (model) args.push("--model", model);
  return args;
}

/**
 * `rocky run -o json --models DIR`. The CLI (cli.md §3) has no single-model selection for `run`:
 * it builds every model of the models folder DIR, so the extension passes the folder of the
 * chosen model (relative to the project root when inside it).
 */
export function runArgs(modelsDir: string, projectRoot?: string): string[] {
  let dir = modelsDir;
  if (projectRoot) {
    const rel = path.relative(projectRoot, modelsDir);
    if (rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel)) dir = rel;
    else if (rel === "") dir = ".";
  }
  return ["run", "-o", "json", "--models", dir];
}

/** `rocky test -o json --model M`: builds M and its parents in an in-memory DuckDB (cli.md §4). */
export function testModelArgs(model: string): string[] {
  return ["test", "-o", "json", "--model", model];
}

/** `rocky lineage MODEL[.COLUMN] -o json` (cli.md §4). */
export function lineageArgs(model: string, column?: string): string[] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(model)) throw new Error(`invalid model name '${model}'`);
  if (column !== undefined && column !== "" && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(column)) {
    throw new Error(`invalid column name '${column}'`);
  }
  const target = column ? `${model}.${column}` : model;
  return ["lineage", target, "-o", "json"];
}

/** `rocky lsp` (services.md §6). */
export function lspArgs(): string[] {
  return ["lsp"];
}

/** The identifier under (or just before) a cursor position in a line, or null. */
export function wordAt(lineText: string, character: number): string | null {
  const isWord = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
  let start = Math.min(Math.max(character, 0), lineText.length);
  if (!isWord(lineText[start]) && isWord(lineText[start - 1])) start -= 1;
  if (!isWord(lineText[start])) return null;
  let end = start;
  while (start > 0 && isWord(lineText[start - 1])) start -= 1;
  while (isWord(lineText[end])) end += 1;
  const word = lineText.slice(start, end);
  return /^[A-Za-z_]/.test(word) ? word : null;
}

export interface RockyDocument {
  version: string;
  command: string;
  [key: string]: unknown;
}

/**
 * Parses the single JSON document a rocky command prints on stdout in JSON mode (cli.md §1).
 * On a fatal error rocky prints no JSON and `error: …` on stderr: that message is thrown.
 */
export function parseRockyJson(stdout: string, stderr = "", expectedCommand?: string): RockyDocument {
  const text = stdout.trim();
  if (!text.startsWith("{")) {
    const fatal = stderr
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l.startsWith("error:"));
    if (fatal) throw new Error(fatal.slice("error:".length).trim());
    const firstLine = stderr.trim().split("\n")[0];
    throw new Error(firstLine ? `rocky printed no JSON: ${firstLine}` : "rocky printed no JSON");
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`rocky printed invalid JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new Error("rocky printed a JSON value that is not an object");
  }
  const d = doc as Record<string, unknown>;
  if (typeof d.version !== "string" || typeof d.command !== "string") {
    throw new Error("rocky JSON output lacks 'version'/'command'");
  }
  if (expectedCommand && d.command !== expectedCommand) {
    throw new Error(`expected output of '${expectedCommand}', got '${d.command}'`);
  }
  return d as RockyDocument;
}

export interface Diagnostic {
  severity: "Error" | "Warning" | "Info";
  code: string;
  message: string;
  span: { file: string; line: number; col: number } | null;
  model: string;
  suggestion: string | null;
}

export interface CompileSummary {
  models: number;
  errors: number;
  warnings: number;
  infos: number;
  hasErrors: boolean;
  diagnostics: Diagnostic[];
}

function asDiagnostics(value: unknown): Diagnostic[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (d): d is Diagnostic =>
      typeof d === "object" && d !== null && typeof (d as Diagnostic).message === "string",
  );
}

/** Counts of a `compile` document (`{models, diagnostics, has_errors, …}`). */
export function summarizeCompile(doc: RockyDocument): CompileSummary {
  const diagnostics = asDiagnostics(doc.diagnostics);
  const models = Array.isArray(doc.models)
    ? doc.models.length
    : typeof doc.models === "number"
      ? doc.models
      : 0;
  const count = (s: string) => diagnostics.filter((d) => d.severity === s).length;
  return {
    models,
    errors: count("Error"),
    warnings: count("Warning"),
    infos: count("Info"),
    hasErrors: doc.has_errors === true || count("Error") > 0,
    diagnostics,
  };
}

/** `file:line:col: error E002 [model]: message (suggestion)`, one line per diagnostic. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.span ? `${d.span.file}:${d.span.line}:${d.span.col}: ` : "";
  const sev = d.severity.toLowerCase();
  const model = d.model ? ` [${d.model}]` : "";
  const hint = d.suggestion ? ` (${d.suggestion})` : "";
  return `${where}${sev} ${d.code}${model}: ${d.message}${hint}`;
}

/** The one-line status message of a compile. */
export function compileStatusMessage(s: CompileSummary): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return (
    `Rocky: compiled ${plural(s.models, "model")}: ` +
    `${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${plural(s.infos, "info")}`
  );
}

/** A short text report of a `run` document (RunOutput, cli.md §3). */
export function formatRun(doc: RockyDocument): string {
  const lines: string[] = [];
  lines.push(
    `run ${String(doc.run_id ?? "")}: ${Number(doc.tables_copied ?? 0)} built, ` +
      `${Number(doc.tables_failed ?? 0)} failed in ${Number(doc.duration_ms ?? 0)} ms`,
  );
  const mats = Array.isArray(doc.materializations) ? doc.materializations : [];
  for (const m of mats as Array<Record<string, unknown>>) {
    const rows = m.rows_copied === null || m.rows_copied === undefined ? "?" : String(m.rows_copied);
    lines.push(`  ok   ${String(m.asset_key)}  rows=${rows}  ${Number(m.duration_ms ?? 0)} ms`);
  }
  const errors = Array.isArray(doc.errors) ? doc.errors : [];
  for (const e of errors as Array<Record<string, unknown>>) {
    lines.push(`  FAIL ${String(e.asset_key)}: ${String(e.error)}`);
  }
  return lines.join("\n");
}

/** A short text report of a `test` document (`{total, passed, failed, failures}`). */
export function formatTest(doc: RockyDocument): string {
  const lines = [
    `test: ${Number(doc.passed ?? 0)}/${Number(doc.total ?? 0)} passed, ${Number(doc.failed ?? 0)} failed`,
  ];
  const failures = Array.isArray(doc.failures) ? doc.failures : [];
  for (const f of failures as Array<Record<string, unknown>>) {
    lines.push(`  FAIL ${String(f.name)}: ${String(f.error)}`);
  }
  return lines.join("\n");
}

interface EdgeEnd {
  model: string;
  column: string;
}
interface Edge {
  source: EdgeEnd;
  target: EdgeEnd;
  transform: string;
}

function asEdges(value: unknown): Edge[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is Edge => typeof e === "object" && e !== null && "source" in e && "target" in e,
  );
}

function formatEdge(e: Edge): string {
  return `${e.source.model}.${e.source.column} -> ${e.target.model}.${e.target.column}  [${e.transform}]`;
}

/**
 * Text view of a `lineage` document: for a column `{model, column, trace}`, the trace nearest
 * first; for a model `{model, columns, upstream, downstream, edges}`.
 */
export function formatLineage(doc: RockyDocument): string {
  const lines: string[] = [];
  if (typeof doc.column === "string") {
    lines.push(`Lineage of ${String(doc.model)}.${doc.column}`, "");
    const trace = asEdges(doc.trace);
    if (trace.length === 0) lines.push("(no upstream columns)");
    for (const e of trace) lines.push(formatEdge(e));
    return lines.join("\n") + "\n";
  }
  const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.map(String).join(", ") : "(none)");
  lines.push(`Lineage of model ${String(doc.model)}`, "");
  lines.push(`Upstream:   ${list(doc.upstream)}`);
  lines.push(`Downstream: ${list(doc.downstream)}`);
  const cols = Array.isArray(doc.columns)
    ? (doc.columns as Array<{ name?: unknown }>).map((c) => String(c.name))
    : [];
  lines.push(`Columns:    ${cols.length > 0 ? cols.join(", ") : "(none)"}`, "", "Edges:");
  const edges = asEdges(doc.edges);
  if (edges.length === 0) lines.push("  (none)");
  for (const e of edges) lines.push("  " + formatEdge(e));
  return lines.join("\n") + "\n";
}
