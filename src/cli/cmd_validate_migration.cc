// `rocky validate-migration`: compiles the Rocky side of a dbt migration and lines its models up
// with the dbt project's (cli.md §5). With --run, on DuckDB, it also seeds and builds the Rocky
// project (as `rocky seed` and `rocky run` child processes of this binary) and compares each
// model's rows with a table the user names (EXCEPT ALL both ways).

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "adapters/registry.h"
#include "base/file.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/subprocess.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/dbt_migration.h"
#include "config/config.h"
#include "facade/migration_validation.h"
#include "facade/project_compile.h"
#include "migrate/dbt_import.h"

namespace rocky::cli {

namespace {

namespace fs = std::filesystem;

Result<config::Config> LoadProjectConfig(const std::string& root) {
  const std::string path = (fs::path(root) / "rocky.toml").string();
  if (!FileExists(path)) return config::DefaultConfig(root);
  config::ConfigLoad load = config::LoadConfig(path);
  if (!load.config) {
    std::string message = "invalid configuration " + path;
    for (const auto& issue : load.issues)
      if (issue.severity == "error") message = path + ": " + issue.message;
    return Fail(Error{ErrorKind::kConfig, message, {}});
  }
  return std::move(*load.config);
}

// `rocky <args> -c <root>/rocky.toml -o <output>` in `root`; stdout is read and dropped (the
// children log to stderr as usual: JSON lines only when this command's own output is JSON).
// The exit status, or why it could not run.
Result<int> RunRocky(const std::string& root, std::vector<std::string> args, bool json) {
  std::vector<std::string> argv = {fs::read_symlink("/proc/self/exe").string()};
  for (auto& a : args) argv.push_back(std::move(a));
  for (std::string_view a : {"-c", "rocky.toml", "-o", json ? "json" : "table"})
    argv.emplace_back(a);
  SpawnOptions options{argv, {}, root, false, true, false};
  auto child = Subprocess::Spawn(options);
  if (!child) return Fail(child.error());
  char buffer[4096];
  while (::read((*child)->stdout_fd(), buffer, sizeof buffer) > 0) {
  }
  auto status = (*child)->WaitUntil(Subprocess::Clock::now() + std::chrono::minutes(30));
  if (!status) return Fail(ErrorKind::kInternal, "rocky {} did not finish", args.front());
  return WIFEXITED(*status) ? WEXITSTATUS(*status) : 128;
}

Json ComparisonJson(const facade::TableComparison& c) {
  Json out = Json::Object()
                 .Set("model", c.model)
                 .Set("expected_table", c.expected_table)
                 .Set("rocky_table", c.rocky_table)
                 .Set("equal", c.Equal())
                 .Set("rocky_rows", c.rocky_rows)
                 .Set("expected_rows", c.expected_rows)
                 .Set("missing_rows", c.missing_rows)
                 .Set("extra_rows", c.extra_rows);
  if (!c.samples.empty()) out.Set("samples", Json::ArrayOf(c.samples));
  if (c.error) out.Set("error", *c.error);
  return out;
}

// `--expect model=schema.table`, repeatable.
Result<std::map<std::string, std::string>> Expectations(const Context& ctx) {
  std::map<std::string, std::string> out;
  for (const std::string& e : ctx.args().GetAll("expect")) {
    size_t eq = e.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == e.size())
      return Fail(Error{
          ErrorKind::kUsage, fmt::format("invalid --expect '{}': expected MODEL=TABLE", e), {}});
    out[e.substr(0, eq)] = e.substr(eq + 1);
  }
  return out;
}

Result<std::vector<facade::TableComparison>> RunAndCompare(
    const std::string& root, const config::Config& cfg, const facade::CompiledProject& compiled,
    const std::map<std::string, std::string>& expected, int64_t sample_size, bool json) {
  auto pipeline = config::SelectPipelineFor(cfg, std::nullopt, "validate-migration",
                                            {config::PipelineType::kTransformation});
  if (!pipeline) return Fail(pipeline.error());
  auto adapter = config::ResolveAdapter(cfg, **pipeline, config::AdapterRole::kTarget);
  if (!adapter) return Fail(adapter.error());
  if ((*adapter)->type != "duckdb")
    return Fail(ErrorKind::kUsage, "--run needs a DuckDB project; adapter '{}' is {}",
                (*adapter)->name, (*adapter)->type);
  if (fs::is_directory(fs::path(root) / "seeds")) {
    auto seeded = RunRocky(root, {"seed", "--pipeline", (*pipeline)->name}, json);
    if (!seeded) return Fail(seeded.error());
    if (*seeded != 0)
      LogWarn("rocky seed exited with {}; comparisons of models it feeds fail", *seeded);
  }
  auto built = RunRocky(root, {"run", "--full-refresh", "--pipeline", (*pipeline)->name}, json);
  if (!built) return Fail(built.error());
  if (*built != 0)
    LogWarn("rocky run exited with {}; models that failed are reported as errors", *built);

  adapters::AdapterRegistry registry(cfg);
  auto warehouse = registry.Warehouse(**adapter);
  if (!warehouse) return Fail(warehouse.error());
  std::vector<facade::TableComparison> out;
  for (const auto& [model, table] : expected) {
    auto index = compiled.project.load.Find(model);
    const project::Model* m = index ? &compiled.project.load.models[*index] : nullptr;
    if (!m) {
      facade::TableComparison c{model, table, ""};
      c.error = fmt::format("model '{}' not found in the Rocky project", model);
      out.push_back(std::move(c));
      continue;
    }
    std::string target = (m->target.catalog.empty() ? "" : m->target.catalog + ".") +
                         m->target.schema + "." + m->target.table;
    // A CSV export of dbt's output works as well as a table.
    std::string source = EndsWith(ToLower(table), ".csv")
                             ? "read_csv_auto('" + SqlQuote(fs::absolute(table).string()) + "')"
                             : table;
    facade::TableComparison c =
        facade::CompareTables(**warehouse, model, target, source, sample_size);
    c.expected_table = table;
    out.push_back(std::move(c));
  }
  return out;
}

int RunValidateMigration(Context& ctx) {
  auto options = DbtImportOptionsOf(ctx);
  if (!options) return ctx.ReportError(options.error());
  auto expected = Expectations(ctx);
  if (!expected) return ctx.ReportError(expected.error());
  const bool run = ctx.args().Has("run");
  if (!expected->empty() && !run)
    return ctx.ReportError(Error{ErrorKind::kUsage, "--expect needs --run", {}});
  int64_t sample_size = 5;
  if (auto s = ctx.args().Get("sample-size")) {
    try {
      sample_size = std::stoll(*s);
    } catch (...) {
      sample_size = -1;
    }
    if (sample_size < 0)
      return ctx.ReportError(
          Error{ErrorKind::kUsage, "invalid --sample-size '" + *s + "': expected a count", {}});
  }

  // The dbt side, and the Rocky side: the given project, or a fresh import in a temporary folder.
  migrate::DbtProject dbt;
  std::map<std::string, std::vector<std::string>> import_warnings;
  std::string root;
  std::optional<fs::path> temporary;
  if (auto r = ctx.args().Get("rocky-project")) {
    root = *r;
    auto project = migrate::ReadDbtProject(options->dbt_project);
    if (!project) return ctx.ReportError(project.error());
    dbt = std::move(*project);
    fs::path manifest = fs::path(options->dbt_project) / "target" / "manifest.json";
    if (!options->no_manifest && fs::exists(options->manifest.value_or(manifest.string())))
      if (auto m = migrate::ApplyDbtManifest(dbt, options->manifest.value_or(manifest.string()));
          !m)
        return ctx.ReportError(m.error());
  } else {
    std::string pattern = (fs::temp_directory_path() / "rocky-validate-migration-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      return ctx.ReportError(Error{ErrorKind::kIo, "cannot create a temporary folder", {}});
    temporary = pattern;
    root = pattern;
    options->output = (*temporary / "models").string();
    auto imported = migrate::ImportDbtProject(*options);
    if (!imported) return ctx.ReportError(imported.error());
    dbt = std::move(imported->project);
    for (const auto& w : imported->import.warnings)
      if (w.category != "unsupported_jinja")  // the failure below says it
        import_warnings[w.model].push_back(w.category + ": " + w.message);
    for (const auto& f : imported->import.failures)
      import_warnings[f.name].push_back("not imported: " + f.reason);
  }
  struct Cleanup {
    std::optional<fs::path> dir;
    ~Cleanup() {
      std::error_code ec;
      if (dir) fs::remove_all(*dir, ec);
    }
  } cleanup{temporary};

  auto cfg = LoadProjectConfig(root);
  if (!cfg) return ctx.ReportError(cfg.error());
  facade::CompileOptions compile_options;
  compile_options.use_cache = false;
  compile_options.columns_needed = false;
  facade::CompiledProject compiled = facade::CompileProject(*cfg, {}, compile_options);

  facade::MigrationValidation report = facade::ValidateMigration(dbt, compiled, import_warnings);
  Json validations = Json::Array();
  std::string text;
  for (const facade::ModelValidation& v : report.validations) {
    Json item = Json::Object()
                    .Set("model", v.model)
                    .Set("present_in_dbt", v.present_in_dbt)
                    .Set("present_in_rocky", v.present_in_rocky)
                    .Set("compile_ok", v.compile_ok);
    if (!v.dbt_description.empty()) item.Set("dbt_description", v.dbt_description);
    if (v.rocky_intent) item.Set("rocky_intent", *v.rocky_intent);
    item.Set("test_count", v.test_count)
        .Set("contracts_generated", v.contracts_generated)
        .Set("warnings", Json::ArrayOf(v.warnings));
    validations.Push(std::move(item));
    text +=
        fmt::format("  {} {:<28} dbt:{} rocky:{} tests:{}{}\n", v.compile_ok ? "ok  " : "FAIL",
                    v.model, v.present_in_dbt ? "yes" : "no", v.present_in_rocky ? "yes" : "no",
                    v.test_count, v.warnings.empty() ? "" : "  (" + Join(v.warnings, "; ") + ")");
  }

  std::vector<facade::TableComparison> comparisons;
  if (run) {
    auto compared = RunAndCompare(root, *cfg, compiled, *expected, sample_size, ctx.json());
    if (!compared) return ctx.ReportError(compared.error());
    comparisons = std::move(*compared);
  }
  bool rows_differ = std::any_of(comparisons.begin(), comparisons.end(),
                                 [](const facade::TableComparison& c) { return !c.Equal(); });

  if (ctx.json()) {
    Json out = Json::Object();
    if (!dbt.name.empty()) out.Set("project_name", dbt.name);
    if (!dbt.dbt_version.empty()) out.Set("dbt_version", dbt.dbt_version);
    out.Set("models_imported", report.models_imported)
        .Set("models_failed", report.models_failed)
        .Set("total_tests", report.total_tests)
        .Set("total_contracts", report.total_contracts)
        .Set("total_warnings", report.total_warnings)
        .Set("validations", std::move(validations));
    if (!comparisons.empty()) {
      Json list = Json::Array();
      for (const auto& c : comparisons) list.Push(ComparisonJson(c));
      out.Set("comparisons", std::move(list));
    }
    ctx.EmitJson("validate-migration", std::move(out));
  } else {
    text =
        fmt::format("dbt project {}: {} model(s) in Rocky, {} failing, {} test(s), {} warning(s)\n",
                    dbt.name, report.models_imported, report.models_failed, report.total_tests,
                    report.total_warnings) +
        text;
    for (const auto& c : comparisons) {
      text += c.error
                  ? fmt::format("  rows {} vs {}: error: {}\n", c.model, c.expected_table, *c.error)
                  : fmt::format("  rows {} vs {}: {} ({} vs {} rows, {} missing, {} extra)\n",
                                c.model, c.expected_table, c.Equal() ? "equal" : "DIFFERENT",
                                c.rocky_rows, c.expected_rows, c.missing_rows, c.extra_rows);
      for (const std::string& s : c.samples) text += "      " + s + "\n";
    }
    ctx.PrintText(text);
  }
  return report.models_failed > 0 || rows_differ ? 1 : 0;
}

}  // namespace

const CommandSpec& ValidateMigrationCommand() {
  static const CommandSpec kSpec{
      .name = "validate-migration",
      .summary = "Check a dbt → Rocky migration: every model compiled, tests and docs carried over",
      .description =
          "Lines up the models of the dbt project (--dbt-project) with those of the Rocky project\n"
          "(--rocky-project R; without it, the dbt project is imported into a temporary folder\n"
          "first), compiles the Rocky project, and reports per model whether it exists on both\n"
          "sides, compiles, and how many tests and contracts it has. Exit 1 when a dbt model is\n"
          "missing from Rocky or does not compile.\n\n"
          "--run (DuckDB projects): runs `rocky seed` and `rocky run --full-refresh` on the Rocky\n"
          "project, then compares each model named by --expect MODEL=TABLE with TABLE: a table\n"
          "of the project's DuckDB file (dbt's output copied there), or a .csv export of it.\n"
          "Rows in one and not the other are counted, EXCEPT ALL both ways, columns matched by\n"
          "name; --sample-size N (default 5) shows up to N differing rows each way. Exit 1 when\n"
          "any table differs.\n\n"
          "Examples:\n"
          "  rocky validate-migration --dbt-project ../jaffle_shop\n"
          "  rocky validate-migration --dbt-project ../jaffle_shop --rocky-project . --run \\\n"
          "      --expect customers=dbt_out.customers --expect orders=exports/orders.csv",
      .flags = {{"dbt-project", 0, "D", "the dbt project folder (holds dbt_project.yml)"},
                {"rocky-project", 0, "R", "the Rocky project (default: a fresh import)"},
                {"sample-size", 0, "N", "differing rows shown per comparison (default 5)"},
                {"manifest", 0, "F", "the manifest to use (default D/target/manifest.json)"},
                {"no-manifest", 0, "", "ignore the manifest"},
                {"run", 0, "", "seed and build on DuckDB, then compare with --expect tables"},
                {"expect", 0, "MODEL=TABLE", "the table (or .csv) MODEL's rows must equal", true}},
      .config_optional = true,
      .run = &RunValidateMigration,
  };
  return kSpec;
}

}  // namespace rocky::cli
