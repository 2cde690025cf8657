#pragma once
// Type checking of a whole project (models.md §8): the DAG one layer at a time, the models of a
// layer in parallel. Each model is bound (compiler/binder.h) against a catalog made of the
// output shapes of its upstream models (bare model names) and of known external relations;
// diagnostics are mapped to the model's file and tagged with the model. Then contracts
// (models.md §3) are checked against the inferred outputs (E010–E013, W010).

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "compiler/binder.h"
#include "project/dag.h"
#include "project/model.h"
#include "project/model_references.h"
#include "sql/dialect.h"

namespace rocky::project {
class ModelCache;
}

namespace rocky::compiler {

struct TypeCheckInput {
  const std::vector<project::Model>& models;
  const std::vector<project::ModelQuery>& queries;
  const project::ModelDag& dag;
  const sql::Dialect& dialect;
  /// Known external relations (source schemas); nullptr: every external relation is Unknown.
  const Catalog* externals = nullptr;
  /// Worker threads per layer; 0 = hardware concurrency.
  unsigned threads = 0;
  /// Reuses the results of unchanged models whose inputs have unchanged shapes
  /// (core/model_cache.h); `cache_keys` is ModelLoad::cache_keys. Either nullptr: no cache.
  project::ModelCache* cache = nullptr;
  const std::vector<uint64_t>* cache_keys = nullptr;
  /// False: models restored from the cache keep `columns` empty unless a check read them (for
  /// callers that print diagnostics only; saves decoding a large project's columns).
  bool columns_needed = true;
};

struct CompiledModel {
  /// Inferred output columns, in order.
  std::vector<BoundColumn> columns;
  bool partially_unknown = false;
  /// False when the model could not be bound (it does not parse or lower).
  bool bound = false;
};

struct TypeCheckResult {
  std::vector<CompiledModel> models;  // parallel to the input models
  /// Binder and contract diagnostics, in model order, with file spans and model names.
  std::vector<Diagnostic> diagnostics;
  int64_t typecheck_ms = 0;
  int64_t contracts_ms = 0;
  /// Models bound this time (the others came from the cache).
  int64_t models_bound = 0;
  /// With `columns_needed = false`: the encoded columns of models restored from the cache and
  /// not decoded yet (views into the cache, which must outlive this result); empty otherwise.
  std::vector<std::string_view> undecoded;
  /// Decodes model `i`'s columns if they are still undecoded (callers on one thread).
  void DecodeColumns(size_t i);
};

TypeCheckResult TypeCheck(const TypeCheckInput& input);

/// Contract diagnostics of one model against its inferred output (E010 required column missing,
/// E011 type mismatch, E012 nullable where `nullable = false`, E013 protected column missing,
/// W010 contract column absent and not required). Spans point at the contract file; fixes spell
/// types as `dialect` does (ToWarehouseType).
std::vector<Diagnostic> CheckContract(const project::Model& model, const CompiledModel& compiled,
                                      std::string_view dialect = "duckdb");

/// time_interval checks (models.md §6.6): E020 time_column not in the output, E021 not a DATE or
/// TIMESTAMP, E022 nullable, E023 not a valid identifier, E024 neither `@start_date` nor
/// `@end_date` in the query, W003 only one of them, E025 an hour grain on a DATE column, E026
/// first_partition not a key of the grain. Type-dependent checks need a known type.
std::vector<Diagnostic> CheckTimeInterval(const project::Model& model,
                                          const CompiledModel& compiled);

}  // namespace rocky::compiler
