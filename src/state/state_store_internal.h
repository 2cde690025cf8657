#pragma once
// Private to the state_store*.cc files: the SQLite handle behind StateStore, a prepared-statement
// wrapper, transactions, and the row writers shared by several logical writes. Never include this
// outside src/core/state_store*.cc (it pulls in sqlite3.h).

#include <sqlite3.h>

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"
#include "base/json.h"
#include "base/time.h"
#include "state/state_store.h"

namespace rocky::state::state_internal {

inline constexpr int kCheckHistoryKeep = 10;
inline constexpr int kQualityHistoryKeep = 100;
inline constexpr int kDagSnapshotKeep = 50;
inline constexpr int kRunHistoryKeep = 1000;

/// Fixed-width RFC 3339 with microseconds: `2026-04-07T10:00:00.000000Z`.
std::string StoreTime(Timestamp t);

/// kState error carrying SQLite's message for the connection's last failure.
Error SqliteError(sqlite3* db);

/// A prepared statement. Parameters bind in order (`?1`, `?2`, ...); column readers record the
/// first undecodable value, reported by DecodeStatus() after the rows are read. NULL reads as the
/// zero value (empty text, 0, the epoch) unless read with an Opt* reader.
class Statement {
 public:
  static Result<Statement> Prepare(sqlite3* db, std::string_view sql);

  Statement(Statement&& other) noexcept
      : db_(other.db_),
        stmt_(std::exchange(other.stmt_, nullptr)),
        decode_error_(std::move(other.decode_error_)) {}
  Statement& operator=(Statement&&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  template <typename... Args>
  Statement& Bind(const Args&... args) {
    int index = 0;
    (BindOne(++index, args), ...);
    return *this;
  }

  /// Rewinds for another execution and clears the bindings.
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  /// True when a row is ready, false when done.
  Result<bool> Step();
  /// Steps to the end (for statements without rows).
  Result<void> Run();

  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const;
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  std::optional<std::string> OptText(int col) const;
  std::optional<int64_t> OptInt(int col) const;
  Timestamp Time(int col);
  std::optional<Timestamp> OptTime(int col);
  Json JsonValue(int col);
  template <typename E>
  E Enum(int col, std::optional<E> (*parse)(std::string_view), E fallback) {
    std::string text = Text(col);
    if (auto value = parse(text)) return *value;
    NoteBadValue(col, text);
    return fallback;
  }
  Result<void> DecodeStatus() const;

 private:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  void BindOne(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void BindOne(int i, const std::string& v) { BindOne(i, std::string_view(v)); }
  void BindOne(int i, const char* v) { BindOne(i, std::string_view(v)); }
  void BindOne(int i, int v) { sqlite3_bind_int64(stmt_, i, v); }
  void BindOne(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void BindOne(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
  void BindOne(int i, Timestamp v) { BindOne(i, StoreTime(v)); }
  void BindOne(int i, std::nullopt_t) { sqlite3_bind_null(stmt_, i); }
  template <typename T>
  void BindOne(int i, const std::optional<T>& v) {
    if (v) {
      BindOne(i, *v);
    } else {
      sqlite3_bind_null(stmt_, i);
    }
  }
  void NoteBadValue(int col, std::string_view text);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::optional<Error> decode_error_;
};

/// Prepares, binds and runs a statement that returns no rows.
template <typename... Args>
Result<void> Exec(sqlite3* db, std::string_view sql, const Args&... args) {
  auto stmt = Statement::Prepare(db, sql);
  if (!stmt) return Fail(std::move(stmt.error()));
  return stmt->Bind(args...).Run();
}

/// BEGIN (IMMEDIATE for writes) … COMMIT; rolls back when destroyed uncommitted.
class Transaction {
 public:
  static Result<Transaction> Begin(sqlite3* db, bool write);
  Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Result<void> Commit();

 private:
  explicit Transaction(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// Row writers used inside a caller's transaction.
Result<void> PutWatermark(sqlite3* db, const Watermark& watermark);
Result<void> PutProgressUnit(sqlite3* db, const std::string& run_id, const ProgressUnit& unit);
Result<void> PutPartition(sqlite3* db, const PartitionRecord& record);
/// Upserts and prunes the unit's quality history.
Result<void> PutQuality(sqlite3* db, const QualitySnapshot& snapshot);
/// Upserts and prunes the DAG snapshots.
Result<void> PutDagSnapshot(sqlite3* db, const DagSnapshot& snapshot);

}  // namespace rocky::state::state_internal

namespace rocky::state {

struct StateStore::Impl {
  sqlite3* db = nullptr;
  std::string path;
  bool read_only = false;
  bool exists = true;
  int schema_version = 0;
  std::mutex mu;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() { sqlite3_close_v2(db); }

  /// Adds `while <what> (state store <path>)` to state errors; other kinds pass unchanged.
  Error Contextualize(Error error, std::string_view what) const;

  /// Runs `fn(db)` inside a read transaction (one consistent snapshot).
  template <typename F>
  auto Read(std::string_view what, F&& fn) -> decltype(fn(std::declval<sqlite3*>())) {
    std::lock_guard lock(mu);
    auto tx = state_internal::Transaction::Begin(db, /*write=*/false);
    if (!tx) return Fail(Contextualize(std::move(tx.error()), what));
    auto result = fn(db);
    if (!result) return Fail(Contextualize(std::move(result.error()), what));
    if (auto done = tx->Commit(); !done) return Fail(Contextualize(std::move(done.error()), what));
    return result;
  }

  /// This run's writes as replayable steps, kept while `journaling` (StateStore::StartJournal).
  bool journaling = false;
  std::vector<std::function<Result<void>(StateStore&)>> journal;

  /// Write, then, when journaling and the write held, keeps `step` (the same write, to replay
  /// onto another copy of the store).
  template <typename F, typename J>
  auto Write(std::string_view what, F&& fn, J&& step) -> decltype(fn(std::declval<sqlite3*>())) {
    auto result = Write(what, std::forward<F>(fn));
    if (result) {
      std::lock_guard lock(mu);
      if (journaling) journal.emplace_back(std::forward<J>(step));
    }
    return result;
  }

  /// Runs `fn(db)` inside one write transaction; nothing of it stays when it fails.
  template <typename F>
  auto Write(std::string_view what, F&& fn) -> decltype(fn(std::declval<sqlite3*>())) {
    std::lock_guard lock(mu);
    if (read_only) return Fail(ErrorKind::kState, "state store {} is open read-only", path);
    auto tx = state_internal::Transaction::Begin(db, /*write=*/true);
    if (!tx) return Fail(Contextualize(std::move(tx.error()), what));
    auto result = fn(db);
    if (!result) return Fail(Contextualize(std::move(result.error()), what));
    if (auto done = tx->Commit(); !done) return Fail(Contextualize(std::move(done.error()), what));
    return result;
  }
};

}  // namespace rocky::state
