#include "engine/local_fixtures.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "base/file.h"
#include "base/log.h"
#include "base/strings.h"
#include "project/csv_seed.h"
#include "sql/parser.h"

namespace rocky::engine {

namespace fs = std::filesystem;

namespace {

int LineOf(std::string_view text, size_t offset) {
  return 1 + static_cast<int>(
                 std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n'));
}

}  // namespace

fs::path ProjectDirOf(const fs::path& models_dir) {
  fs::path project = (models_dir / "..").lexically_normal();
  if (project.empty()) return ".";
  // `a/b/..` normalizes to `a/`: drop the trailing separator.
  if (!project.has_filename() && project != project.root_path()) project = project.parent_path();
  return project;
}

Result<size_t> RunSeedSqlFile(sdk::WarehouseAdapter& warehouse, const fs::path& file) {
  const std::string name = file.string();
  auto text = ReadFile(name);
  if (!text) return std::unexpected(std::move(text.error()).With("while reading " + name));
  auto ranges = sql::SplitStatements(*text, sql::DuckDbDialect());
  for (size_t i = 0; i < ranges.size(); ++i) {
    std::string_view statement =
        std::string_view(*text).substr(ranges[i].begin, ranges[i].end - ranges[i].begin);
    auto done = warehouse.ExecuteStatement({"seed_sql", name, std::string(statement), true});
    if (!done) {
      return std::unexpected(Error{
          ErrorKind::kAdapter,
          fmt::format("{}:{}: statement {} of {} failed: {}", name, LineOf(*text, ranges[i].begin),
                      i + 1, ranges.size(), done.error().message),
          {},
          "fix the statement in " + name + "; rocky test loads this file before building models"});
    }
  }
  LogDebug("ran {} statement(s) of {}", ranges.size(), name);
  return ranges.size();
}

Result<std::vector<std::string>> LoadSeedCsvFolder(sdk::WarehouseAdapter& warehouse,
                                                   const fs::path& dir) {
  std::vector<std::string> tables;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return tables;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && ToLower(entry.path().extension().string()) == ".csv")
      files.push_back(entry.path());
  if (ec) return Fail(ErrorKind::kIo, "cannot list {}: {}", dir.string(), ec.message());
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });

  for (const fs::path& csv : files) {
    const std::string where = "while loading seed " + csv.string();
    project::SeedOptions options;
    fs::path sidecar = csv;
    sidecar.replace_extension(".toml");
    if (fs::is_regular_file(sidecar, ec)) {
      auto read = project::ReadSeedSidecar(sidecar.string());
      if (!read) return std::unexpected(std::move(read.error()).With(where));
      for (const auto& w : read->warnings) LogWarn("{}", w);
      options = std::move(read->options);
    }
    auto seed = project::ReadSeedCsv(csv.string(), options);
    if (!seed) return std::unexpected(std::move(seed.error()).With(where));
    const sdk::TableRef target{"", seed->schema.value_or(std::string(project::kDefaultSeedSchema)),
                               seed->table};
    auto statements = project::SeedStatements(*seed, warehouse.Dialect(), target);
    if (!statements) return std::unexpected(std::move(statements.error()).With(where));
    auto done = warehouse.ExecuteUnit(*statements, /*transactional=*/true);
    if (!done) return std::unexpected(std::move(done.error()).With(where));
    LogDebug("loaded {} row(s) of {} into {}", seed->rows.size(), csv.string(), target.FullName());
    tables.push_back(target.FullName());
  }
  return tables;
}

Result<LocalFixtures> LoadLocalFixtures(sdk::WarehouseAdapter& warehouse,
                                        const fs::path& project_dir) {
  LocalFixtures out;
  const fs::path seed_sql = (project_dir / "data" / "seed.sql").lexically_normal();
  std::error_code ec;
  if (fs::is_regular_file(seed_sql, ec)) {
    auto ran = RunSeedSqlFile(warehouse, seed_sql);
    if (!ran) return std::unexpected(std::move(ran.error()));
    out.seed_sql_statements = *ran;
  }
  auto tables = LoadSeedCsvFolder(warehouse, (project_dir / "seeds").lexically_normal());
  if (!tables) return std::unexpected(std::move(tables.error()));
  out.seed_tables = std::move(*tables);
  return out;
}

}  // namespace rocky::engine
