#include "state/state_store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "state/run_lock.h"

namespace rocky::state {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

Timestamp At(int64_t seconds_after_base) {
  return *ParseTimestamp("2026-04-07T10:00:00Z") + std::chrono::seconds{seconds_after_base};
}

// Direct SQLite access, to set up and inspect files behind the store's back.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("open " + path);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close(db_); }
  void Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string message = err ? err : "?";
      sqlite3_free(err);
      throw std::runtime_error(sql + ": " + message);
    }
  }
  std::string Text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    }
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0)) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return out;
  }
  int64_t Int(const std::string& sql) { return std::stoll(Text(sql)); }

 private:
  sqlite3* db_ = nullptr;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class StateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/rocky-state-test-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    path_ = dir_ + "/.rocky/state.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  StateStore Open(OpenMode mode = OpenMode::kReadWrite) {
    auto store = StateStore::Open(path_, mode);
    if (!store) throw std::runtime_error("open failed: " + store.error().message);
    return std::move(*store);
  }

  std::string dir_;
  std::string path_;
};

ProgressUnit Unit(int64_t index, std::string key, UnitStatus status = UnitStatus::kSuccess) {
  ProgressUnit unit;
  unit.index = index;
  unit.table_key = key;
  unit.asset_key = {"acme", "raw", key};
  unit.status = status;
  if (status == UnitStatus::kFailed) unit.error = "boom";
  unit.duration_ms = 100 + index;
  unit.completed_at = At(index);
  return unit;
}

RunRecord MakeRun(std::string run_id, int64_t start, std::vector<std::string> units = {}) {
  RunRecord run;
  run.run_id = run_id;
  run.pipeline = "replicate";
  run.started_at = At(start);
  run.finished_at = At(start + 30);
  run.status = RunStatus::kSuccess;
  run.trigger = RunTrigger::kSchedule;
  run.config_hash = std::string(64, 'a');
  for (const auto& name : units) {
    RunUnit unit;
    unit.unit_name = name;
    unit.kind = UnitKind::kModel;
    unit.started_at = At(start + 1);
    unit.finished_at = At(start + 2);
    unit.duration_ms = 1000;
    unit.rows_affected = 42;
    unit.status = UnitStatus::kSuccess;
    unit.sql_hash = "0123456789abcdef";
    run.units.push_back(unit);
  }
  return run;
}

// --- open, versions, files -----------------------------------------------------------------------

TEST_F(StateStoreTest, CreatesFolderFileAndSchemaThenReopens) {
  {
    auto store = Open();
    EXPECT_EQ(store.SchemaVersion(), 2);
    EXPECT_TRUE(store.exists());
    EXPECT_FALSE(store.read_only());
    ASSERT_TRUE(store.SetWatermark({"acme.raw.orders", "2026-04-01T00:00:00Z", At(0)}));
  }
  ASSERT_TRUE(fs::exists(path_));
  RawDb raw(path_);
  EXPECT_EQ(raw.Text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.Text("SELECT value FROM metadata WHERE key = 'schema_version'"), "2");
  for (const char* table :
       {"watermarks", "check_history", "run_history", "run_units", "quality_history",
        "run_progress", "run_progress_units", "partitions", "dag_snapshots"}) {
    EXPECT_EQ(
        raw.Int(std::string("SELECT count(*) FROM sqlite_master WHERE name = '") + table + "'"), 1)
        << table;
  }
  EXPECT_EQ(raw.Text("SELECT updated_at FROM watermarks"), "2026-04-07T10:00:00.000000Z");

  auto again = Open();
  auto watermark = again.GetWatermark("acme.raw.orders");
  ASSERT_TRUE(watermark && *watermark);
  EXPECT_EQ((*watermark)->last_value, "2026-04-01T00:00:00Z");
  EXPECT_EQ((*watermark)->updated_at, At(0));
}

TEST_F(StateStoreTest, RefusesNewerSchemaVersionWithExactMessage) {
  { Open(); }
  RawDb(path_).Exec("UPDATE metadata SET value = '7' WHERE key = 'schema_version'");
  for (auto mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
    auto store = StateStore::Open(path_, mode);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().kind, ErrorKind::kState);
    EXPECT_EQ(store.error().message,
              "state store schema version 7 is newer than this Rocky supports (2)");
  }
  auto check = StateStore::Check(path_);
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().message,
            "state store schema version 7 is newer than this Rocky supports (2)");
  EXPECT_EQ(RawDb(path_).Text("SELECT value FROM metadata WHERE key = 'schema_version'"), "7");
}

TEST_F(StateStoreTest, MigratesOlderVersionKeepingData) {
  fs::create_directories(fs::path(path_).parent_path());
  {
    RawDb raw(path_);
    raw.Exec("CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT)");
    raw.Exec("INSERT INTO metadata VALUES ('schema_version', '0')");
    raw.Exec("CREATE TABLE watermarks (table_key TEXT PRIMARY KEY, last_value TEXT)");
    raw.Exec("INSERT INTO watermarks VALUES ('acme.raw.orders', '17')");
  }
  auto check = StateStore::Check(path_);
  ASSERT_TRUE(check) << check.error().message;
  EXPECT_EQ(check->schema_version, 0);
  EXPECT_TRUE(check->needs_migration);

  auto read_only = StateStore::Open(path_, OpenMode::kReadOnly);
  ASSERT_FALSE(read_only);
  EXPECT_NE(read_only.error().message.find("must be migrated"), std::string::npos);

  auto store = Open();
  EXPECT_EQ(store.SchemaVersion(), 2);
  auto watermarks = store.ListWatermarks();
  ASSERT_TRUE(watermarks) << watermarks.error().message;
  ASSERT_EQ(watermarks->size(), 1u);
  EXPECT_EQ((*watermarks)[0].last_value, "17");
  ASSERT_TRUE(store.SetWatermark({"acme.raw.orders", "18", At(5)}));
  ASSERT_TRUE(store.RecordRun({MakeRun("run-1", 0, {"orders"})}));
  RawDb raw(path_);
  EXPECT_EQ(raw.Text("SELECT value FROM metadata WHERE key = 'schema_version'"), "2");
  EXPECT_EQ(raw.Text("SELECT updated_at FROM watermarks"), "2026-04-07T10:00:05.000000Z");
}

TEST_F(StateStoreTest, MigratesTablesWithoutMetadataRow) {
  fs::create_directories(fs::path(path_).parent_path());
  {
    RawDb raw(path_);
    raw.Exec(
        "CREATE TABLE check_history (table_key TEXT, timestamp TEXT, row_count INTEGER, "
        "PRIMARY KEY (table_key, timestamp))");
    raw.Exec("INSERT INTO check_history VALUES ('t', '2026-04-07T09:00:00.000000Z', 5)");
  }
  auto store = Open();
  auto history = store.RecentCheckHistory("t");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].row_count, 5);
  EXPECT_EQ(RawDb(path_).Text("SELECT value FROM metadata WHERE key = 'schema_version'"), "2");
}

TEST_F(StateStoreTest, RefusesFileThatIsNotSqlite) {
  fs::create_directories(fs::path(path_).parent_path());
  std::string junk;
  for (int i = 0; i < 200; ++i) junk += "this is a plain text file, not a database\n";
  { std::ofstream(path_) << junk; }
  for (auto mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
    auto store = StateStore::Open(path_, mode);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().message,
              path_ + " is not a Rocky state store (file is not a database)");
  }
  EXPECT_FALSE(StateStore::Check(path_));
  EXPECT_EQ(Slurp(path_), junk);
}

TEST_F(StateStoreTest, RefusesSqliteFileOfAnotherApplication) {
  fs::create_directories(fs::path(path_).parent_path());
  RawDb(path_).Exec("CREATE TABLE songs (title TEXT)");
  auto store = StateStore::Open(path_, OpenMode::kReadWrite);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().message, path_ + " is not a Rocky state store (no state tables)");
}

TEST_F(StateStoreTest, ReadOnlyOnMissingFileIsAnEmptyViewAndCreatesNothing) {
  auto store = Open(OpenMode::kReadOnly);
  EXPECT_FALSE(store.exists());
  EXPECT_TRUE(store.read_only());
  auto watermarks = store.ListWatermarks();
  ASSERT_TRUE(watermarks);
  EXPECT_TRUE(watermarks->empty());
  auto runs = store.ListRuns();
  ASSERT_TRUE(runs);
  EXPECT_TRUE(runs->empty());
  auto progress = store.GetRunProgress("run-x");
  ASSERT_FALSE(progress);
  EXPECT_EQ(progress.error().kind, ErrorKind::kNotFound);
  auto write = store.SetWatermark({"t", "1", At(0)});
  ASSERT_FALSE(write);
  EXPECT_NE(write.error().message.find("read-only"), std::string::npos);
  EXPECT_FALSE(fs::exists(fs::path(path_).parent_path()));

  auto check = StateStore::Check(path_);
  ASSERT_TRUE(check);
  EXPECT_FALSE(check->exists);
  EXPECT_TRUE(check->locks.empty());
}

TEST_F(StateStoreTest, ReadOnlyOnExistingFileReadsWithoutWriting) {
  {
    auto store = Open();
    ASSERT_TRUE(store.SetWatermark({"a", "1", At(0)}));
  }
  std::string before = Slurp(path_);
  struct stat st_before = {};
  ::stat(path_.c_str(), &st_before);
  {
    auto store = Open(OpenMode::kReadOnly);
    EXPECT_TRUE(store.exists());
    auto watermarks = store.ListWatermarks();
    ASSERT_TRUE(watermarks);
    ASSERT_EQ(watermarks->size(), 1u);
    auto write = store.SetWatermark({"b", "2", At(0)});
    ASSERT_FALSE(write);
    EXPECT_EQ(write.error().message, "state store " + path_ + " is open read-only");
    ASSERT_FALSE(store.DeleteWatermark("a"));
  }
  struct stat st_after = {};
  ::stat(path_.c_str(), &st_after);
  EXPECT_EQ(Slurp(path_), before);
  EXPECT_EQ(st_after.st_mtim.tv_sec, st_before.st_mtim.tv_sec);
  EXPECT_EQ(st_after.st_mtim.tv_nsec, st_before.st_mtim.tv_nsec);
}

TEST_F(StateStoreTest, ReadOnlySeesWritesOfALiveWriter) {
  auto writer = Open();
  auto reader = Open(OpenMode::kReadOnly);
  ASSERT_TRUE(writer.SetWatermark({"a", "1", At(0)}));
  auto watermarks = reader.ListWatermarks();
  ASSERT_TRUE(watermarks) << watermarks.error().message;
  EXPECT_EQ(watermarks->size(), 1u);
}

// --- tables --------------------------------------------------------------------------------------

TEST_F(StateStoreTest, WatermarksRoundTripSortedAndDelete) {
  auto store = Open();
  ASSERT_TRUE(store.SetWatermark({"b.s.t", "100", At(1)}));
  ASSERT_TRUE(store.SetWatermark({"a.s.t", "2026-04-01T00:00:00Z", At(2)}));
  ASSERT_TRUE(store.SetWatermark({"b.s.t", "200", At(3)}));
  auto list = store.ListWatermarks();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].table_key, "a.s.t");
  EXPECT_EQ((*list)[1].table_key, "b.s.t");
  EXPECT_EQ((*list)[1].last_value, "200");
  EXPECT_EQ((*list)[1].updated_at, At(3));

  auto deleted = store.DeleteWatermark("b.s.t");
  ASSERT_TRUE(deleted);
  EXPECT_TRUE(*deleted);
  deleted = store.DeleteWatermark("b.s.t");
  ASSERT_TRUE(deleted);
  EXPECT_FALSE(*deleted);
  auto missing = store.GetWatermark("b.s.t");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
}

TEST_F(StateStoreTest, CheckHistoryKeepsLastTenAndReadsBeforeARun) {
  auto store = Open();
  std::vector<CheckHistoryEntry> entries;
  for (int i = 0; i < 12; ++i) entries.push_back({"acme.raw.orders", At(i * 60), 100 + i});
  entries.push_back({"acme.raw.users", At(0), 7});
  ASSERT_TRUE(store.AppendCheckHistory(entries));
  ASSERT_TRUE(store.AppendCheckHistory({{"acme.raw.orders", At(12 * 60), 112}}));

  auto all = store.RecentCheckHistory("acme.raw.orders");
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 10u);
  EXPECT_EQ(all->front().row_count, 103);  // oldest kept, first
  EXPECT_EQ(all->back().row_count, 112);
  EXPECT_EQ(RawDb(path_).Int("SELECT count(*) FROM check_history WHERE table_key = "
                             "'acme.raw.orders'"),
            10);

  auto before = store.RecentCheckHistory("acme.raw.orders", At(12 * 60), 3);
  ASSERT_TRUE(before);
  ASSERT_EQ(before->size(), 3u);
  EXPECT_EQ((*before)[0].row_count, 109);
  EXPECT_EQ((*before)[2].row_count, 111);

  auto users = store.RecentCheckHistory("acme.raw.users");
  ASSERT_TRUE(users);
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ((*users)[0].timestamp, At(0));
}

TEST_F(StateStoreTest, SubSecondTimestampsKeepTimeOrder) {
  auto store = Open();
  Timestamp whole = At(0);
  Timestamp later = whole + 250ms;
  ASSERT_TRUE(store.AppendCheckHistory({{"t", later, 2}, {"t", whole, 1}}));
  auto history = store.RecentCheckHistory("t");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].timestamp, whole);
  EXPECT_EQ((*history)[1].timestamp, later);
}

TEST_F(StateStoreTest, RunHistoryRoundTripAndQueries) {
  auto store = Open();
  RunRecord first = MakeRun("run-20260407-100000-000", 0, {"orders", "customers"});
  first.units[1].rows_affected.reset();
  first.units[1].sql_hash.reset();
  first.units[1].status = UnitStatus::kFailed;
  first.units[1].error = "Binder Error: column x";
  first.units[1].bytes_scanned = 2048;
  first.units[1].bytes_written = 1024;
  first.status = RunStatus::kPartialFailure;
  first.trigger = RunTrigger::kCi;
  ASSERT_TRUE(store.RecordRun({first}));
  RunRecord second = MakeRun("run-20260408-100000-000", 86400, {"orders"});
  second.pipeline = "transform";
  second.units[0].sql_hash = "fedcba9876543210";
  ASSERT_TRUE(store.RecordRun({second}));

  auto got = store.GetRun(first.run_id);
  ASSERT_TRUE(got && *got) << (got ? "missing" : got.error().message);
  const RunRecord& run = **got;
  EXPECT_EQ(run.pipeline, "replicate");
  EXPECT_EQ(run.started_at, At(0));
  EXPECT_EQ(run.finished_at, At(30));
  EXPECT_EQ(run.status, RunStatus::kPartialFailure);
  EXPECT_EQ(run.trigger, RunTrigger::kCi);
  EXPECT_EQ(run.config_hash, std::string(64, 'a'));
  ASSERT_EQ(run.units.size(), 2u);
  EXPECT_EQ(run.units[0].unit_name, "orders");
  EXPECT_EQ(run.units[0].rows_affected, 42);
  EXPECT_EQ(run.units[0].kind, UnitKind::kModel);
  EXPECT_EQ(run.units[1].unit_name, "customers");
  EXPECT_EQ(run.units[1].status, UnitStatus::kFailed);
  EXPECT_EQ(run.units[1].error, "Binder Error: column x");
  EXPECT_FALSE(run.units[1].rows_affected.has_value());
  EXPECT_FALSE(run.units[1].sql_hash.has_value());
  EXPECT_EQ(run.units[1].bytes_scanned, 2048);
  EXPECT_EQ(run.units[1].bytes_written, 1024);
  EXPECT_EQ(run.units[1].started_at, At(1));
  EXPECT_EQ(
      RawDb(path_).Text("SELECT status FROM run_history WHERE run_id = '" + first.run_id + "'"),
      "partial_failure");

  auto missing = store.GetRun("run-nope");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());

  auto all = store.ListRuns();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].run_id, second.run_id);  // newest first
  EXPECT_EQ((*all)[1].units.size(), 2u);

  auto since = store.ListRuns({.since = *ParseTimestamp("2026-04-08")});
  ASSERT_TRUE(since);
  ASSERT_EQ(since->size(), 1u);
  EXPECT_EQ((*since)[0].run_id, second.run_id);
  auto limited = store.ListRuns({.limit = 1});
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->size(), 1u);
  auto by_pipeline = store.ListRuns({.pipeline = "replicate"});
  ASSERT_TRUE(by_pipeline);
  ASSERT_EQ(by_pipeline->size(), 1u);
  EXPECT_EQ((*by_pipeline)[0].run_id, first.run_id);

  auto executions = store.ModelHistory("orders");
  ASSERT_TRUE(executions);
  ASSERT_EQ(executions->size(), 2u);
  EXPECT_EQ((*executions)[0].run_id, second.run_id);
  EXPECT_EQ((*executions)[0].sql_hash, "fedcba9876543210");
  EXPECT_EQ((*executions)[0].started_at, At(86401));
  EXPECT_EQ((*executions)[1].sql_hash, "0123456789abcdef");
  EXPECT_EQ((*executions)[1].duration_ms, 1000);
  auto recent = store.ModelHistory("orders", {.since = At(3600)});
  ASSERT_TRUE(recent);
  EXPECT_EQ(recent->size(), 1u);

  // Recording the same run again replaces it and its units.
  first.units.pop_back();
  ASSERT_TRUE(store.RecordRun({first}));
  got = store.GetRun(first.run_id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->units.size(), 1u);
}

TEST_F(StateStoreTest, RunHistoryKeepsLastThousandRunsWithTheirUnitsAndProgress) {
  auto store = Open();
  constexpr int kRuns = 1003;
  for (int i = 0; i < kRuns; ++i) {
    std::string id = "run-" + std::to_string(10000 + i);
    ASSERT_TRUE(store.StartRunProgress({id, "replicate", At(i), 2}));
    ASSERT_TRUE(store.RecordProgressUnit(id, Unit(0, "a")));
    ASSERT_TRUE(store.RecordRun({MakeRun(id, i, {"a", "b"})}));
  }
  // A crashed run's progress (no history row) older than every kept run goes too; a newer one
  // stays resumable.
  ASSERT_TRUE(store.StartRunProgress({"run-crashed-old", "replicate", At(-10), 1}));
  ASSERT_TRUE(store.StartRunProgress({"run-crashed-new", "replicate", At(5000), 1}));
  ASSERT_TRUE(store.RecordRun({MakeRun("run-20000", 6000, {"a"})}));

  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM run_history"), 1000);
  EXPECT_EQ(raw.Text("SELECT min(run_id) FROM run_history"), "run-10004");
  for (const char* table : {"run_units", "run_progress", "run_progress_units"}) {
    EXPECT_EQ(raw.Int(std::string("SELECT count(*) FROM ") + table +
                      " WHERE run_id IN ('run-10000', 'run-10001', 'run-10002', 'run-10003')"),
              0)
        << table;
  }
  EXPECT_EQ(raw.Int("SELECT count(*) FROM run_units WHERE run_id = 'run-10004'"), 2);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM run_progress WHERE run_id = 'run-crashed-old'"), 0);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM run_progress WHERE run_id = 'run-crashed-new'"), 1);
  auto runs = store.ListRuns({.limit = 0});
  ASSERT_TRUE(runs);
  EXPECT_EQ(runs->size(), 1000u);
}

TEST_F(StateStoreTest, RunProgressHeaderUnitsLatestAndNotFound) {
  auto store = Open();
  ASSERT_TRUE(store.StartRunProgress({"run-b", "replicate", At(100), 3},
                                     {Unit(0, "acme.raw.a", UnitStatus::kSkipped)}));
  ASSERT_TRUE(store.RecordProgressUnit("run-b", Unit(1, "acme.raw.b", UnitStatus::kFailed)));
  ASSERT_TRUE(store.RecordProgressUnit("run-b", Unit(2, "acme.raw.c")));
  ASSERT_TRUE(store.RecordProgressUnit("run-b", Unit(1, "acme.raw.b")));  // retried: upsert
  // Written later but started earlier: not the latest.
  ASSERT_TRUE(store.StartRunProgress({"run-a", "replicate", At(50), 1}));
  ASSERT_TRUE(store.StartRunProgress({"run-z", "other", At(500), 1}));

  auto progress = store.GetRunProgress("run-b");
  ASSERT_TRUE(progress) << progress.error().message;
  EXPECT_EQ(progress->header.pipeline, "replicate");
  EXPECT_EQ(progress->header.started_at, At(100));
  EXPECT_EQ(progress->header.total_tables, 3);
  ASSERT_EQ(progress->units.size(), 3u);
  EXPECT_EQ(progress->units[0].status, UnitStatus::kSkipped);
  EXPECT_EQ(progress->units[1].table_key, "acme.raw.b");
  EXPECT_EQ(progress->units[1].status, UnitStatus::kSuccess);
  EXPECT_EQ(progress->units[2].asset_key, (std::vector<std::string>{"acme", "raw", "acme.raw.c"}));
  EXPECT_EQ(progress->units[2].duration_ms, 102);
  EXPECT_EQ(progress->units[2].completed_at, At(2));
  EXPECT_EQ(progress->SucceededKeys(), (std::vector<std::string>{"acme.raw.b", "acme.raw.c"}));
  EXPECT_EQ(RawDb(path_).Text("SELECT asset_key FROM run_progress_units WHERE table_key = "
                              "'acme.raw.c'"),
            R"(["acme","raw","acme.raw.c"])");

  auto latest = store.LatestRunProgress("replicate");
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->header.run_id, "run-b");
  auto none = store.LatestRunProgress("nothing");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());

  // --resume-latest: a newest run with no history (killed) or a failed one is resumable; one
  // that succeeded leaves nothing to resume.
  auto resumable = store.ResumableRunProgress("replicate");
  ASSERT_TRUE(resumable && *resumable);
  EXPECT_EQ((*resumable)->header.run_id, "run-b");
  RunRecord failed = MakeRun("run-b", 0, {"a"});
  failed.pipeline = "replicate";
  failed.status = RunStatus::kPartialFailure;
  ASSERT_TRUE(store.RecordRun({failed}));
  EXPECT_TRUE(store.ResumableRunProgress("replicate")->has_value());
  failed.status = RunStatus::kSuccess;
  ASSERT_TRUE(store.RecordRun({failed}));
  EXPECT_FALSE(store.ResumableRunProgress("replicate")->has_value());

  auto unknown = store.GetRunProgress("run-unknown");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(unknown.error().message, "run 'run-unknown' not found in state");
}

TEST_F(StateStoreTest, TableSuccessWritesProgressAndWatermarkTogether) {
  auto store = Open();
  ASSERT_TRUE(store.StartRunProgress({"run-1", "replicate", At(0), 2}));
  ASSERT_TRUE(store.RecordTableSuccess("run-1", Unit(0, "acme.raw.a"),
                                       Watermark{"acme.raw.a", "2026-04-06T00:00:00Z", At(1)}));
  ASSERT_TRUE(store.RecordTableSuccess("run-1", Unit(1, "acme.raw.b"), std::nullopt));
  auto a = store.GetWatermark("acme.raw.a");
  ASSERT_TRUE(a && *a);
  EXPECT_EQ((*a)->last_value, "2026-04-06T00:00:00Z");
  auto b = store.GetWatermark("acme.raw.b");
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->has_value());
  auto progress = store.GetRunProgress("run-1");
  ASSERT_TRUE(progress);
  EXPECT_EQ(progress->units.size(), 2u);
}

TEST_F(StateStoreTest, WriteThatFailsMidwayLeavesNothing) {
  auto store = Open();
  ASSERT_TRUE(store.StartRunProgress({"run-1", "replicate", At(0), 1}));
  // The progress row goes in first, then the watermark insert fails.
  RawDb(path_).Exec(
      "CREATE TRIGGER no_watermarks BEFORE INSERT ON watermarks "
      "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
  auto result =
      store.RecordTableSuccess("run-1", Unit(0, "acme.raw.a"), Watermark{"acme.raw.a", "5", At(1)});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kState);
  EXPECT_EQ(result.error().message, "disk on fire");
  ASSERT_FALSE(result.error().context.empty());
  EXPECT_NE(result.error().context[0].find("acme.raw.a"), std::string::npos);
  auto progress = store.GetRunProgress("run-1");
  ASSERT_TRUE(progress);
  EXPECT_TRUE(progress->units.empty());

  // The run row goes in first, then the second unit fails.
  RawDb(path_).Exec(
      "CREATE TRIGGER no_second_unit BEFORE INSERT ON run_units WHEN NEW.unit_name = 'b' "
      "BEGIN SELECT RAISE(ABORT, 'no b'); END");
  ASSERT_FALSE(store.RecordRun({MakeRun("run-1", 0, {"a", "b"})}));
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM run_history"), 0);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM run_units"), 0);

  // The store stays usable.
  ASSERT_TRUE(store.RecordRun({MakeRun("run-1", 0, {"a"})}));
}

TEST_F(StateStoreTest, QualityHistoryKeepsLastHundredPerUnit) {
  auto store = Open();
  for (int i = 0; i < 105; ++i) {
    QualitySnapshot snapshot;
    snapshot.model_name = "orders";
    snapshot.run_id = "run-" + std::to_string(1000 + i);
    snapshot.timestamp = At(i);
    snapshot.row_count = i;
    snapshot.null_rates = {{"email", 0.25}, {"amount", 0.0}};
    if (i % 2 == 0) snapshot.freshness_lag_seconds = 60 * i;
    ASSERT_TRUE(store.RecordQuality(snapshot));
  }
  QualitySnapshot other{"customers", "run-1", At(0), 3, {}, std::nullopt};
  ASSERT_TRUE(store.RecordQuality(other));

  auto history = store.QualityHistory("orders");
  ASSERT_TRUE(history) << history.error().message;
  ASSERT_EQ(history->size(), 100u);
  EXPECT_EQ(history->front().run_id, "run-1104");
  EXPECT_EQ(history->front().row_count, 104);
  EXPECT_EQ(history->front().freshness_lag_seconds, 6240);
  EXPECT_EQ(history->back().run_id, "run-1005");
  EXPECT_FALSE(history->back().freshness_lag_seconds.has_value());
  EXPECT_EQ(history->front().null_rates,
            (std::vector<QualitySnapshot::NullRate>{{"email", 0.25}, {"amount", 0.0}}));
  auto latest = store.QualityHistory("orders", 1);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->size(), 1u);
  auto customers = store.QualityHistory("customers");
  ASSERT_TRUE(customers);
  ASSERT_EQ(customers->size(), 1u);
  EXPECT_TRUE(customers->front().null_rates.empty());
  EXPECT_EQ(RawDb(path_).Text("SELECT null_rates FROM quality_history WHERE run_id = "
                              "'run-1104'"),
            R"({"email":0.25,"amount":0.0})");
}

TEST_F(StateStoreTest, PartitionsUpsertPerKeyAndListByModel) {
  auto store = Open();
  PartitionRecord day2{"events",     "2026-04-02", PartitionStatus::kInProgress,
                       std::nullopt, std::nullopt, std::nullopt,
                       "run-1",      std::nullopt};
  PartitionRecord day1 = day2;
  day1.partition_key = "2026-04-01";
  ASSERT_TRUE(store.UpsertPartitions({day2, day1}));
  day2.status = PartitionStatus::kComputed;
  day2.computed_at = At(10);
  day2.row_count = 500;
  day2.duration_ms = 1200;
  day2.checksum = "abc";
  day1.status = PartitionStatus::kFailed;
  ASSERT_TRUE(store.UpsertPartitions({day2}));
  ASSERT_TRUE(store.UpsertPartitions({day1}));
  ASSERT_TRUE(store.UpsertPartitions(
      {{"other", "2026-04-01", PartitionStatus::kComputed, At(1), 1, 1, "run-1", std::nullopt}}));

  auto list = store.ListPartitions("events");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].partition_key, "2026-04-01");
  EXPECT_EQ((*list)[0].status, PartitionStatus::kFailed);
  EXPECT_EQ((*list)[1].status, PartitionStatus::kComputed);
  EXPECT_EQ((*list)[1].computed_at, At(10));
  EXPECT_EQ((*list)[1].row_count, 500);
  EXPECT_EQ((*list)[1].duration_ms, 1200);
  EXPECT_EQ((*list)[1].checksum, "abc");
  auto one = store.GetPartition("events", "2026-04-02");
  ASSERT_TRUE(one && *one);
  EXPECT_EQ((*one)->run_id, "run-1");
  auto none = store.GetPartition("events", "2026-04-03");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(RawDb(path_).Text("SELECT status FROM partitions WHERE partition_key = '2026-04-01' "
                              "AND model_name = 'events'"),
            "failed");
}

TEST_F(StateStoreTest, UnitWriteCarriesPartitionsAndQuality) {
  auto store = Open();
  UnitWrite write;
  write.run_id = "run-1";
  write.progress = Unit(0, "events");
  write.partitions.push_back(
      {"events", "2026-04-01", PartitionStatus::kComputed, At(1), 10, 5, "run-1", std::nullopt});
  write.quality = QualitySnapshot{"events", "run-1", At(1), 10, {{"id", 0.0}}, 30};
  ASSERT_TRUE(store.RecordUnit(write));
  EXPECT_EQ(store.ListPartitions("events")->size(), 1u);
  EXPECT_EQ(store.QualityHistory("events")->size(), 1u);
}

TEST_F(StateStoreTest, DagSnapshotsKeepLastFifty) {
  auto store = Open();
  for (int i = 0; i < 55; ++i) {
    DagSnapshot snapshot;
    snapshot.timestamp = At(i);
    snapshot.graph_hash = "hash-" + std::to_string(i);
    snapshot.snapshot = Json::Object()
                            .Set("models", Json::ArrayOf({"a", "b"}))
                            .Set("edges", Json::Array().Push(Json::ArrayOf({"a", "b"})))
                            .Set("n", i);
    ASSERT_TRUE(store.RecordDagSnapshot(snapshot));
  }
  auto all = store.ListDagSnapshots();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 50u);
  EXPECT_EQ(all->back().graph_hash, "hash-5");
  auto latest = store.LatestDagSnapshot();
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->graph_hash, "hash-54");
  EXPECT_EQ((*latest)->snapshot.Dump(), R"({"models":["a","b"],"edges":[["a","b"]],"n":54})");

  DagSnapshot from_run{At(100), "run-hash", Json::Object().Set("models", Json::Array())};
  ASSERT_TRUE(store.RecordRun({MakeRun("run-1", 100, {"a"}), {}, from_run}));
  latest = store.LatestDagSnapshot();
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->graph_hash, "run-hash");
}

TEST_F(StateStoreTest, SourceSchemasAreReplacedWholeAndReadBackInRelationOrder) {
  {
    auto store = Open();
    ASSERT_TRUE(store.PutSourceSchemas(
        {{"raw.orders", "duckdb", {{"id", "BIGINT", false}, {"amount", "DECIMAL(10,2)", true}}, At(1)},
         {"raw.customers", "duckdb", {{"id", "INTEGER", true}}, At(1)}}));
    // Described again with a column more: the whole row is replaced.
    ASSERT_TRUE(store.PutSourceSchemas(
        {{"raw.customers", "duckdb", {{"id", "INTEGER", false}, {"name", "VARCHAR", true}}, At(2)}}));
  }
  // A read-only open (what `rocky compile` uses) sees the committed rows.
  auto store = StateStore::Open(path_, OpenMode::kReadOnly);
  ASSERT_TRUE(store) << store.error().message;
  auto schemas = store->ListSourceSchemas();
  ASSERT_TRUE(schemas) << schemas.error().message;
  ASSERT_EQ(schemas->size(), 2u);
  EXPECT_EQ((*schemas)[0].relation, "raw.customers");
  EXPECT_EQ((*schemas)[0].described_at, At(2));
  ASSERT_EQ((*schemas)[0].columns.size(), 2u);
  EXPECT_EQ((*schemas)[0].columns[0], (SourceColumn{"id", "INTEGER", false}));
  EXPECT_EQ((*schemas)[1].relation, "raw.orders");
  EXPECT_EQ((*schemas)[1].dialect, "duckdb");
  EXPECT_EQ((*schemas)[1].columns[1], (SourceColumn{"amount", "DECIMAL(10,2)", true}));

  RawDb(path_).Exec("UPDATE source_schemas SET columns = '{\"id\": 1}'");
  auto broken = store->ListSourceSchemas();
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("is not a column list"), std::string::npos)
      << broken.error().message;
}

TEST_F(StateStoreTest, VacuumIntoWritesAConsistentCopy) {
  auto store = Open();
  ASSERT_TRUE(store.SetWatermark({"a", "1", At(0)}));
  ASSERT_TRUE(store.RecordRun({MakeRun("run-1", 0, {"x"})}));
  std::string copy = dir_ + "/upload/state.snapshot.db";
  ASSERT_TRUE(store.VacuumInto(copy));
  auto reopened = StateStore::Open(copy, OpenMode::kReadOnly);
  ASSERT_TRUE(reopened) << reopened.error().message;
  EXPECT_EQ(reopened->ListWatermarks()->size(), 1u);
  EXPECT_EQ(reopened->ListRuns()->size(), 1u);
  EXPECT_EQ(reopened->SchemaVersion(), 2);
  EXPECT_FALSE(store.VacuumInto(copy));  // refuses to overwrite a non-empty file

  auto read_only = Open(OpenMode::kReadOnly);
  ASSERT_TRUE(read_only.VacuumInto(dir_ + "/ro-copy.db"));
}

TEST_F(StateStoreTest, CheckReportsVersionAndLocks) {
  { Open(); }
  auto lock = RunLock::Acquire(fs::path(path_).parent_path().string(), "replicate", "run-1");
  ASSERT_TRUE(lock) << lock.error().message;
  auto check = StateStore::Check(path_);
  ASSERT_TRUE(check) << check.error().message;
  EXPECT_TRUE(check->exists);
  EXPECT_EQ(check->schema_version, 2);
  EXPECT_FALSE(check->needs_migration);
  ASSERT_EQ(check->locks.size(), 1u);
  EXPECT_EQ(check->locks[0].pipeline, "replicate");
  EXPECT_TRUE(check->locks[0].held);
  ASSERT_TRUE(check->locks[0].holder.has_value());
  EXPECT_EQ(check->locks[0].holder->run_id, "run-1");
}

TEST_F(StateStoreTest, SharedBetweenThreads) {
  auto store = Open();
  ASSERT_TRUE(store.StartRunProgress({"run-1", "replicate", At(0), 200}));
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&store, w] {
      for (int i = 0; i < 50; ++i) {
        std::string key = "t" + std::to_string(w * 50 + i);
        auto done = store.RecordTableSuccess("run-1", Unit(w * 50 + i, key),
                                             Watermark{key, std::to_string(i), At(i)});
        if (!done) ADD_FAILURE() << done.error().message;
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(store.GetRunProgress("run-1")->units.size(), 200u);
  EXPECT_EQ(store.ListWatermarks()->size(), 200u);
}

TEST_F(StateStoreTest, ChildKilledMidWriteLeavesOnlyWholeWrites) {
  { Open(); }
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(ready[0]);
    auto store = StateStore::Open(path_, OpenMode::kReadWrite);
    if (!store) ::_exit(2);
    if (!store->StartRunProgress({"run-crash", "replicate", At(0), 0})) ::_exit(3);
    for (int i = 0;; ++i) {
      std::string key = "t" + std::to_string(i);
      if (!store->RecordTableSuccess("run-crash", Unit(i, key), Watermark{key, key, At(i)})) {
        ::_exit(4);
      }
      if (!store->RecordRun({MakeRun("run-" + std::to_string(i), i, {"a", "b", "c", "d", "e"})})) {
        ::_exit(5);
      }
      if (i == 50) (void)!::write(ready[1], "x", 1);
    }
  }
  ::close(ready[1]);
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  ::close(ready[0]);
  std::this_thread::sleep_for(30ms);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);

  auto store = Open();
  RawDb raw(path_);
  EXPECT_EQ(raw.Text("PRAGMA integrity_check"), "ok");
  auto progress = store.GetRunProgress("run-crash");
  ASSERT_TRUE(progress);
  ASSERT_GE(progress->units.size(), 51u);
  auto watermarks = store.ListWatermarks();
  ASSERT_TRUE(watermarks);
  EXPECT_EQ(watermarks->size(), progress->units.size());
  for (const auto& unit : progress->units) {
    auto watermark = store.GetWatermark(unit.table_key);
    ASSERT_TRUE(watermark && *watermark) << unit.table_key;
    EXPECT_EQ((*watermark)->last_value, unit.table_key);
  }
  EXPECT_EQ(raw.Int("SELECT count(*) FROM run_history h WHERE (SELECT count(*) FROM run_units u "
                    "WHERE u.run_id = h.run_id) != 5"),
            0);
  EXPECT_GE(raw.Int("SELECT count(*) FROM run_history"), 51);
}

TEST(StateStoreEnumTest, LowerCaseNamesRoundTrip) {
  EXPECT_EQ(ToString(RunStatus::kPartialFailure), "partial_failure");
  EXPECT_EQ(ToString(RunTrigger::kSchedule), "schedule");
  EXPECT_EQ(ToString(UnitKind::kModel), "model");
  EXPECT_EQ(ToString(UnitStatus::kSkipped), "skipped");
  EXPECT_EQ(ToString(PartitionStatus::kInProgress), "in_progress");
  EXPECT_EQ(ParseRunStatus("failure"), RunStatus::kFailure);
  EXPECT_EQ(ParseRunTrigger("ci"), RunTrigger::kCi);
  EXPECT_EQ(ParseUnitKind("table"), UnitKind::kTable);
  EXPECT_EQ(ParseUnitStatus("failed"), UnitStatus::kFailed);
  EXPECT_EQ(ParsePartitionStatus("computed"), PartitionStatus::kComputed);
  EXPECT_FALSE(ParseRunStatus("SUCCESS").has_value());
}

TEST_F(StateStoreTest, UndecodableStoredValueIsAnError) {
  auto store = Open();
  ASSERT_TRUE(store.RecordRun({MakeRun("run-1", 0, {"a"})}));
  RawDb(path_).Exec("UPDATE run_history SET status = 'exploded'");
  auto runs = store.ListRuns();
  ASSERT_FALSE(runs);
  EXPECT_NE(runs.error().message.find("exploded"), std::string::npos);
}

}  // namespace
}  // namespace rocky::state
