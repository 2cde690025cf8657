#include "adapters/duckdb/duckdb_database.h"
#include "adapters/duckdb/duckdb_library.h"

#include <duckdb.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

#include "adapters/duckdb/column_reader.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/time.h"

namespace rocky::adapters::duckdb {

namespace {

enum class TransactionControl { kNone, kBegin, kCommit, kRollback };

// Recognises a lone transaction-control statement; anything longer is kNone.
TransactionControl ClassifyTransactionControl(std::string_view sql) {
  std::string words;
  for (char c : sql) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == ';') {
      if (!words.empty() && words.back() != ' ') words += ' ';
    } else {
      words += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  if (!words.empty() && words.back() == ' ') words.pop_back();
  if (words == "BEGIN" || words == "BEGIN TRANSACTION" || words == "START TRANSACTION")
    return TransactionControl::kBegin;
  if (words == "COMMIT" || words == "COMMIT TRANSACTION" || words == "END" ||
      words == "END TRANSACTION")
    return TransactionControl::kCommit;
  if (words == "ROLLBACK" || words == "ROLLBACK TRANSACTION" || words == "ABORT")
    return TransactionControl::kRollback;
  return TransactionControl::kNone;
}

// One cache per process, never destroyed: databases opened through it may outlive static
// destruction, and the cache only holds weak references to them.
duckdb_instance_cache SharedInstanceCache() {
  static duckdb_instance_cache cache = duckdb_create_instance_cache();
  return cache;
}

std::string TakeDuckDbMessage(char* message) {
  std::string text = message != nullptr ? message : "unknown DuckDB error";
  if (message != nullptr) duckdb_free(message);
  return text;
}

std::string PrepareError(duckdb_prepared_statement prepared) {
  const char* message = duckdb_prepare_error(prepared);
  return message != nullptr ? message : "unknown DuckDB error";
}

std::string ResultError(duckdb_result* result) {
  const char* message = duckdb_result_error(result);
  return message != nullptr ? message : "unknown DuckDB error";
}

const char* TypeName(int type_id) {
  switch (static_cast<duckdb_type>(type_id)) {
    case DUCKDB_TYPE_TIME:
      return "TIME";
    case DUCKDB_TYPE_INTERVAL:
      return "INTERVAL";
    case DUCKDB_TYPE_BLOB:
      return "BLOB";
    case DUCKDB_TYPE_TIMESTAMP_S:
      return "TIMESTAMP_S";
    case DUCKDB_TYPE_TIMESTAMP_MS:
      return "TIMESTAMP_MS";
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return "TIMESTAMP_NS";
    case DUCKDB_TYPE_ENUM:
      return "ENUM";
    case DUCKDB_TYPE_LIST:
      return "LIST";
    case DUCKDB_TYPE_STRUCT:
      return "STRUCT";
    case DUCKDB_TYPE_MAP:
      return "MAP";
    case DUCKDB_TYPE_ARRAY:
      return "ARRAY";
    case DUCKDB_TYPE_UUID:
      return "UUID";
    case DUCKDB_TYPE_UNION:
      return "UNION";
    case DUCKDB_TYPE_BIT:
      return "BIT";
    case DUCKDB_TYPE_TIME_TZ:
      return "TIMETZ";
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return "TIMESTAMPTZ";
    default:
      return "non-scalar";
  }
}

void LogStatement(std::string_view purpose, std::string_view target, std::string_view sql,
                  std::chrono::steady_clock::time_point start, bool ok) {
  if (Log::Enabled(LogLevel::kTrace))
    Log::Write(LogLevel::kTrace, sql, {{"purpose", std::string(purpose)}});
  if (!Log::Enabled(LogLevel::kDebug)) return;
  LogFields fields = {{"purpose", std::string(purpose)},
                      {"duration_ms", std::to_string(MillisSince(start))}};
  if (!target.empty()) fields.emplace_back("target", std::string(target));
  Log::Write(LogLevel::kDebug, ok ? "duckdb statement ok" : "duckdb statement failed", fields);
}

Error StatementError(std::string message, std::string_view purpose, std::string_view target) {
  Error error{ErrorKind::kAdapter, std::move(message), {}};
  if (target.empty())
    error.With(fmt::format("while running {} statement", purpose));
  else
    error.With(fmt::format("while running {} statement on {}", purpose, target));
  return error;
}

// Owns a duckdb handle of type H and destroys it with D.
template <typename H, void (*D)(H*)>
class Owned {
 public:
  Owned() = default;
  ~Owned() { D(&handle_); }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  H* out() { return &handle_; }
  H get() const { return handle_; }

 private:
  H handle_{};
};
using OwnedPrepared = Owned<duckdb_prepared_statement, duckdb_destroy_prepare>;
using OwnedExtracted = Owned<duckdb_extracted_statements, duckdb_destroy_extracted>;
using OwnedResult = Owned<duckdb_result, duckdb_destroy_result>;

std::string WrapWithTextCasts(std::string_view sql, const std::vector<bool>& cast) {
  std::string_view body = Trim(sql);
  while (!body.empty() && body.back() == ';') body = Trim(body.substr(0, body.size() - 1));
  std::vector<std::string> items;
  for (size_t i = 0; i < cast.size(); ++i)
    items.push_back(cast[i] ? fmt::format("CAST(#{} AS VARCHAR)", i + 1)
                            : fmt::format("#{}", i + 1));
  return fmt::format("SELECT {} FROM (\n{}\n) AS _rocky_q", Join(items, ", "), body);
}

}  // namespace

struct PooledConnection {
  duckdb_connection handle = nullptr;
  bool busy = false;  // leased or pinned: CancelAll interrupts it
};

struct DuckDbDatabase::Impl {
  duckdb_database database = nullptr;
  std::string catalog;
  std::optional<std::string> path;
  size_t max_connections = 2;

  mutable std::mutex mu;
  std::condition_variable connection_freed;
  std::vector<std::unique_ptr<PooledConnection>> connections;
  std::vector<PooledConnection*> idle;
  std::unordered_map<std::thread::id, PooledConnection*> pinned;  // open transactions

  ~Impl() {
    for (auto& c : connections) duckdb_disconnect(&c->handle);
    if (database != nullptr) duckdb_close(&database);
  }

  class Lease;
  Result<Lease> Acquire();
  void Release(PooledConnection* connection);
  Result<sdk::ExecResult> Run(duckdb_connection connection, const sdk::Statement& statement);
  Result<sdk::ExecResult> Step(Lease& lease, const sdk::Statement& statement);
  Result<sdk::QueryResult> RunQuery(duckdb_connection connection, std::string_view sql,
                                    std::string_view purpose);
  static void RollbackQuietly(duckdb_connection connection);
};

// A connection borrowed from the pool for one call; returned on destruction unless it is pinned
// to the calling thread by an open transaction.
class DuckDbDatabase::Impl::Lease {
 public:
  Lease(Impl* impl, PooledConnection* connection, bool pinned)
      : impl_(impl), connection_(connection), pinned_(pinned) {}
  Lease(Lease&& other) noexcept
      : impl_(other.impl_),
        connection_(std::exchange(other.connection_, nullptr)),
        pinned_(other.pinned_) {}
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() {
    if (connection_ != nullptr && !pinned_) impl_->Release(connection_);
  }

  duckdb_connection handle() const { return connection_->handle; }
  bool pinned() const { return pinned_; }

  void Pin() {
    if (pinned_) return;
    std::lock_guard lock(impl_->mu);
    impl_->pinned[std::this_thread::get_id()] = connection_;
    pinned_ = true;
  }
  void Unpin() {
    if (!pinned_) return;
    std::lock_guard lock(impl_->mu);
    impl_->pinned.erase(std::this_thread::get_id());
    pinned_ = false;
  }

 private:
  Impl* impl_;
  PooledConnection* connection_;
  bool pinned_;
};

Result<DuckDbDatabase::Impl::Lease> DuckDbDatabase::Impl::Acquire() {
  std::unique_lock lock(mu);
  if (auto it = pinned.find(std::this_thread::get_id()); it != pinned.end())
    return Lease(this, it->second, true);
  while (idle.empty() && connections.size() >= max_connections) connection_freed.wait(lock);
  if (idle.empty()) {
    auto connection = std::make_unique<PooledConnection>();
    if (duckdb_connect(database, &connection->handle) == DuckDBError)
      return Fail(ErrorKind::kAdapter, "cannot open a connection to DuckDB database '{}'", catalog);
    idle.push_back(connection.get());
    connections.push_back(std::move(connection));
  }
  PooledConnection* connection = idle.back();
  idle.pop_back();
  connection->busy = true;
  return Lease(this, connection, false);
}

void DuckDbDatabase::Impl::Release(PooledConnection* connection) {
  {
    std::lock_guard lock(mu);
    connection->busy = false;
    idle.push_back(connection);
  }
  connection_freed.notify_one();
}

void DuckDbDatabase::Impl::RollbackQuietly(duckdb_connection connection) {
  OwnedResult result;
  duckdb_query(connection, "ROLLBACK", result.out());
}

Result<sdk::ExecResult> DuckDbDatabase::Impl::Run(duckdb_connection connection,
                                                  const sdk::Statement& statement) {
  auto start = std::chrono::steady_clock::now();
  OwnedResult result;
  bool ok = duckdb_query(connection, statement.sql.c_str(), result.out()) == DuckDBSuccess;
  LogStatement(statement.purpose, statement.target, statement.sql, start, ok);
  if (!ok)
    return Fail(StatementError(ResultError(result.out()), statement.purpose, statement.target));
  sdk::ExecResult out;
  if (duckdb_result_return_type(*result.out()) == DUCKDB_RESULT_TYPE_CHANGED_ROWS) {
    out.rows_affected = static_cast<int64_t>(duckdb_rows_changed(result.out()));
  } else if (duckdb_column_count(result.out()) == 1 &&
             std::string_view(duckdb_column_name(result.out(), 0)) == "Count" &&
             duckdb_column_type(result.out(), 0) == DUCKDB_TYPE_BIGINT) {
    // CREATE TABLE … AS reports the rows it wrote as a one-row "Count" result.
    duckdb_data_chunk chunk = duckdb_fetch_chunk(*result.out());
    if (chunk != nullptr) {
      if (duckdb_data_chunk_get_size(chunk) == 1) {
        duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, 0);
        out.rows_affected = static_cast<const int64_t*>(duckdb_vector_get_data(vector))[0];
      }
      duckdb_destroy_data_chunk(&chunk);
    }
  }
  return out;
}

// One statement with the calling thread's transaction state kept: a BEGIN pins the connection to
// the thread, a COMMIT or ROLLBACK unpins it. A connection that goes back to the pool never holds
// an open transaction.
Result<sdk::ExecResult> DuckDbDatabase::Impl::Step(Lease& lease, const sdk::Statement& statement) {
  TransactionControl control = ClassifyTransactionControl(statement.sql);
  if (control == TransactionControl::kRollback && !lease.pinned()) {
    LogDebug("duckdb: no open transaction to roll back");
    return sdk::ExecResult{};
  }
  auto result = Run(lease.handle(), statement);
  if (control == TransactionControl::kBegin && result) {
    lease.Pin();
  } else if (control == TransactionControl::kCommit || control == TransactionControl::kRollback) {
    if (!result) RollbackQuietly(lease.handle());
    lease.Unpin();
  } else if (!result && !lease.pinned()) {
    RollbackQuietly(lease.handle());  // a failed multi-statement text may have begun one
  }
  return result;
}

Result<sdk::QueryResult> DuckDbDatabase::Impl::RunQuery(duckdb_connection connection,
                                                        std::string_view sql,
                                                        std::string_view purpose) {
  auto start = std::chrono::steady_clock::now();
  std::string text(sql);
  auto fail = [&](std::string message) {
    LogStatement(purpose, "", text, start, false);
    return Fail(StatementError(std::move(message), purpose, ""));
  };
  OwnedExtracted extracted;
  idx_t count = duckdb_extract_statements(connection, text.c_str(), extracted.out());
  if (count == 0) {
    const char* message = duckdb_extract_statements_error(extracted.get());
    return fail(message != nullptr ? message : "no SQL statement to run");
  }
  // Every statement but the last runs for its effect; the last one is the query.
  for (idx_t i = 0; i + 1 < count; ++i) {
    OwnedPrepared prepared;
    if (duckdb_prepare_extracted_statement(connection, extracted.get(), i, prepared.out()) ==
        DuckDBError)
      return fail(PrepareError(prepared.get()));
    OwnedResult result;
    if (duckdb_execute_prepared(prepared.get(), result.out()) == DuckDBError)
      return fail(ResultError(result.out()));
  }
  OwnedPrepared prepared;
  if (duckdb_prepare_extracted_statement(connection, extracted.get(), count - 1, prepared.out()) ==
      DuckDBError)
    return fail(PrepareError(prepared.get()));

  sdk::QueryResult out;
  // Columns DuckDB cannot hand over natively are cast to VARCHAR by wrapping a single SELECT.
  OwnedPrepared wrapped;
  duckdb_prepared_statement to_run = prepared.get();
  idx_t declared = duckdb_prepared_statement_column_count(prepared.get());
  std::vector<bool> cast(declared, false);
  bool any_cast = false;
  for (idx_t i = 0; i < declared; ++i) {
    int type = duckdb_prepared_statement_column_type(prepared.get(), i);
    cast[i] = type != DUCKDB_TYPE_INVALID && ColumnReader::NeedsTextCast(type);
    any_cast = any_cast || cast[i];
  }
  if (any_cast && count == 1 &&
      duckdb_prepared_statement_type(prepared.get()) == DUCKDB_STATEMENT_TYPE_SELECT &&
      duckdb_prepare(connection, WrapWithTextCasts(text, cast).c_str(), wrapped.out()) ==
          DuckDBSuccess) {
    to_run = wrapped.get();
    for (idx_t i = 0; i < declared; ++i) {
      const char* name = duckdb_prepared_statement_column_name(prepared.get(), i);
      out.columns.emplace_back(name != nullptr ? name : "");
      duckdb_free(const_cast<char*>(name));
    }
  }

  OwnedResult result;
  if (duckdb_execute_prepared(to_run, result.out()) == DuckDBError)
    return fail(ResultError(result.out()));
  idx_t columns = duckdb_column_count(result.out());
  if (out.columns.empty()) {
    for (idx_t i = 0; i < columns; ++i)
      out.columns.emplace_back(duckdb_column_name(result.out(), i));
  }
  std::vector<ColumnReader> readers;
  for (idx_t i = 0; i < columns; ++i) {
    duckdb_logical_type type = duckdb_column_logical_type(result.out(), i);
    auto reader = ColumnReader::For(type);
    int type_id = duckdb_get_type_id(type);
    duckdb_destroy_logical_type(&type);
    if (!reader)
      return fail(
          fmt::format("column '{}' has type {}, which Rocky reads only as text here; "
                      "CAST it to VARCHAR in the query",
                      out.columns[i], TypeName(type_id)));
    readers.push_back(*reader);
  }
  while (duckdb_data_chunk chunk = duckdb_fetch_chunk(*result.out())) {
    size_t size = duckdb_data_chunk_get_size(chunk);
    size_t first = out.rows.size();
    out.rows.resize(first + size, std::vector<sdk::Value>(columns));
    for (idx_t c = 0; c < columns; ++c)
      readers[c].Read(duckdb_data_chunk_get_vector(chunk, c), size, first, c, out.rows);
    duckdb_destroy_data_chunk(&chunk);
  }
  LogStatement(purpose, "", text, start, true);
  return out;
}

DuckDbDatabase::DuckDbDatabase(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DuckDbDatabase::~DuckDbDatabase() = default;

Result<std::shared_ptr<DuckDbDatabase>> DuckDbDatabase::Open(std::optional<std::string> path,
                                                             DuckDbOptions options) {
  if (auto loaded = LoadDuckDbLibrary(); !loaded) return std::unexpected(loaded.error());
  bool in_memory = !path || path->empty() || *path == ":memory:";
  auto impl = std::make_unique<Impl>();
  if (!in_memory) impl->path = *path;
  size_t threads = std::thread::hardware_concurrency();
  impl->max_connections =
      options.max_connections > 0 ? options.max_connections : std::clamp<size_t>(threads, 2, 8);

  char* message = nullptr;
  duckdb_state state = in_memory
                           ? duckdb_open_ext(nullptr, &impl->database, nullptr, &message)
                           : duckdb_get_or_create_from_cache(SharedInstanceCache(), path->c_str(),
                                                             &impl->database, nullptr, &message);
  if (state == DuckDBError) {
    impl->database = nullptr;
    std::string text = TakeDuckDbMessage(message);
    std::string name = in_memory ? ":memory:" : *path;
    bool locked = text.find("Could not set lock") != std::string::npos ||
                  text.find("Conflicting lock") != std::string::npos;
    if (locked)
      return Fail(ErrorKind::kConflict,
                  "cannot open DuckDB database '{}': the file is locked by another process ({})",
                  name, text);
    return Fail(ErrorKind::kAdapter, "cannot open DuckDB database '{}': {}", name, text);
  }

  auto database = std::shared_ptr<DuckDbDatabase>(new DuckDbDatabase(std::move(impl)));
  auto name = database->Query("SELECT current_database()", "open");
  if (!name) return Fail(std::move(name.error()).With("while opening the DuckDB database"));
  if (name->rows.size() != 1 || !std::holds_alternative<std::string>(name->rows[0][0]))
    return Fail(ErrorKind::kAdapter, "DuckDB returned no current database name");
  database->impl_->catalog = std::get<std::string>(name->rows[0][0]);
  return database;
}

const std::string& DuckDbDatabase::catalog_name() const { return impl_->catalog; }
const std::optional<std::string>& DuckDbDatabase::path() const { return impl_->path; }
size_t DuckDbDatabase::max_connections() const { return impl_->max_connections; }

size_t DuckDbDatabase::open_connections() const {
  std::lock_guard lock(impl_->mu);
  return impl_->connections.size();
}

Result<sdk::ExecResult> DuckDbDatabase::Execute(const sdk::Statement& statement) {
  auto lease = impl_->Acquire();
  if (!lease) return Fail(std::move(lease.error()));
  return impl_->Step(*lease, statement);
}

Result<sdk::QueryResult> DuckDbDatabase::Query(std::string_view sql, std::string_view purpose) {
  auto lease = impl_->Acquire();
  if (!lease) return Fail(std::move(lease.error()));
  auto result = impl_->RunQuery(lease->handle(), sql, purpose);
  if (!result && !lease->pinned()) Impl::RollbackQuietly(lease->handle());
  return result;
}

Result<std::vector<sdk::ExecResult>> DuckDbDatabase::ExecuteUnit(
    const std::vector<sdk::Statement>& statements, bool transactional) {
  if (statements.empty()) return std::vector<sdk::ExecResult>{};
  auto lease = impl_->Acquire();
  if (!lease) return Fail(std::move(lease.error()));
  bool spells_own = std::any_of(statements.begin(), statements.end(), [](const auto& s) {
    return ClassifyTransactionControl(s.sql) == TransactionControl::kBegin;
  });
  bool wrap = transactional && !lease->pinned() && !spells_own;
  std::string target = statements.empty() ? "" : statements.front().target;
  if (wrap) {
    auto begun = impl_->Step(*lease, {"transaction", target, "BEGIN TRANSACTION", true});
    if (!begun) return Fail(std::move(begun.error()));
  }
  // A transaction begun inside this call is rolled back on failure; one the caller began before
  // is left for the caller to roll back.
  bool begun_here = wrap;
  std::vector<sdk::ExecResult> results;
  for (const auto& statement : statements) {
    bool was_pinned = lease->pinned();
    auto result = impl_->Step(*lease, statement);
    if (!result) {
      if (begun_here && lease->pinned()) {
        Impl::RollbackQuietly(lease->handle());
        lease->Unpin();
      }
      return Fail(std::move(result.error()));
    }
    if (!was_pinned && lease->pinned()) begun_here = true;
    if (was_pinned && !lease->pinned()) begun_here = false;
    results.push_back(*result);
  }
  if (wrap && lease->pinned()) {
    auto committed = impl_->Step(*lease, {"transaction", target, "COMMIT", true});
    if (!committed) return Fail(std::move(committed.error()));
  }
  return results;
}

void DuckDbDatabase::CancelAll() {
  std::lock_guard lock(impl_->mu);
  for (auto& c : impl_->connections)
    if (c->busy) duckdb_interrupt(c->handle);
}

}  // namespace rocky::adapters::duckdb
