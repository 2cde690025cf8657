#pragma once
// `rocky ai-test` (services.md §4): data tests for a model. The language model answers a JSON
// array `[{name, description, sql}]` of assertions whose SQL returns zero rows when the
// assertion holds. Each test is checked before it may be saved: its SQL parses as one query with
// Rocky's parser, and run once in the local test database (the models built in an in-memory
// DuckDB, as `rocky test` builds them) it returns no rows.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapter_sdk/warehouse_adapter.h"
#include "ai/llm_provider.h"
#include "compiler/binder.h"
#include "engine/local_test_runner.h"
#include "facade/project_compile.h"
#include "sql/dialect.h"

namespace rocky::ai {

struct GeneratedTest {
  std::string name;  // lower-case snake_case
  std::string description;
  std::string sql;
  /// Why the test cannot be saved (does not parse, fails to run, returns rows); nullopt: it holds.
  std::optional<std::string> problem;
};

struct TestGenOptions {
  int64_t max_tokens = 4096;
  int64_t max_context_tokens = 60000;
};

/// Asks for the tests of model `id` and parses the answer (ParseGeneratedTests).
Result<std::vector<GeneratedTest>> GenerateTests(LlmProvider& llm,
                                                 const facade::CompiledProject& compiled,
                                                 const compiler::Catalog* sources, size_t id,
                                                 const TestGenOptions& options = {});

/// The tests of a reply: a JSON array, possibly in code fences or with prose around it. Names
/// are made snake_case (`test_<n>` when empty) and unique; entries without SQL are kept (with
/// `problem` set) so they can be reported.
Result<std::vector<GeneratedTest>> ParseGeneratedTests(std::string_view reply);

/// The models of a project built once in an in-memory DuckDB database, for checking tests.
class LocalTestDatabase {
 public:
  /// Builds every model; a model that fails makes the tests of its dependants fail to run.
  static Result<LocalTestDatabase> Open(const engine::LocalTestProject& project);
  /// Sets `test.problem`: the parse error, the database error, or `returned N row(s)`.
  void Check(GeneratedTest& test, const sql::Dialect& dialect);
  /// The models that failed to build, with the reason.
  const std::vector<engine::LocalModelResult>& failed() const { return failed_; }

 private:
  std::shared_ptr<sdk::WarehouseAdapter> warehouse_;
  std::vector<engine::LocalModelResult> failed_;
};

/// `-- <description>` (a line each) and the SQL, newline-terminated: a saved test file.
std::string TestFileText(const GeneratedTest& test);

}  // namespace rocky::ai
