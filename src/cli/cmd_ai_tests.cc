// `rocky ai-test` (services.md §4, cli.md §5; the file is not named cmd_ai_test.cc because
// *_test.cc files are unit tests to the build): data tests written by the language model for
// models, each checked before it may be saved (ai/test_generator.h): it parses, and run once in
// the local test database it returns no rows. --save writes the tests that hold as
// tests/<model>_<name>.sql beside the models folder; the others are reported with the reason.

#include <fmt/format.h>

#include <filesystem>

#include "ai/model_prompt.h"
#include "ai/test_generator.h"
#include "base/log.h"
#include "base/file.h"
#include "cli/ai_setup.h"
#include "cli/command.h"
#include "facade/project_compile.h"
#include "facade/project_models.h"

namespace rocky::cli {

namespace {

namespace fs = std::filesystem;

int RunAiTest(Context& ctx) {
  auto setup = PrepareAi(ctx);
  if (!setup) return ctx.ReportError(setup.error());
  const config::Config& config = *setup->config;
  auto selected = CompileAndSelect(ctx, *setup);
  if (!selected) return ctx.ReportError(selected.error());
  const facade::CompiledProject& compiled = selected->compiled;
  if (compiled.errors > 0)
    return ctx.ReportError(
        Error{ErrorKind::kConfig,
              fmt::format("the models do not compile ({} error(s))", compiled.errors),
              {},
              "'rocky compile' lists them; tests run on the built models"});

  const fs::path models_dir = facade::ModelsDir(config, setup->project);
  const engine::LocalTestProject local{compiled.project.load.models, compiled.project.queries,
                                       compiled.project.dag.dag, models_dir};
  auto database = ai::LocalTestDatabase::Open(local);
  if (!database) return ctx.ReportError(database.error());
  for (const auto& failed : database->failed())
    LogWarn("model {} does not build in the local test database: {}", failed.name,
            failed.error.value_or(""));
  const sql::Dialect& dialect = facade::ModelsDialect(config, setup->project);
  const bool save = ctx.args().Has("save");
  const fs::path tests_dir = models_dir.parent_path() / "tests";

  Json results = Json::Array();
  std::string text;
  for (size_t id : selected->ids) {
    const std::string& model = compiled.project.load.models[id].name;
    auto tests = ai::GenerateTests(
        *setup->provider, compiled, selected->sources.get(), id,
        {.max_tokens = config.ai.max_tokens, .max_context_tokens = config.ai.max_context_tokens});
    if (!tests) return ctx.ReportError(tests.error());
    Json list = Json::Array();
    bool saved = false;
    text += fmt::format("{}{}:\n", text.empty() ? "" : "\n", model);
    for (ai::GeneratedTest& test : *tests) {
      database->Check(test, dialect);
      Json item = Json::Object().Set("name", test.name).Set("description", test.description);
      if (!test.sql.empty()) item.Set("sql", test.sql);
      list.Push(std::move(item));
      if (test.problem) {
        LogWarn("test {} of {} is not kept: {}", test.name, model, *test.problem);
        text += fmt::format("  SKIP {}: {}\n", test.name, *test.problem);
        continue;
      }
      text += fmt::format("  OK   {}: {}\n", test.name, test.description);
      if (!save) continue;
      std::error_code ec;
      fs::create_directories(tests_dir, ec);
      const fs::path file = tests_dir / fmt::format("{}_{}.sql", model, test.name);
      if (auto w = WriteFileAtomic(file.string(), ai::TestFileText(test)); !w)
        return ctx.ReportError(w.error());
      saved = true;
    }
    results.Push(
        Json::Object().Set("model", model).Set("tests", std::move(list)).Set("saved", saved));
  }
  if (ctx.json()) {
    ctx.EmitJson("ai-test", Json::Object().Set("results", std::move(results)));
    return 0;
  }
  text += save ? fmt::format("\nThe tests that hold were saved in {}.", tests_dir.string())
               : "\nNot saved: pass --save to write the tests that hold into tests/.";
  ctx.PrintText(text);
  return 0;
}

}  // namespace

const CommandSpec& AiTestCommand() {
  static const CommandSpec kSpec{
      .name = "ai-test",
      .summary = "Write data tests for models; each is run locally before it is kept",
      .description =
          "Asks the configured language model ([ai] in rocky.toml) for data tests of a model:\n"
          "assertions (not-null, grain uniqueness, ranges, referential integrity) whose SQL\n"
          "returns zero rows when they hold. Each test is parsed with Rocky's SQL parser and run\n"
          "once in the local test database (the models built in an in-memory DuckDB, as 'rocky\n"
          "test' builds them, models named by their bare names). With --save the tests that\n"
          "hold are written as tests/<model>_<name>.sql, the description as a leading comment;\n"
          "those that do not parse, fail to run or return rows are reported and not written.\n\n"
          "Examples:\n"
          "  rocky ai-test customer_orders\n"
          "  rocky ai-test --all --save -o json",
      .positionals = {{"MODEL", "the model to test", false}},
      .flags = AiFlags({{"all", 0, "", "write tests for every model"},
                        {"save", 0, "", "write the tests that hold into tests/"}}),
      .run = &RunAiTest,
  };
  return kSpec;
}

}  // namespace rocky::cli
