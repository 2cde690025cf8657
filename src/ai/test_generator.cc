#include "ai/test_generator.h"

#include <fmt/format.h>

#include <cctype>
#include <set>

#include "ai/code_fences.h"
#include "ai/model_prompt.h"
#include "base/json.h"
#include "base/strings.h"
#include "sql/parser.h"

namespace rocky::ai {

namespace {

constexpr std::string_view kAnswer =
    "Answer with the JSON array only: no explanation and no Markdown code fences.";

std::string SnakeName(std::string_view text) {
  std::string name;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u))
      name += static_cast<char>(std::tolower(u));
    else if (!name.empty() && name.back() != '_')
      name += '_';
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  return name;
}

std::string StringField(const Json& item, std::string_view key) {
  const Json* value = item.Find(key);
  return value && value->IsString() ? std::string(Trim(value->AsString())) : std::string();
}

// The query without trailing semicolons and whitespace.
std::string_view QueryText(std::string_view sql) {
  sql = Trim(sql);
  while (!sql.empty() && sql.back() == ';') sql = Trim(sql.substr(0, sql.size() - 1));
  return sql;
}

}  // namespace

Result<std::vector<GeneratedTest>> ParseGeneratedTests(std::string_view reply) {
  const std::string body = StripCodeFences(reply);
  const size_t open = body.find('[');
  const size_t close = body.rfind(']');
  if (open == std::string::npos || close == std::string::npos || close < open)
    return Fail(ErrorKind::kAdapter, "the answer holds no JSON array of tests");
  auto json = Json::Parse(std::string_view(body).substr(open, close - open + 1));
  if (!json)
    return Fail(ErrorKind::kAdapter, "the answer is not a JSON array of tests: {}",
                json.error().message);
  std::vector<GeneratedTest> tests;
  std::set<std::string> names;
  for (const Json& item : json->items()) {
    if (!item.IsObject()) continue;
    GeneratedTest test;
    test.name = SnakeName(StringField(item, "name"));
    if (test.name.empty()) test.name = fmt::format("test_{}", tests.size() + 1);
    const std::string base = test.name;
    for (int n = 2; !names.insert(test.name).second; ++n) test.name = fmt::format("{}_{}", base, n);
    test.description = OneLine(StringField(item, "description"));
    test.sql = std::string(QueryText(StringField(item, "sql")));
    if (test.sql.empty()) test.problem = "no SQL";
    tests.push_back(std::move(test));
  }
  if (tests.empty()) return Fail(ErrorKind::kAdapter, "the answer lists no tests");
  return tests;
}

Result<std::vector<GeneratedTest>> GenerateTests(LlmProvider& llm,
                                                 const facade::CompiledProject& compiled,
                                                 const compiler::Catalog* sources, size_t id,
                                                 const TestGenOptions& options) {
  const std::string& name = compiled.project.load.models[id].name;
  const LlmRequest request = ModelRequest(
      compiled, sources, id, options.max_context_tokens, options.max_tokens, kAnswer,
      fmt::format(
          "Write data tests for `{0}` as a JSON array of objects {{\"name\": "
          "\"snake_case_name\", \"description\": \"one sentence\", \"sql\": \"SELECT ...\"}}. "
          "Each sql is one DuckDB SELECT that returns zero rows when the assertion holds and the "
          "offending rows when it does not: not-null columns, uniqueness of the grain, value "
          "ranges, referential integrity with its parents. Refer to `{0}` and the other models "
          "by their bare names (each is a table of that name). {1}",
          name, kAnswer));
  auto reply = llm.Complete(request);
  if (!reply)
    return std::unexpected(std::move(reply.error()).With("while writing tests for " + name));
  auto tests = ParseGeneratedTests(*reply);
  if (!tests) return std::unexpected(std::move(tests.error()).With("tests for " + name));
  return tests;
}

Result<LocalTestDatabase> LocalTestDatabase::Open(const engine::LocalTestProject& project) {
  auto db = engine::OpenLocalDatabase();
  if (!db) return std::unexpected(std::move(db.error()));
  LocalTestDatabase out;
  out.warehouse_ = std::move(*db);
  auto report = engine::RunLocalTestsOn(*out.warehouse_, project);
  if (!report) return std::unexpected(std::move(report.error()));
  for (const engine::LocalModelResult& r : report->results)
    if (r.error) out.failed_.push_back(r);
  return out;
}

void LocalTestDatabase::Check(GeneratedTest& test, const sql::Dialect& dialect) {
  if (test.problem) return;
  auto script = sql::Parse(test.sql, dialect);
  if (!script->ok()) {
    test.problem = "does not parse: " + script->diagnostics().front().message;
    return;
  }
  if (script->statements().size() != 1) {
    test.problem = fmt::format("holds {} statements, not one query", script->statements().size());
    return;
  }
  auto counted = warehouse_->ExecuteQuery(
      fmt::format("SELECT COUNT(*) FROM (\n{}\n) AS _rocky_test", test.sql));
  if (!counted) {
    test.problem = "fails to run: " + counted.error().message;
    return;
  }
  int64_t rows = 0;
  if (!counted->rows.empty() && !counted->rows.front().empty())
    if (const int64_t* n = std::get_if<int64_t>(&counted->rows.front().front())) rows = *n;
  if (rows != 0) test.problem = fmt::format("returned {} row(s)", rows);
}

std::string TestFileText(const GeneratedTest& test) {
  std::string text;
  for (const std::string& line :
       Split(test.description.empty() ? test.name : test.description, "\n"))
    text += "-- " + line + "\n";
  return text + test.sql + "\n";
}

}  // namespace rocky::ai
