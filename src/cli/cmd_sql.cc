// `rocky sql parse`: runs the SQL parser over files and reports what parses (and, with
// --roundtrip, what prints back to the same tree).

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/context.h"
#include "sql/parser.h"
#include "sql/roundtrip.h"

namespace rocky::cli {

namespace {

constexpr std::string_view kUsageHint = "usage: rocky sql parse [--dialect D] [--lines] [--roundtrip] FILE...";

struct Tally {
  int inputs = 0;
  int parsed = 0;
  int failed = 0;
  int roundtrip_failed = 0;
  Json failures = Json::Array();

  void Fail(const std::string& file, int line, int col, const std::string& message) {
    failures.Push(Json::Object()
                      .Set("file", file)
                      .Set("line", line)
                      .Set("col", col)
                      .Set("message", message));
  }
};

// One parsed script: every statement is an input. `line_offset` shifts reported lines (--lines).
void Account(const sql::Script& script, const std::string& file, int line_offset, bool roundtrip,
             Tally& t) {
  for (const sql::ScriptStatement& s : script.statements()) {
    ++t.inputs;
    if (!s.tree) {
      ++t.failed;
      const Diagnostic& d = script.diagnostics()[static_cast<size_t>(s.diagnostic)];
      int line = d.span ? d.span->line : 0;
      int col = d.span ? d.span->col : 0;
      t.Fail(file, line + line_offset, col, d.message);
      continue;
    }
    ++t.parsed;
    if (!roundtrip) continue;
    sql::RoundTripResult r = sql::CheckRoundTrip(script, *s.tree);
    if (r.ok) continue;
    ++t.roundtrip_failed;
    Span where = script.Locate(s.range);
    t.Fail(file, where.line + line_offset, where.col, "round trip: " + r.message);
  }
}

int RunSql(Context& ctx) {
  const auto& pos = ctx.args().positionals();
  if (pos.empty() || pos[0] != "parse")
    return ctx.ReportError(Error{ErrorKind::kUsage,
                                 pos.empty() ? "missing what to do: parse"
                                             : "unknown sql action '" + pos[0] + "'",
                                 {}, std::string(kUsageHint)});
  if (pos.size() < 2)
    return ctx.ReportError(Error{ErrorKind::kUsage, "missing argument FILE for 'rocky sql parse'",
                                 {}, std::string(kUsageHint)});
  std::string dialect_name = ctx.args().Get("dialect").value_or("generic");
  const sql::Dialect* dialect = sql::FindDialect(dialect_name);
  if (!dialect)
    return ctx.ReportError(Error{ErrorKind::kUsage,
                                 "unknown dialect '" + dialect_name +
                                     "': expected generic, duckdb, databricks or snowflake",
                                 {}, std::string(kUsageHint)});
  bool lines = ctx.args().Has("lines");
  bool roundtrip = ctx.args().Has("roundtrip");

  Tally t;
  for (size_t i = 1; i < pos.size(); ++i) {
    const std::string& file = pos[i];
    std::ifstream in(file, std::ios::binary);
    if (!in) return ctx.ReportError(Error{ErrorKind::kIo, "cannot read " + file, {}, {}});
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (!lines) {
      sql::ParseOptions options;
      options.file = file;
      Account(*sql::Parse(text, *dialect, options), file, 0, roundtrip, t);
      continue;
    }
    std::istringstream stream(text);
    std::string line;
    int n = 0;
    while (std::getline(stream, line)) {
      ++n;
      size_t first = line.find_first_not_of(" \t\r");
      if (first == std::string::npos || line.compare(first, 2, "--") == 0) continue;
      sql::ParseOptions options;
      options.file = file;
      options.allow_expressions = true;
      auto script = sql::Parse(line, *dialect, options);
      if (script->statements().empty()) continue;
      Account(*script, file, n - 1, roundtrip, t);
    }
  }
  bool bad = t.failed > 0 || t.roundtrip_failed > 0;
  if (ctx.json()) {
    ctx.EmitJson("sql_parse", Json::Object()
                                  .Set("inputs", t.inputs)
                                  .Set("parsed", t.parsed)
                                  .Set("failed", t.failed)
                                  .Set("roundtrip_failed", t.roundtrip_failed)
                                  .Set("failures", std::move(t.failures)));
  } else {
    std::string text = fmt::format("{} inputs: {} parsed, {} failed", t.inputs, t.parsed, t.failed);
    if (roundtrip) text += fmt::format(", {} failed to round-trip", t.roundtrip_failed);
    for (const Json& f : t.failures.items())
      text += fmt::format("\n{}:{}:{}: {}", f["file"].AsString(), f["line"].AsInt(),
                          f["col"].AsInt(), f["message"].AsString());
    ctx.PrintText(text);
  }
  return bad ? 1 : 0;
}

}  // namespace

const CommandSpec& SqlCommand() {
  static const CommandSpec kSpec{
      .name = "sql",
      .summary = "Parse SQL files with Rocky's parser (syntax check, round trip)",
      .description =
          "rocky sql parse FILE...  parses every statement of each file (split at ';' outside\n"
          "                         strings and comments) and reports the ones that fail.\n\n"
          "--dialect D   generic (default), duckdb, databricks or snowflake\n"
          "--lines       every non-empty line that is not a -- comment is one input (a\n"
          "              statement or an expression)\n"
          "--roundtrip   also print each tree back to SQL, parse it again and compare\n\n"
          "Prints {inputs, parsed, failed, roundtrip_failed, failures: [{file, line, col,\n"
          "message}]}; exits 1 when an input fails to parse or to round-trip.\n\n"
          "Examples:\n"
          "  rocky sql parse models/orders.sql\n"
          "  rocky sql parse --dialect snowflake --roundtrip queries.sql -o json",
      .positionals = {{"ACTION", "parse", true}, {"FILE", "SQL files", false, true}},
      .flags = {{"dialect", 0, "D", "generic | duckdb | databricks | snowflake"},
                {"lines", 0, "", "one input per line"},
                {"roundtrip", 0, "", "check parse(print(tree)) == tree"}},
      .config_optional = true,
      .run = &RunSql,
  };
  return kSpec;
}

}  // namespace rocky::cli
