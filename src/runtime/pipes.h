#pragma once
// Dagster Pipes (runtime.md §13): when Rocky runs under a Dagster Pipes subprocess client, it
// reports materializations, check results and logs back as one JSON line per message:
//   {"__dagster_pipes_version": "0.1", "method": M, "params": P}
// The bootstrap parameters come from DAGSTER_PIPES_CONTEXT and DAGSTER_PIPES_MESSAGES, each
// base64 of zlib-compressed JSON (plain base64 JSON is accepted too).
//
// Concurrency: a session owns one output stream behind a mutex; every message is written and
// flushed whole under that mutex, so workers may report from several threads.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/json.h"
#include "base/log.h"

namespace rocky::runtime {

inline constexpr std::string_view kPipesContextEnv = "DAGSTER_PIPES_CONTEXT";
inline constexpr std::string_view kPipesMessagesEnv = "DAGSTER_PIPES_MESSAGES";
inline constexpr std::string_view kPipesProtocolVersion = "0.1";

enum class PipesSeverity { kError, kWarn };

/// Decodes one bootstrap value: base64 of zlib-compressed JSON, or base64 of plain JSON.
Result<Json> DecodePipesParam(std::string_view value);

class PipesSession {
 public:
  /// The session described by DAGSTER_PIPES_CONTEXT / DAGSTER_PIPES_MESSAGES, or nullopt when
  /// either is unset. A value that does not decode, or a messages destination other than
  /// {"path": F} or {"stdio": "stderr"}, logs a warning and returns nullopt.
  static std::optional<PipesSession> FromEnvironment();
  /// Same as FromEnvironment, from the two raw (encoded) values.
  static std::optional<PipesSession> FromParams(std::string_view context_value,
                                                std::string_view messages_value);
  /// Appends messages to `path` (created when missing).
  static Result<PipesSession> ToFile(const std::string& path,
                                     std::optional<std::string> partition_key = std::nullopt);
  /// Writes messages to a stream the caller owns and keeps open for the session's lifetime.
  static PipesSession ToStream(std::FILE* out,
                               std::optional<std::string> partition_key = std::nullopt);

  PipesSession(PipesSession&&) noexcept;
  PipesSession& operator=(PipesSession&&) noexcept;
  ~PipesSession();

  /// The context's `partition_key`, when Dagster launched a partitioned run.
  const std::optional<std::string>& partition_key() const;

  // One message each, flushed at once.
  /// `opened {}`.
  void Opened();
  /// `log {message, level}`; the level is DEBUG, INFO, WARN or ERROR (trace goes as DEBUG).
  void Log(LogLevel level, std::string_view message);
  /// `report_asset_materialization {asset_key: "a/b/c", metadata, data_version: null}`; each
  /// metadata value goes as {"raw_value": v, "type": "__infer__"}.
  void ReportMaterialization(const std::vector<std::string>& asset_key, const Json& metadata);
  /// `report_asset_check {asset_key, check_name, passed, severity, metadata}`, metadata wrapped
  /// as for materializations.
  void ReportAssetCheck(const std::vector<std::string>& asset_key, std::string_view check_name,
                        bool passed, PipesSeverity severity, const Json& metadata);
  /// `closed {}`.
  void Closed();
  /// `closed {"exception": {"name": "RockyError", "message", "stack": [], "cause": null,
  /// "context": null}}`.
  void ClosedWithError(std::string_view message);

  // The run's standard messages (runtime.md §13).
  /// `opened`, then the INFO log `rocky run starting (<type> pipeline)`.
  void RunStarting(std::string_view pipeline_type);
  /// WARN log `rocky drift on <table>: <action> (<reason>)`.
  void DriftAction(std::string_view table, std::string_view action, std::string_view reason);
  /// Check `row_count_anomaly`, not passed, severity WARN.
  void RowCountAnomaly(const std::vector<std::string>& asset_key, const Json& metadata);
  /// INFO log `rocky run complete: X succeeded, Y failed in Zms`, then `closed {}`.
  void RunComplete(int64_t succeeded, int64_t failed, int64_t duration_ms);
  /// After a fatal error: ClosedWithError(message).
  void RunFailed(std::string_view message) { ClosedWithError(message); }

 private:
  struct State;
  explicit PipesSession(std::unique_ptr<State> state);
  void Send(std::string_view method, Json params);

  std::unique_ptr<State> state_;
};

}  // namespace rocky::runtime
