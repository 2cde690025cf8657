// The loader role of DuckDbWarehouseAdapter: a file becomes rows through DuckDB's own readers.

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <system_error>

#include "adapters/duckdb/duckdb_warehouse.h"
#include "base/strings.h"
#include "base/time.h"

namespace rocky::adapters::duckdb {

namespace {

std::string Extension(const std::string& path) {
  return ToLower(std::filesystem::path(path).extension().string());
}

// config.md §4 (load): csv/tsv, parquet/pq, jsonl/ndjson.
std::string FormatFromExtension(const std::string& path) {
  std::string ext = Extension(path);
  if (ext == ".csv" || ext == ".tsv") return "csv";
  if (ext == ".parquet" || ext == ".pq") return "parquet";
  if (ext == ".jsonl" || ext == ".ndjson") return "jsonl";
  return "";
}

// The table function reading `path` in `format`, e.g. `read_csv('f.csv', delim = ',', …)`. A
// `.tsv` file with the default delimiter is read with tabs.
Result<std::string> ReaderCall(const std::string& path, const std::string& format,
                               const sdk::LoadOptions& options) {
  std::string quoted = fmt::format("'{}'", SqlQuote(path));
  if (format == "csv") {
    if (options.csv_delimiter.empty())
      return Fail(ErrorKind::kConfig, "the CSV delimiter must not be empty");
    const bool tsv = options.csv_delimiter == "," && Extension(path) == ".tsv";
    const std::string delimiter = tsv ? std::string(1, '\t') : options.csv_delimiter;
    return fmt::format("read_csv({}, delim = '{}', header = {})", quoted, SqlQuote(delimiter),
                       options.csv_has_header ? "true" : "false");
  }
  if (format == "parquet") return fmt::format("read_parquet({})", quoted);
  if (format == "jsonl") return fmt::format("read_json({}, format = 'newline_delimited')", quoted);
  return Fail(ErrorKind::kConfig, "unsupported load format '{}' (supported: csv, parquet, jsonl)",
              format);
}

}  // namespace

std::vector<std::string> DuckDbWarehouseAdapter::SupportedFormats() const {
  return {"csv", "parquet", "jsonl"};
}

Result<sdk::LoadResult> DuckDbWarehouseAdapter::LoadFile(const std::string& path,
                                                         const sdk::TableRef& target,
                                                         const sdk::LoadOptions& options) {
  auto start = std::chrono::steady_clock::now();
  auto table = dialect_.FormatTableRef(target);
  if (!table) return std::unexpected(table.error());
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Fail(ErrorKind::kNotFound, "cannot load '{}': {}", path, ec.message());
  std::string format = options.format.empty() ? FormatFromExtension(path) : ToLower(options.format);
  if (format.empty())
    return Fail(ErrorKind::kConfig,
                "cannot tell the format of '{}' from its extension (csv, tsv, parquet, pq, jsonl, "
                "ndjson); set the load format",
                path);
  auto reader = ReaderCall(path, format, options);
  if (!reader) return std::unexpected(reader.error());

  std::vector<sdk::Statement> statements;
  if (options.create_table)
    statements.push_back(
        {"load", *table,
         fmt::format("CREATE TABLE IF NOT EXISTS {} AS SELECT * FROM {} LIMIT 0", *table, *reader),
         true});
  if (options.truncate_first)
    statements.push_back({"load", *table, fmt::format("DELETE FROM {}", *table), true});
  statements.push_back({"load", *table,
                        fmt::format("INSERT INTO {} BY NAME SELECT * FROM {}", *table, *reader),
                        false});
  auto results = database_->ExecuteUnit(statements, /*transactional=*/true);
  if (!results)
    return Fail(
        std::move(results.error()).With(fmt::format("while loading {} into {}", path, *table)));

  sdk::LoadResult loaded;
  loaded.rows_loaded = results->back().rows_affected.value_or(0);
  loaded.bytes_read = static_cast<int64_t>(size);
  loaded.duration_ms = MillisSince(start);
  return loaded;
}

}  // namespace rocky::adapters::duckdb
