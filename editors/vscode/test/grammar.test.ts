// Grammar tests: the TextMate grammar tokenized by vscode-textmate with the Oniguruma regex
// engine (vscode-oniguruma), as VS Code does, on the sample files of test/fixtures.
import { test, before } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as vsctm from "vscode-textmate";
import * as oniguruma from "vscode-oniguruma";

const extRoot = path.resolve(__dirname, "..", "..");
const grammarPath = path.join(extRoot, "syntaxes", "rocky.tmLanguage.json");
const fixtures = path.join(extRoot, "test", "fixtures");

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

let grammar: vsctm.IGrammar;

before(async () => {
  const wasm = fs.readFileSync(path.join(extRoot, "node_modules", "vscode-oniguruma", "release", "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== "source.rocky") return null;
      return vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath);
    },
  });
  const g = await registry.loadGrammar("source.rocky");
  assert.ok(g, "grammar loads");
  grammar = g;
});

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let stack = vsctm.INITIAL;
  text.split("\n").forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      out.push({ line: i + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    stack = r.ruleStack;
  });
  return out;
}

function fixture(name: string): Token[] {
  return tokenize(fs.readFileSync(path.join(fixtures, name), "utf8"));
}

/** The innermost scope of the `nth` token whose text is `text` (on `line` when given). */
function scopeOf(tokens: Token[], text: string, opts: { line?: number; nth?: number } = {}): string {
  const hits = tokens.filter((t) => t.text === text && (opts.line === undefined || t.line === opts.line));
  const hit = hits[opts.nth ?? 0];
  assert.ok(hit, `token ${JSON.stringify(text)} not found (line ${opts.line ?? "any"})`);
  return hit.scopes[hit.scopes.length - 1];
}

function expectScope(tokens: Token[], text: string, scope: string, opts: { line?: number; nth?: number } = {}) {
  const got = scopeOf(tokens, text, opts);
  assert.ok(got.startsWith(scope), `${JSON.stringify(text)} (line ${opts.line ?? "any"}): expected ${scope}, got ${got}`);
}

test("every token has the source.rocky root scope", () => {
  for (const t of fixture("revenue.rocky")) assert.equal(t.scopes[0], "source.rocky");
});

test("comments: full-line and trailing", () => {
  const toks = fixture("revenue.rocky");
  expectScope(toks, "-- Top customers by revenue (dsl.md §5).".slice(2), "comment.line.double-dash.rocky", { line: 1 });
  expectScope(toks, "--", "punctuation.definition.comment.rocky", { line: 8 });
  expectScope(toks, " trailing comment", "comment.line.double-dash.rocky", { line: 8 });
  // `-` as a sort prefix is an operator, not a comment.
  expectScope(toks, "-", "keyword.operator.arithmetic.rocky", { line: 9 });
});

test("keywords: steps, join kinds, modifiers and logical words", () => {
  const toks = fixture("revenue.rocky");
  expectScope(toks, "let", "keyword.control.let.rocky", { line: 2 });
  expectScope(toks, "active", "entity.name.type.relation.rocky", { line: 2 });
  expectScope(toks, "from", "keyword.control.step.rocky", { line: 2 });
  expectScope(toks, "users", "entity.name.type.relation.rocky", { line: 2 });
  expectScope(toks, "where", "keyword.control.step.rocky", { line: 2 });
  expectScope(toks, "as", "keyword.other.rocky", { line: 4 });
  expectScope(toks, "and", "keyword.operator.logical.rocky", { line: 5 });
  expectScope(toks, "is", "keyword.operator.logical.rocky", { line: 5 });
  expectScope(toks, "not", "keyword.operator.logical.rocky", { line: 5 });
  expectScope(toks, "null", "constant.language.rocky", { line: 5 });
  expectScope(toks, "left", "keyword.control.join-kind.rocky", { line: 6 });
  expectScope(toks, "join", "keyword.control.step.rocky", { line: 6 });
  expectScope(toks, "customers", "entity.name.type.relation.rocky", { line: 6 });
  expectScope(toks, "on", "keyword.other.rocky", { line: 6 });
  expectScope(toks, "keep", "keyword.other.rocky", { line: 6 });
  expectScope(toks, "group", "keyword.control.step.rocky", { line: 7 });
  expectScope(toks, "desc", "keyword.other.rocky", { line: 9 });
  expectScope(toks, "take", "keyword.control.step.rocky", { line: 10 });
  expectScope(toks, "true", "constant.language.rocky", { line: 2 });
  const ex = fixture("expressions.rocky");
  expectScope(ex, "match", "keyword.control.match.rocky", { line: 6 });
  expectScope(ex, "in", "keyword.operator.logical.rocky", { line: 6 });
  expectScope(ex, "over", "keyword.other.rocky", { line: 7 });
  expectScope(ex, "partition", "keyword.other.rocky", { line: 7 });
  expectScope(ex, "sort", "keyword.control.step.rocky", { line: 7 });
  expectScope(ex, "rows", "keyword.other.rocky", { line: 7 });
  expectScope(ex, "unbounded", "keyword.other.rocky", { line: 7 });
  expectScope(ex, "current", "keyword.other.rocky", { line: 7 });
  expectScope(ex, "cross_join", "keyword.control.step.rocky", { line: 9 });
  expectScope(ex, "select", "keyword.control.step.rocky", { line: 10 });
  expectScope(ex, "distinct", "keyword.control.step.rocky", { line: 11 });
});

test("every reserved word of dsl.md §1 is a keyword or a language constant", () => {
  const reserved = (
    "let from where group derive select join window sort take distinct union replicate check as on by " +
    "order keep asc desc and or not is null in true false match over partition rows range unbounded current"
  ).split(" ");
  for (const word of reserved) {
    const toks = tokenize(`x ${word} y`);
    const scope = scopeOf(toks, word);
    assert.ok(/^(keyword\.|constant\.language\.)/.test(scope), `${word}: ${scope}`);
  }
  // `left` etc. are contextual: keywords only before `join`.
  expectScope(tokenize("left"), "left", "variable.other.rocky");
  expectScope(tokenize("right join x"), "right", "keyword.control.join-kind.rocky");
  // identifiers that merely contain keywords stay identifiers
  expectScope(tokenize("where order_count > 1"), "order_count", "variable.other.rocky");
  expectScope(tokenize("derive { selected: 1 }"), "selected", "variable.other.property.rocky");
});

test("strings: double, single and unterminated", () => {
  const toks = fixture("revenue.rocky");
  expectScope(toks, "cancelled", "string.quoted.double.rocky", { line: 5 });
  expectScope(toks, '"', "punctuation.definition.string.begin.rocky", { line: 5 });
  const ex = fixture("expressions.rocky");
  expectScope(ex, "debug", "string.quoted.double.rocky", { line: 2 });
  expectScope(ex, "trace", "string.quoted.single.rocky", { line: 2 });
  const bad = fixture("invalid.rocky");
  expectScope(bad, '"unterminated', "invalid.illegal.unterminated-string.rocky", { line: 3 });
  // no escapes: a string ends at the next quote of its kind
  const esc = tokenize(`"it's" 'a"b'`);
  expectScope(esc, "it's", "string.quoted.double.rocky");
  expectScope(esc, 'a"b', "string.quoted.single.rocky");
});

test("numbers, dates and timestamps", () => {
  const toks = fixture("revenue.rocky");
  expectScope(toks, "1_000.50", "constant.numeric.rocky", { line: 8 });
  expectScope(toks, "10", "constant.numeric.rocky", { line: 10 });
  const ex = fixture("expressions.rocky");
  expectScope(ex, "@2025-06-15T12:00:00Z", "constant.other.timestamp.rocky", { line: 2 });
  expectScope(ex, "@2025-01-01", "constant.other.date.rocky", { line: 3 });
  expectScope(ex, "1000", "constant.numeric.rocky", { line: 6 });
  expectScope(tokenize("@2025-06-15T12:00:00.123"), "@2025-06-15T12:00:00.123", "constant.other.timestamp.rocky");
  // digits inside identifiers are not numbers; `1..5` is number, range, number
  expectScope(tokenize("from _q1"), "_q1", "entity.name.type.relation.rocky");
  const range = tokenize("rows 1..5");
  expectScope(range, "1", "constant.numeric.rocky");
  expectScope(range, "..", "keyword.operator.range.rocky");
  expectScope(range, "5", "constant.numeric.rocky");
});

test("operators and punctuation", () => {
  const toks = fixture("revenue.rocky");
  expectScope(toks, "==", "keyword.operator.comparison.rocky", { line: 2 });
  expectScope(toks, "|", "keyword.operator.pipe.rocky", { line: 2 });
  expectScope(toks, "=", "keyword.operator.assignment.rocky", { line: 2 });
  expectScope(toks, "!=", "keyword.operator.comparison.rocky", { line: 5 });
  expectScope(toks, ">", "keyword.operator.comparison.rocky", { line: 8 });
  expectScope(toks, "{", "punctuation.section.block.rocky", { line: 7 });
  expectScope(toks, ",", "punctuation.separator.comma.rocky", { line: 7 });
  expectScope(toks, ":", "punctuation.separator.key-value.rocky", { line: 7 });
  expectScope(toks, "total_revenue", "variable.other.property.rocky", { line: 7 });
  expectScope(toks, "sum", "entity.name.function.rocky", { line: 7 });
  expectScope(toks, ".", "punctuation.accessor.rocky", { line: 6 });
  const ex = fixture("expressions.rocky");
  expectScope(ex, ">=", "keyword.operator.comparison.rocky", { line: 2 });
  expectScope(ex, "[", "punctuation.section.brackets.rocky", { line: 2 });
  for (const op of ["-", "+", "*", "/", "%"]) expectScope(ex, op, "keyword.operator.arithmetic.rocky", { line: 5 });
  expectScope(ex, "(", "punctuation.section.parens.rocky", { line: 5 });
  expectScope(ex, "=>", "keyword.operator.arrow.rocky", { line: 6 });
  expectScope(ex, "_", "variable.language.wildcard.rocky", { line: 6 });
  expectScope(ex, "..", "keyword.operator.range.rocky", { line: 7 });
  expectScope(ex, "row_number", "entity.name.function.rocky", { line: 7 });
  expectScope(ex, "*", "keyword.operator.arithmetic.rocky", { line: 10 });
  // a three-part relation name keeps its dots as accessors
  expectScope(ex, "analytics", "entity.name.type.relation.rocky", { line: 1 });
  expectScope(ex, ".", "punctuation.accessor.rocky", { line: 1 });
  for (const op of ["<=", "<"]) expectScope(tokenize(`a ${op} b`), op, "keyword.operator.comparison.rocky");
});

test("characters outside the lexer are marked invalid", () => {
  const bad = fixture("invalid.rocky");
  expectScope(bad, "#", "invalid.illegal.character.rocky", { line: 2 });
});

test("every non-blank token of the fixtures is scoped", () => {
  for (const name of fs.readdirSync(fixtures)) {
    for (const t of fixture(name)) {
      if (t.text.trim() === "") continue;
      assert.ok(t.scopes.length > 1, `${name}:${t.line}: ${JSON.stringify(t.text)} has no scope`);
    }
  }
});
