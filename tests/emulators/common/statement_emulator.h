#pragma once
// The skeleton of an emulator whose service runs SQL statements on an embedded DuckDB
// (Databricks, Snowflake): its server, statement runner and statement store (statement_table.h),
// the accessors tests in the same process use, and the control endpoints besides the shared ones
// (emulator_server.h), under /_emulator/<service>/:
//   POST   hold    {match: regex on the statement text, polls?: -1, count?: 1}
//   DELETE hold    clears the holds
//   POST   config  {pending_polls?, <page rows>?} for later statements; the page rows are the
//                  size of a result page (Databricks' chunk_rows, Snowflake's partition_rows)
//   POST   sql     {sql}: DuckDB SQL run as is (seed data, count rows) → {columns, rows}
// A service's emulator derives from it, adds its own routes and its state endpoint, and runs the
// statements a submit or a poll claimed in Execute. Its destructor stops the server first: the
// handlers use the derived class's members.

#include <atomic>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"
#include "emulators/common/emulator_server.h"
#include "emulators/common/statement_holds.h"

namespace rocky::emulator {

/// The options every statement emulator has (a service's Options derive from it).
struct StatementEmulatorOptions {
  int port = 0;                       // 0: ephemeral
  int pending_polls = 0;              // polls answering "not yet" before a statement runs
  std::string database = ":memory:";  // the DuckDB file behind the default catalog (database)
  /// Load shaping of the statement API requests, for benchmarks (max_in_flight: statement API
  /// requests at once).
  LoadShape load;
};

class ProgramFlags;
/// Binds --port, --pending-polls, --database, --latency-ms, --max-concurrent-statements and
/// --retry-after to `options`.
void AddStatementEmulatorFlags(ProgramFlags& flags, StatementEmulatorOptions& options);

/// The control endpoints of StatementEmulator; `query` runs DuckDB SQL as is.
void AddStatementControlRoutes(EmulatorServer& server, std::string_view service,
                               StatementHolds& holds, std::atomic<int>& pending_polls,
                               std::string page_rows_name, std::atomic<size_t>& page_rows,
                               std::function<Result<sdk::QueryResult>(std::string_view)> query);

/// `Runner` runs statements (Run, Query, executed, governance); `Store` is the service's
/// StatementTable.
template <typename Runner, typename Store>
class StatementEmulator {
 public:
  using Record = typename Store::Record;

  virtual ~StatementEmulator() = default;
  StatementEmulator(const StatementEmulator&) = delete;
  StatementEmulator& operator=(const StatementEmulator&) = delete;

  /// `http://127.0.0.1:PORT`.
  std::string url() const { return server_.url(); }
  int port() const { return server_.port(); }
  void Stop() { server_.Stop(); }

  // --- For tests in the same process -------------------------------------------------------

  /// Every statement text that was executed (each at most once), in order, failed ones included:
  /// run on DuckDB or, for governance statements, applied to the emulator's state.
  std::vector<std::string> executed() const { return runner_->executed(); }
  /// Keys (ids, handles) of the statements cancelled before they ran, in order.
  std::vector<std::string> cancelled() const { return store_.cancelled(); }
  /// The governance statements applied, in order.
  auto governance() const { return runner_->governance().records(); }
  /// Direct grants on the object `key` of `type`; the tags of an object.
  auto Grants(std::string_view type, std::string_view key) const {
    return runner_->governance().Grants(type, key);
  }
  std::map<std::string, std::string> Tags(std::string_view type, std::string_view key) const {
    return runner_->governance().Tags(type, key);
  }
  /// Runs DuckDB SQL on the emulator's database (to count rows, seed data, …).
  Result<sdk::QueryResult> Query(std::string_view duckdb_sql) { return runner_->Query(duckdb_sql); }
  std::vector<LoggedRequest> requests() const { return server_.log().Snapshot(); }

  /// Queues a fault (fault_queue.h).
  Result<void> AddFault(Fault fault) { return server_.faults().Add(std::move(fault)); }
  /// Keeps the next `count` statements matching `match` waiting for `polls` polls (-1: until
  /// cancelled).
  Result<void> Hold(const std::string& match, int polls = -1, int count = 1) {
    return store_.AddHold(match, polls, count);
  }
  void set_pending_polls(int polls) { pending_polls_ = polls; }

 protected:
  /// `name` appears in error messages ("databricks emulator: …"); `statement_api` matches the
  /// "METHOD /path" of the requests the load shaping limits.
  StatementEmulator(std::string name, std::unique_ptr<Runner> runner,
                    const StatementEmulatorOptions& options, size_t page_rows,
                    std::string statement_api)
      : pending_polls_(options.pending_polls),
        page_rows_(page_rows),
        runner_(std::move(runner)),
        server_(std::move(name)) {
    server_.ShapeLoad(options.load, std::move(statement_api));
  }

  /// Starts serving `emulator` on 127.0.0.1 at the port of its options (0 = ephemeral).
  template <typename Derived>
  static Result<std::unique_ptr<Derived>> Serve(std::unique_ptr<Derived> emulator) {
    if (auto started = emulator->server_.Start(emulator->options().port); !started)
      return std::unexpected(started.error());
    return emulator;
  }

  /// Runs a statement that a submit or a poll claimed, and records its outcome in the store.
  virtual void Execute(const Record& statement) = 0;

  /// A poll of the statement `key`: runs it when this poll claims it. The snapshot after it;
  /// nullopt for an unknown key.
  std::optional<Record> PollAndRun(const std::string& key) {
    bool execute_now = false;
    auto record = store_.Poll(key, execute_now);
    if (record && execute_now) {
      Execute(*record);
      record = store_.Get(key);
    }
    return record;
  }

  /// Registers the control endpoints above for `service`; `page_rows_name` is the config field
  /// of page_rows_.
  void AddStatementControlRoutes(std::string_view service, std::string page_rows_name) {
    emulator::AddStatementControlRoutes(
        server_, service, store_.holds(), pending_polls_, std::move(page_rows_name), page_rows_,
        [this](std::string_view sql) { return runner_->Query(sql); });
  }

  /// What every state endpoint shows: {executed, cancelled, load: {shed, peak_in_flight}}.
  nlohmann::json StateJson() const {
    return {
        {"executed", runner_->executed()},
        {"cancelled", store_.cancelled()},
        {"load", {{"shed", server_.load_shed()}, {"peak_in_flight", server_.peak_in_flight()}}}};
  }

  std::atomic<int> pending_polls_;  // for later statements
  std::atomic<size_t> page_rows_;   // rows per result page, for later statements
  std::unique_ptr<Runner> runner_;
  Store store_;
  EmulatorServer server_;
};

}  // namespace rocky::emulator
