#pragma once
// `rocky test --declarative` (cli.md §4, models.md §7): every `[[tests]]` entry of the models'
// sidecars run against their target tables through a warehouse adapter — in practice the
// pipeline's target, not the in-memory engine.
//
// Status and counting rule: a test whose query ran and passed is "pass"; one whose query ran and
// failed is "fail" — counted in `failed` when its severity is error and in `warned` when it is
// warning; one whose SQL could not be generated or executed (or whose result was no count) is
// "error", counted in `errored` whatever its severity. The run fails on any `failed` or
// `errored` test; warnings alone do not fail it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapter_sdk/warehouse_adapter.h"
#include "base/error.h"
#include "project/model.h"

namespace rocky::engine {

enum class DeclarativeStatus { kPass, kFail, kError };
/// "pass", "fail", "error".
const char* DeclarativeStatusName(DeclarativeStatus status);

struct DeclarativeResult {
  std::string model;
  /// The target ref T the test ran against ("" when the target is not a valid name).
  std::string table;
  project::ModelTestType test_type = project::ModelTestType::kNotNull;
  std::optional<std::string> column;
  DeclarativeStatus status = DeclarativeStatus::kPass;
  project::TestSeverity severity = project::TestSeverity::kError;
  /// Why it failed, or the error; nullopt when it passed.
  std::optional<std::string> detail;
  /// The query run ("" when it could not be generated).
  std::string sql;

  /// An error-severity failure or an error: what fails the run.
  bool failing() const {
    return status == DeclarativeStatus::kError ||
           (status == DeclarativeStatus::kFail && severity == project::TestSeverity::kError);
  }
};

struct DeclarativeReport {
  /// In model order (the loader sorts models by name), then in sidecar order.
  std::vector<DeclarativeResult> results;

  int64_t total() const { return static_cast<int64_t>(results.size()); }
  int64_t passed() const;
  int64_t failed() const;   // status fail, severity error
  int64_t warned() const;   // status fail, severity warning
  int64_t errored() const;  // status error
  bool ok() const { return failed() == 0 && errored() == 0; }
};

struct DeclarativeOptions {
  /// `--model M`: only M's tests.
  std::optional<std::string> model;
};

/// Runs the tests of `models` on `warehouse`, one query each, in order. An ephemeral model has
/// no table: each of its tests is an error. Fails only when `--model` names no model.
Result<DeclarativeReport> RunDeclarativeTests(const std::vector<project::Model>& models,
                                              sdk::WarehouseAdapter& warehouse,
                                              const DeclarativeOptions& options = {});

}  // namespace rocky::engine
