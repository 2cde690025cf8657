#include "state/state_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <set>

#include "base/log.h"
#include "state/state_store_internal.h"

namespace rocky::state {

namespace fs = std::filesystem;
using namespace state_internal;

// --- enums ---------------------------------------------------------------------------------------

namespace {

template <typename E, size_t N>
std::optional<E> ParseEnum(const std::array<std::string_view, N>& names, std::string_view text) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<E>(i);
  }
  return std::nullopt;
}

// Indexed by the enumerator's value.
constexpr std::array<std::string_view, 3> kRunStatusNames = {"success", "partial_failure",
                                                             "failure"};
constexpr std::array<std::string_view, 4> kRunTriggerNames = {"manual", "sensor", "schedule", "ci"};
constexpr std::array<std::string_view, 2> kUnitKindNames = {"table", "model"};
constexpr std::array<std::string_view, 3> kUnitStatusNames = {"success", "failed", "skipped"};
constexpr std::array<std::string_view, 3> kPartitionStatusNames = {"computed", "failed",
                                                                   "in_progress"};

}  // namespace

std::string_view ToString(RunStatus v) { return kRunStatusNames[static_cast<size_t>(v)]; }
std::string_view ToString(RunTrigger v) { return kRunTriggerNames[static_cast<size_t>(v)]; }
std::string_view ToString(UnitKind v) { return kUnitKindNames[static_cast<size_t>(v)]; }
std::string_view ToString(UnitStatus v) { return kUnitStatusNames[static_cast<size_t>(v)]; }
std::string_view ToString(PartitionStatus v) {
  return kPartitionStatusNames[static_cast<size_t>(v)];
}
std::optional<RunStatus> ParseRunStatus(std::string_view text) {
  return ParseEnum<RunStatus>(kRunStatusNames, text);
}
std::optional<RunTrigger> ParseRunTrigger(std::string_view text) {
  return ParseEnum<RunTrigger>(kRunTriggerNames, text);
}
std::optional<UnitKind> ParseUnitKind(std::string_view text) {
  return ParseEnum<UnitKind>(kUnitKindNames, text);
}
std::optional<UnitStatus> ParseUnitStatus(std::string_view text) {
  return ParseEnum<UnitStatus>(kUnitStatusNames, text);
}
std::optional<PartitionStatus> ParsePartitionStatus(std::string_view text) {
  return ParseEnum<PartitionStatus>(kPartitionStatusNames, text);
}

// --- SQLite helpers ------------------------------------------------------------------------------

namespace state_internal {

std::string StoreTime(Timestamp t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<microseconds> hms{t - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                     hms.subseconds().count());
}

Error SqliteError(sqlite3* db) {
  return Error{ErrorKind::kState, db ? sqlite3_errmsg(db) : "out of memory", {}};
}

Result<Statement> Statement::Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return Fail(SqliteError(db));
  }
  return Statement(db, stmt);
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Fail(SqliteError(db_));
}

Result<void> Statement::Run() {
  while (true) {
    auto row = Step();
    if (!row) return Fail(std::move(row.error()));
    if (!*row) return Ok();
  }
}

std::string Statement::Text(int col) const {
  auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (text == nullptr) return {};
  return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::optional<std::string> Statement::OptText(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Text(col);
}

std::optional<int64_t> Statement::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

Timestamp Statement::Time(int col) {
  if (IsNull(col)) return Timestamp{};  // a column added by a migration
  std::string text = Text(col);
  if (auto t = ParseTimestamp(text)) return *t;
  NoteBadValue(col, text);
  return Timestamp{};
}

std::optional<Timestamp> Statement::OptTime(int col) {
  if (IsNull(col)) return std::nullopt;
  return Time(col);
}

Json Statement::JsonValue(int col) {
  if (IsNull(col)) return Json();
  std::string text = Text(col);
  auto parsed = Json::Parse(text);
  if (parsed) return std::move(*parsed);
  NoteBadValue(col, text);
  return Json();
}

void Statement::NoteBadValue(int col, std::string_view text) {
  if (decode_error_) return;
  decode_error_ = Error{ErrorKind::kState,
                        fmt::format("invalid value '{}' in column {}", text.substr(0, 80),
                                    sqlite3_column_name(stmt_, col)),
                        {}};
}

Result<void> Statement::DecodeStatus() const {
  if (decode_error_) return Fail(*decode_error_);
  return Ok();
}

Result<Transaction> Transaction::Begin(sqlite3* db, bool write) {
  const char* sql = write ? "BEGIN IMMEDIATE" : "BEGIN";
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return Fail(SqliteError(db));
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<void> Transaction::Commit() {
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Fail(SqliteError(db_));
  }
  db_ = nullptr;
  return Ok();
}

}  // namespace state_internal

Error StateStore::Impl::Contextualize(Error error, std::string_view what) const {
  if (error.kind == ErrorKind::kState) {
    error.With(fmt::format("while {} (state store {})", what, path));
  }
  return error;
}

// --- schema --------------------------------------------------------------------------------------

namespace {

struct ColumnDef {
  std::string_view name;
  std::string_view type;
  bool key = false;  // part of the primary key, in column order
};

struct TableDef {
  std::string_view name;
  std::vector<ColumnDef> columns;
};

constexpr bool kKey = true;

const std::vector<TableDef>& Tables() {
  static const std::vector<TableDef> tables = {
      {"metadata", {{"key", "TEXT", kKey}, {"value", "TEXT"}}},
      {"watermarks", {{"table_key", "TEXT", kKey}, {"last_value", "TEXT"}, {"updated_at", "TEXT"}}},
      {"check_history",
       {{"table_key", "TEXT", kKey}, {"timestamp", "TEXT", kKey}, {"row_count", "INTEGER"}}},
      {"run_history",
       {{"run_id", "TEXT", kKey},
        {"pipeline", "TEXT"},
        {"started_at", "TEXT"},
        {"finished_at", "TEXT"},
        {"status", "TEXT"},
        {"trigger", "TEXT"},
        {"config_hash", "TEXT"}}},
      {"run_units",
       {{"run_id", "TEXT", kKey},
        {"unit_name", "TEXT", kKey},
        {"kind", "TEXT"},
        {"started_at", "TEXT"},
        {"finished_at", "TEXT"},
        {"duration_ms", "INTEGER"},
        {"rows_affected", "INTEGER"},
        {"status", "TEXT"},
        {"sql_hash", "TEXT"},
        {"bytes_scanned", "INTEGER"},
        {"bytes_written", "INTEGER"},
        {"error", "TEXT"}}},
      {"quality_history",
       {{"model_name", "TEXT", kKey},
        {"run_id", "TEXT", kKey},
        {"timestamp", "TEXT"},
        {"row_count", "INTEGER"},
        {"null_rates", "TEXT"},
        {"freshness_lag_seconds", "INTEGER"}}},
      {"run_progress",
       {{"run_id", "TEXT", kKey},
        {"pipeline", "TEXT"},
        {"started_at", "TEXT"},
        {"total_tables", "INTEGER"}}},
      {"run_progress_units",
       {{"run_id", "TEXT", kKey},
        {"table_key", "TEXT", kKey},
        {"idx", "INTEGER"},
        {"asset_key", "TEXT"},
        {"status", "TEXT"},
        {"error", "TEXT"},
        {"duration_ms", "INTEGER"},
        {"completed_at", "TEXT"}}},
      {"partitions",
       {{"model_name", "TEXT", kKey},
        {"partition_key", "TEXT", kKey},
        {"status", "TEXT"},
        {"computed_at", "TEXT"},
        {"row_count", "INTEGER"},
        {"duration_ms", "INTEGER"},
        {"run_id", "TEXT"},
        {"checksum", "TEXT"}}},
      {"dag_snapshots",
       {{"timestamp", "TEXT", kKey}, {"graph_hash", "TEXT"}, {"snapshot", "TEXT"}}},
      // Version 2.
      {"source_schemas",
       {{"relation", "TEXT", kKey},
        {"dialect", "TEXT"},
        {"columns", "TEXT"},
        {"described_at", "TEXT"}}},
  };
  return tables;
}

constexpr std::array<std::string_view, 4> kIndexes = {
    "CREATE INDEX IF NOT EXISTS run_history_by_start ON run_history (started_at)",
    "CREATE INDEX IF NOT EXISTS run_units_by_name ON run_units (unit_name)",
    "CREATE INDEX IF NOT EXISTS quality_history_by_time ON quality_history (model_name, timestamp)",
    "CREATE INDEX IF NOT EXISTS run_progress_by_pipeline ON run_progress (pipeline, started_at)",
};

std::string CreateTableSql(const TableDef& table) {
  std::string sql = fmt::format("CREATE TABLE {} (", table.name);
  std::string key;
  for (const auto& column : table.columns) {
    sql += fmt::format("\"{}\" {}{}, ", column.name, column.type, column.key ? " NOT NULL" : "");
    if (column.key) key += fmt::format("{}\"{}\"", key.empty() ? "" : ", ", column.name);
  }
  sql += fmt::format("PRIMARY KEY ({}))", key);
  return sql;
}

Error NewerVersionError(int version) {
  return Error{ErrorKind::kState,
               fmt::format("state store schema version {} is newer than this Rocky supports ({})",
                           version, StateStore::kSchemaVersion),
               {}};
}

// What a file holds before Rocky touches it.
struct VersionProbe {
  bool empty = true;  // no tables at all: a new store
  int version = 0;    // 0: tables without a version row
};

Result<VersionProbe> ProbeVersion(sqlite3* db, const std::string& path) {
  auto stmt = Statement::Prepare(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
  std::set<std::string> names;
  Result<bool> row = stmt ? stmt->Step() : Result<bool>(Fail(std::move(stmt.error())));
  while (row && *row) {
    names.insert(stmt->Text(0));
    row = stmt->Step();
  }
  if (!row) {
    int code = sqlite3_errcode(db) & 0xff;
    if (code == SQLITE_NOTADB) {
      return Fail(ErrorKind::kState, "{} is not a Rocky state store (file is not a database)",
                  path);
    }
    if (code == SQLITE_CORRUPT) {
      return Fail(ErrorKind::kState, "state store {} is corrupt: {}", path, row.error().message);
    }
    return Fail(ErrorKind::kState, "cannot read state store {}: {}", path, row.error().message);
  }

  VersionProbe probe;
  if (names.empty()) return probe;
  probe.empty = false;
  bool ours = false;
  for (const auto& table : Tables()) ours = ours || names.contains(std::string(table.name));
  if (!ours)
    return Fail(ErrorKind::kState, "{} is not a Rocky state store (no state tables)", path);
  if (!names.contains("metadata")) return probe;

  auto version = Statement::Prepare(db, "SELECT value FROM metadata WHERE key = 'schema_version'");
  if (!version) return Fail(std::move(version.error()));
  auto found = version->Step();
  if (!found) return Fail(std::move(found.error()));
  if (!*found) return probe;
  std::string text = version->Text(0);
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return Fail(ErrorKind::kState, "state store {} has an invalid schema version '{}'", path, text);
  }
  probe.version = value;
  return probe;
}

Result<std::set<std::string>> ExistingColumns(sqlite3* db, std::string_view table) {
  auto stmt = Statement::Prepare(db, "SELECT name FROM pragma_table_info(?1)");
  if (!stmt) return Fail(std::move(stmt.error()));
  stmt->Bind(table);
  std::set<std::string> columns;
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(std::move(row.error()));
    if (!*row) return columns;
    columns.insert(stmt->Text(0));
  }
}

// Creates the missing tables, adds the missing columns and writes the version, in one
// transaction. Re-reads the version under the write lock: another process may have won the race.
Result<void> CreateOrMigrate(sqlite3* db, const std::string& path) {
  auto tx = Transaction::Begin(db, /*write=*/true);
  if (!tx) return Fail(std::move(tx.error()));
  auto probe = ProbeVersion(db, path);
  if (!probe) return Fail(std::move(probe.error()));
  if (probe->version > StateStore::kSchemaVersion) return Fail(NewerVersionError(probe->version));
  if (probe->version == StateStore::kSchemaVersion) return tx->Commit();

  for (const auto& table : Tables()) {
    auto columns = ExistingColumns(db, table.name);
    if (!columns) return Fail(std::move(columns.error()));
    if (columns->empty()) {
      if (auto done = Exec(db, CreateTableSql(table)); !done) return done;
      continue;
    }
    for (const auto& column : table.columns) {
      if (columns->contains(std::string(column.name))) continue;
      auto sql =
          fmt::format("ALTER TABLE {} ADD COLUMN \"{}\" {}", table.name, column.name, column.type);
      if (auto done = Exec(db, sql); !done) return done;
    }
  }
  for (auto sql : kIndexes) {
    if (auto done = Exec(db, sql); !done) return done;
  }
  auto version = std::to_string(StateStore::kSchemaVersion);
  if (auto done =
          Exec(db, "INSERT OR REPLACE INTO metadata (key, value) VALUES ('schema_version', ?1)",
               version);
      !done) {
    return done;
  }
  if (auto done = tx->Commit(); !done) return done;
  if (!probe->empty) {
    LogInfo("migrated state store {} from schema version {} to {}", path, probe->version,
            StateStore::kSchemaVersion);
  }
  return Ok();
}

Result<sqlite3*> OpenConnection(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Fail(ErrorKind::kState, "cannot open state store {}: {}", path, message);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  return db;
}

// WAL with synchronous=NORMAL never corrupts and never tears a transaction; a power loss may drop
// the last commits, which the runtime tolerates (watermarks are re-read from the targets).
Result<void> EnableWal(sqlite3* db, const std::string& path) {
  {
    auto stmt = Statement::Prepare(db, "PRAGMA journal_mode = WAL");
    if (!stmt) return Fail(std::move(stmt.error()));
    auto row = stmt->Step();
    if (!row) return Fail(std::move(row.error()));
    if (!*row || stmt->Text(0) != "wal")
      LogWarn("state store {} could not switch to WAL mode", path);
  }
  return Exec(db, "PRAGMA synchronous = NORMAL");
}

// Size of the file, or -1 when it does not exist.
int64_t FileSize(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return -1;
  auto size = fs::file_size(path, ec);
  return ec ? -1 : static_cast<int64_t>(size);
}

}  // namespace

// --- open ----------------------------------------------------------------------------------------

Result<StateStore> StateStore::Open(const std::string& path, OpenMode mode) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->read_only = mode == OpenMode::kReadOnly;

  if (impl->read_only) {
    bool empty_view = FileSize(path) <= 0;
    if (!empty_view) {
      auto db = OpenConnection(path, SQLITE_OPEN_READONLY);
      if (!db) return Fail(std::move(db.error()));
      impl->db = *db;
      auto probe = ProbeVersion(impl->db, path);
      if (!probe) return Fail(std::move(probe.error()));
      if (probe->version > kSchemaVersion) return Fail(NewerVersionError(probe->version));
      if (probe->empty) {
        empty_view = true;
        sqlite3_close_v2(impl->db);
        impl->db = nullptr;
      } else if (probe->version < kSchemaVersion) {
        return Fail(ErrorKind::kState,
                    "state store {} has schema version {} and must be migrated; run a command "
                    "that writes state (such as `rocky run`) first",
                    path, probe->version);
      }
    }
    if (empty_view) {
      // A fresh project: an in-memory store with the schema, so every read is simply empty.
      auto db = OpenConnection(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
      if (!db) return Fail(std::move(db.error()));
      impl->db = *db;
      impl->exists = false;
      if (auto done = CreateOrMigrate(impl->db, ":memory:"); !done)
        return Fail(std::move(done.error()));
    }
    impl->schema_version = kSchemaVersion;
    return StateStore(std::move(impl));
  }

  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) return Fail(ErrorKind::kIo, "cannot create folder {}: {}", parent.string(), ec.message());
  auto db = OpenConnection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return Fail(std::move(db.error()));
  impl->db = *db;

  auto probe = ProbeVersion(impl->db, path);
  if (!probe) return Fail(std::move(probe.error()));
  if (probe->version > kSchemaVersion) return Fail(NewerVersionError(probe->version));

  if (auto done = EnableWal(impl->db, path); !done) {
    return Fail(impl->Contextualize(std::move(done.error()), "enabling WAL mode"));
  }
  if (auto done = CreateOrMigrate(impl->db, path); !done) {
    return Fail(impl->Contextualize(std::move(done.error()), "creating the schema"));
  }
  impl->schema_version = kSchemaVersion;
  return StateStore(std::move(impl));
}

Result<StateCheck> StateStore::Check(const std::string& path) {
  StateCheck check;
  check.path = path;
  if (FileSize(path) > 0) {
    check.exists = true;
    auto db = OpenConnection(path, SQLITE_OPEN_READONLY);
    if (!db) return Fail(std::move(db.error()));
    auto probe = ProbeVersion(*db, path);
    sqlite3_close_v2(*db);
    if (!probe) return Fail(std::move(probe.error()));
    if (probe->version > kSchemaVersion) return Fail(NewerVersionError(probe->version));
    check.schema_version = probe->empty ? 0 : probe->version;
    check.needs_migration = !probe->empty && probe->version < kSchemaVersion;
  } else {
    check.exists = FileSize(path) == 0;  // an empty file: a store not created yet
  }
  auto locks = RunLock::List(fs::path(path).parent_path().string());
  if (!locks) return Fail(std::move(locks.error()));
  check.locks = std::move(*locks);
  return check;
}

StateStore::StateStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StateStore::StateStore(StateStore&& other) noexcept = default;
StateStore& StateStore::operator=(StateStore&& other) noexcept = default;
StateStore::~StateStore() = default;

const std::string& StateStore::path() const { return impl_->path; }
bool StateStore::read_only() const { return impl_->read_only; }
bool StateStore::exists() const { return impl_->exists; }
int StateStore::SchemaVersion() const { return impl_->schema_version; }

Result<void> StateStore::VacuumInto(const std::string& target) {
  std::lock_guard lock(impl_->mu);
  std::error_code ec;
  fs::path parent = fs::path(target).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  auto done = Exec(impl_->db, "VACUUM INTO ?1", target);
  if (!done) {
    return Fail(impl_->Contextualize(std::move(done.error()),
                                     fmt::format("writing a snapshot to {}", target)));
  }
  return Ok();
}

void StateStore::StartJournal() {
  std::lock_guard lock(impl_->mu);
  impl_->journaling = true;
}

size_t StateStore::JournalSize() const {
  std::lock_guard lock(impl_->mu);
  return impl_->journal.size();
}

Result<void> StateStore::ReplayJournal(StateStore& other) const {
  std::vector<std::function<Result<void>(StateStore&)>> steps;
  {
    std::lock_guard lock(impl_->mu);
    steps = impl_->journal;
  }
  for (const auto& step : steps) {
    if (auto done = step(other); !done) return done;
  }
  return Ok();
}

void StateStore::ForgetJournal(size_t count) {
  std::lock_guard lock(impl_->mu);
  auto& steps = impl_->journal;
  steps.erase(steps.begin(),
              steps.begin() + static_cast<std::ptrdiff_t>(std::min(count, steps.size())));
}

}  // namespace rocky::state
