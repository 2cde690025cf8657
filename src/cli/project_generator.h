#pragma once
// `rocky bench generate N DIR`: a synthetic, runnable DuckDB project of N models for compile
// benchmarks (issue 7). Four layers, each reading only earlier layers:
//
//   sources      30 %  7–15 typed columns cast from a text-only external table raw.<entity>_<n>
//   staging      30 %  one source each: trims, case changes, COALESCE, ROW_NUMBER, filters
//   intermediate 25 %  a CTE joining 2–3 staging models on customer_id, then GROUP BY with
//                      COUNT/SUM/AVG/MIN/MAX
//   marts        15 %  an intermediate joined with a staging model: a CASE tier, a running SUM
//                      window and a RANK
//
// About 11 % of the staging and intermediate models are `.rocky`; strategies are 80 %
// full_refresh, 15 % incremental (on a timestamp column of the output) and 5 % merge (on a key
// of the output). The generator keeps the output columns (name, type) of every model and only
// references columns that exist, so every query is valid against its inputs; data/seed.sql
// creates the raw tables so `rocky test` builds the whole project.
//
// Generation is pure and deterministic: a fixed-seed splitmix64 stream, no clock, no
// environment, so the same N always gives byte-identical files.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "cli/project_templates.h"

namespace rocky::cli {

/// The smallest project: one model per layer.
inline constexpr size_t kMinGeneratedModels = 4;

enum class GeneratedLayer { kSource, kStaging, kIntermediate, kMart };
/// "sources", "staging", "intermediate", "marts" (also the folder under models/).
std::string_view GeneratedLayerName(GeneratedLayer layer);

enum class GeneratedType {
  kBigInt,
  kInteger,
  kDouble,
  kDecimal,      // DECIMAL(12,2)
  kWideDecimal,  // DECIMAL(38,2): SUM of a DECIMAL(12,2)
  kVarchar,
  kDate,
  kTimestamp,
  kBoolean,
};
/// The DuckDB spelling: BIGINT, INTEGER, DOUBLE, DECIMAL(12,2), DECIMAL(38,2), VARCHAR, ….
std::string_view GeneratedTypeSql(GeneratedType type);

struct GeneratedColumn {
  std::string name;
  GeneratedType type = GeneratedType::kVarchar;
};

/// What the generator knows about one model it wrote.
struct GeneratedModel {
  std::string name;
  GeneratedLayer layer = GeneratedLayer::kSource;
  bool rocky = false;        // written as `.rocky` (else `.sql`)
  std::string strategy;      // "full_refresh", "incremental" or "merge"
  std::string strategy_key;  // timestamp_column (incremental) or unique_key (merge); else empty
  /// Models the query reads, in the order written (each once).
  std::vector<std::string> inputs;
  /// Sources only: the external table read, `raw.<table>`.
  std::string raw_table;
  /// The query's output columns, in order.
  std::vector<GeneratedColumn> columns;
};

struct GeneratedProject {
  /// Paths relative to the project folder: rocky.toml, .gitignore, data/seed.sql, one
  /// `_defaults.toml` per layer folder, then each model file followed by its sidecar.
  std::vector<TemplateFile> files;
  /// In generation order: sources, staging, intermediate, marts.
  std::vector<GeneratedModel> models;
  size_t LayerCount(GeneratedLayer layer) const;
  size_t RockyCount() const;
  size_t StrategyCount(std::string_view strategy) const;
};

/// The project of `model_count` models (at least kMinGeneratedModels; smaller counts are
/// raised to it).
GeneratedProject GenerateProject(size_t model_count);

/// Writes `files` under `dir`: each folder is created once and each file written with one
/// write, which keeps 100,000 files in the order of a second. `dir` must not exist or be an
/// empty folder. Returns the number of bytes written.
Result<size_t> WriteGeneratedProject(const std::string& dir,
                                     const std::vector<TemplateFile>& files);

}  // namespace rocky::cli
