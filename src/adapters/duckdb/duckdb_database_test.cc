#include "adapters/duckdb/duckdb_database.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "adapters/duckdb/duckdb_test_util.h"

namespace rocky::adapters::duckdb {
namespace {

using sdk::Value;
using testing::Must;
using testing::Stmt;
using testing::TempDir;

std::shared_ptr<DuckDbDatabase> Memory(size_t connections = 0) {
  return Must(DuckDbDatabase::Open(std::nullopt, {connections}));
}

int64_t Count(DuckDbDatabase& db, const std::string& table) {
  auto r = Must(db.Query("SELECT COUNT(*) FROM " + table));
  return std::get<int64_t>(r.rows.at(0).at(0));
}

TEST(DuckDbDatabaseTest, InMemoryCatalogIsMemory) {
  auto db = Memory();
  EXPECT_EQ(db->catalog_name(), "memory");
  EXPECT_EQ(db->path(), std::nullopt);
  EXPECT_EQ(db->open_connections(), 1u);  // connections open lazily
  EXPECT_GE(db->max_connections(), 2u);
  EXPECT_EQ(Must(DuckDbDatabase::Open(":memory:"))->catalog_name(), "memory");
  EXPECT_EQ(Must(DuckDbDatabase::Open(""))->catalog_name(), "memory");
}

TEST(DuckDbDatabaseTest, FileCatalogIsTheFileStem) {
  TempDir dir;
  auto db = Must(DuckDbDatabase::Open(dir.File("poc.duckdb")));
  EXPECT_EQ(db->catalog_name(), "poc");
  EXPECT_EQ(db->path(), dir.File("poc.duckdb"));
  Must(db->Execute(Stmt("CREATE TABLE poc.main.t AS SELECT 42 AS x")));
  db.reset();
  // Reopened, the data is still there.
  auto again = Must(DuckDbDatabase::Open(dir.File("poc.duckdb")));
  EXPECT_EQ(Count(*again, "poc.main.t"), 1);
}

TEST(DuckDbDatabaseTest, UnopenablePathsGiveClearErrors) {
  auto missing_dir = DuckDbDatabase::Open("/nonexistent/rocky/dir/x.duckdb");
  ASSERT_FALSE(missing_dir.has_value());
  EXPECT_EQ(missing_dir.error().kind, ErrorKind::kAdapter);
  EXPECT_NE(missing_dir.error().message.find("/nonexistent/rocky/dir/x.duckdb"), std::string::npos)
      << missing_dir.error().message;

  TempDir dir;
  std::string garbage = dir.Write("garbage.duckdb", std::string(4096, 'x'));
  auto not_duckdb = DuckDbDatabase::Open(garbage);
  ASSERT_FALSE(not_duckdb.has_value());
  EXPECT_NE(not_duckdb.error().message.find(garbage), std::string::npos);
  EXPECT_NE(not_duckdb.error().message.find("not a valid DuckDB database"), std::string::npos)
      << not_duckdb.error().message;
}

TEST(DuckDbDatabaseTest, SameFileTwiceInOneProcessSharesTheDatabase) {
  TempDir dir;
  auto a = Must(DuckDbDatabase::Open(dir.File("shared.duckdb")));
  auto b = Must(DuckDbDatabase::Open(dir.File("shared.duckdb")));
  Must(a->Execute(Stmt("CREATE TABLE t AS SELECT 1 AS x")));
  EXPECT_EQ(Count(*b, "t"), 1);
}

// Re-executed in a child process by LockedFileNamesTheFile: holds the database open until its
// stdin closes.
// Disabled in normal runs (it is a helper, not a check); the parent runs it explicitly.
TEST(DuckDbLockHolder, DISABLED_HoldOpen) {
  const char* path = std::getenv("ROCKY_DUCKDB_LOCK_HOLDER");
  if (path == nullptr) GTEST_SKIP() << "helper for LockedFileNamesTheFile";
  auto db = Must(DuckDbDatabase::Open(std::string(path)));
  { std::ofstream(std::string(path) + ".ready") << "ready"; }
  char c;
  while (::read(STDIN_FILENO, &c, 1) > 0) {
  }
}

TEST(DuckDbDatabaseTest, LockedFileNamesTheFile) {
  TempDir dir;
  std::string path = dir.File("locked.duckdb");
  int to_child[2];
  ASSERT_EQ(::pipe(to_child), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(to_child[0], STDIN_FILENO);
    ::close(to_child[1]);
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::setenv("ROCKY_DUCKDB_LOCK_HOLDER", path.c_str(), 1);
    ::execl("/proc/self/exe", "adapters_duckdb_test", "--gtest_filter=DuckDbLockHolder.DISABLED_HoldOpen",
            "--gtest_also_run_disabled_tests",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(to_child[0]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!std::filesystem::exists(path + ".ready") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  bool ready = std::filesystem::exists(path + ".ready");

  auto second = DuckDbDatabase::Open(path);
  ::close(to_child[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);

  ASSERT_TRUE(ready) << "the child process never opened the database";
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().kind, ErrorKind::kConflict);
  EXPECT_NE(second.error().message.find(path), std::string::npos) << second.error().message;
  EXPECT_NE(second.error().message.find("locked by another process"), std::string::npos)
      << second.error().message;
  // Once the other process is gone the file opens.
  EXPECT_TRUE(DuckDbDatabase::Open(path).has_value());
}

TEST(DuckDbDatabaseTest, QueryReturnsTypedValues) {
  auto db = Memory();
  auto r = Must(db->Query(
      "SELECT true AS b, CAST(-7 AS TINYINT) AS ti, CAST(300 AS SMALLINT) AS si, 70000 AS i, "
      "CAST(9000000000 AS BIGINT) AS bi, CAST(200 AS UTINYINT) AS uti, "
      "CAST(4000000000 AS UINTEGER) AS ui, CAST(18446744073709551615 AS UBIGINT) AS ubig, "
      "CAST(12 AS UBIGINT) AS usmall, CAST(5 AS HUGEINT) AS hi, "
      "CAST('170141183460469231731687303715884105727' AS HUGEINT) AS hbig, "
      "CAST(0.1 AS FLOAT) AS f, CAST(2.5 AS DOUBLE) AS d, CAST(12.5 AS DECIMAL(10,2)) AS dec, "
      "CAST(-1.005 AS DECIMAL(38,3)) AS dec_wide, 'héllo' AS s, DATE '2024-02-29' AS dt, "
      "TIMESTAMP '2024-01-02 03:04:05.25' AS ts, TIMESTAMP '2024-01-02 03:04:05' AS ts0"));
  std::vector<std::string> names = {"b",        "ti",     "si", "i",    "bi", "uti", "ui",
                                    "ubig",     "usmall", "hi", "hbig", "f",  "d",   "dec",
                                    "dec_wide", "s",      "dt", "ts",   "ts0"};
  EXPECT_EQ(r.columns, names);
  ASSERT_EQ(r.rows.size(), 1u);
  const auto& row = r.rows[0];
  EXPECT_EQ(row[0], Value(true));
  EXPECT_EQ(row[1], Value(int64_t{-7}));
  EXPECT_EQ(row[2], Value(int64_t{300}));
  EXPECT_EQ(row[3], Value(int64_t{70000}));
  EXPECT_EQ(row[4], Value(int64_t{9000000000}));
  EXPECT_EQ(row[5], Value(int64_t{200}));
  EXPECT_EQ(row[6], Value(int64_t{4000000000}));
  EXPECT_EQ(row[7], Value(std::string("18446744073709551615")));
  EXPECT_EQ(row[8], Value(int64_t{12}));
  EXPECT_EQ(row[9], Value(int64_t{5}));
  EXPECT_EQ(row[10], Value(std::string("170141183460469231731687303715884105727")));
  EXPECT_EQ(row[11], Value(0.1));
  EXPECT_EQ(row[12], Value(2.5));
  EXPECT_EQ(row[13], Value(std::string("12.50")));
  EXPECT_EQ(row[14], Value(std::string("-1.005")));
  EXPECT_EQ(row[15], Value(std::string("héllo")));
  EXPECT_EQ(row[16], Value(std::string("2024-02-29")));
  EXPECT_EQ(row[17], Value(std::string("2024-01-02 03:04:05.25")));
  EXPECT_EQ(row[18], Value(std::string("2024-01-02 03:04:05")));
}

TEST(DuckDbDatabaseTest, NullsOfEveryTypeAreMonostate) {
  auto db = Memory();
  auto r = Must(db->Query(
      "SELECT NULL AS n, CAST(NULL AS BOOLEAN), CAST(NULL AS INTEGER), CAST(NULL AS BIGINT), "
      "CAST(NULL AS HUGEINT), CAST(NULL AS DOUBLE), CAST(NULL AS DECIMAL(10,2)), "
      "CAST(NULL AS VARCHAR), CAST(NULL AS DATE), CAST(NULL AS TIMESTAMP), "
      "CAST(NULL AS INTEGER[]), CAST(NULL AS INTERVAL)"));
  ASSERT_EQ(r.rows.size(), 1u);
  for (size_t i = 0; i < r.rows[0].size(); ++i) EXPECT_TRUE(sdk::IsNull(r.rows[0][i])) << i;
}

TEST(DuckDbDatabaseTest, NullsMixWithValuesAcrossChunks) {
  auto db = Memory();
  // 5000 rows span several 2048-row chunks; every third value is NULL.
  auto r = Must(db->Query(
      "SELECT i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'v' || i END AS s FROM range(5000) t(i) "
      "ORDER BY i"));
  ASSERT_EQ(r.rows.size(), 5000u);
  for (int64_t i : {0, 1, 2047, 2048, 2049, 4095, 4096, 4999}) {
    EXPECT_EQ(r.rows[i][0], Value(i));
    if (i % 3 == 0)
      EXPECT_TRUE(sdk::IsNull(r.rows[i][1])) << i;
    else
      EXPECT_EQ(r.rows[i][1], Value("v" + std::to_string(i)));
  }
}

TEST(DuckDbDatabaseTest, OtherTypesArriveAsTheirVarcharCast) {
  auto db = Memory();
  auto r = Must(db->Query(
      "SELECT [1, 2, 3] AS l, {'a': 1, 'b': 'x'} AS st, INTERVAL 3 DAY AS iv, "
      "TIME '10:00:00.5' AS tm, CAST('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AS UUID) AS u, "
      "CAST('\\xAB'::BLOB AS BLOB) AS bl, TIMESTAMP_NS '2024-01-02 03:04:05.123456789' AS ns, "
      "42 AS plain;"));
  EXPECT_EQ(r.columns, (std::vector<std::string>{"l", "st", "iv", "tm", "u", "bl", "ns", "plain"}));
  ASSERT_EQ(r.rows.size(), 1u);
  const auto& row = r.rows[0];
  EXPECT_EQ(row[0], Value(std::string("[1, 2, 3]")));
  EXPECT_EQ(row[1], Value(std::string("{'a': 1, 'b': x}")));
  EXPECT_EQ(row[2], Value(std::string("3 days")));
  EXPECT_EQ(row[3], Value(std::string("10:00:00.5")));
  EXPECT_EQ(row[4], Value(std::string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")));
  EXPECT_EQ(row[5], Value(std::string("\\xAB")));
  EXPECT_EQ(row[6], Value(std::string("2024-01-02 03:04:05.123456789")));
  EXPECT_EQ(row[7], Value(int64_t{42}));
}

TEST(DuckDbDatabaseTest, OtherTypesOutsideASingleSelectAskForACast) {
  auto db = Memory();
  auto r = db->Query("CREATE TABLE x AS SELECT 1 AS a; SELECT [1, 2] AS l");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("CAST it to VARCHAR"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("LIST"), std::string::npos);
}

TEST(DuckDbDatabaseTest, NativeDatesAndTimestampsMatchDuckDbText) {
  auto db = Memory();
  // Days from far BC to far future, and timestamps with every kind of fraction.
  auto r =
      Must(db->Query("SELECT d, CAST(d AS VARCHAR), ts, CAST(ts AS VARCHAR) FROM ("
                     "  SELECT DATE '1970-01-01' + CAST(i * 7919 - 2000000 AS INTEGER) AS d,"
                     "         CAST(TIMESTAMP '1970-01-01' + to_microseconds(i * 797000123457123 - "
                     "200000000000000000)"
                     "              AS TIMESTAMP) AS ts"
                     "  FROM range(500) t(i)"
                     "  UNION ALL SELECT 'infinity'::DATE, 'infinity'::TIMESTAMP"
                     "  UNION ALL SELECT '-infinity'::DATE, '-infinity'::TIMESTAMP)"));
  ASSERT_EQ(r.rows.size(), 502u);
  for (const auto& row : r.rows) {
    EXPECT_EQ(row[0], row[1]);
    EXPECT_EQ(row[2], row[3]);
  }
}

TEST(DuckDbDatabaseTest, RowsAffectedForDml) {
  auto db = Memory();
  EXPECT_EQ(Must(db->Execute(Stmt("CREATE TABLE t (id INTEGER, v VARCHAR)"))).rows_affected,
            std::nullopt);
  EXPECT_EQ(
      Must(db->Execute(Stmt("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')"))).rows_affected,
      3);
  EXPECT_EQ(Must(db->Execute(Stmt("UPDATE t SET v = 'z' WHERE id >= 2"))).rows_affected, 2);
  EXPECT_EQ(Must(db->Execute(Stmt("UPDATE t SET v = 'z' WHERE id > 99"))).rows_affected, 0);
  EXPECT_EQ(
      Must(db->Execute(Stmt(
               "MERGE INTO t USING (SELECT 3 AS id, 'm' AS v UNION ALL SELECT 4, 'n') AS s "
               "ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *")))
          .rows_affected,
      2);
  EXPECT_EQ(Must(db->Execute(Stmt("DELETE FROM t WHERE id = 1"))).rows_affected, 1);
  EXPECT_EQ(Count(*db, "t"), 3);
}

TEST(DuckDbDatabaseTest, FailuresCarryDuckDbTextAndContext) {
  auto db = Memory();
  auto r = db->Execute({"full_refresh_copy", "poc.raw.orders", "SELECT * FROM nope", true});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kAdapter);
  EXPECT_NE(r.error().message.find("Table with name nope does not exist"), std::string::npos);
  ASSERT_EQ(r.error().context.size(), 1u);
  EXPECT_EQ(r.error().context[0], "while running full_refresh_copy statement on poc.raw.orders");

  auto q = db->Query("SELEC 1");
  ASSERT_FALSE(q.has_value());
  EXPECT_NE(q.error().message.find("syntax error"), std::string::npos) << q.error().message;
  EXPECT_FALSE(db->Query("").has_value());
  EXPECT_FALSE(db->Query("   ").has_value());
}

TEST(DuckDbDatabaseTest, MultiStatementTextReturnsTheLastResult) {
  auto db = Memory();
  auto r =
      Must(db->Query("CREATE TABLE t AS SELECT 5 AS x; INSERT INTO t VALUES (6); "
                     "SELECT SUM(x) AS total FROM t"));
  EXPECT_EQ(r.columns, std::vector<std::string>{"total"});
  EXPECT_EQ(r.rows.at(0).at(0), Value(int64_t{11}));  // a HUGEINT sum within int64 range
}

TEST(DuckDbDatabaseTest, TransactionalUnitRollsBackOnFailure) {
  auto db = Memory(2);
  Must(db->Execute(Stmt("CREATE TABLE t (id INTEGER)")));
  auto r = db->ExecuteUnit({Stmt("INSERT INTO t VALUES (1)"), Stmt("INSERT INTO t VALUES (2)"),
                            Stmt("INSERT INTO missing VALUES (3)")},
                           /*transactional=*/true);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("missing"), std::string::npos);
  EXPECT_EQ(Count(*db, "t"), 0);
  // No connection went back to the pool inside a transaction: every later write commits.
  for (int i = 0; i < 4; ++i) Must(db->Execute(Stmt("INSERT INTO t VALUES (9)")));
  EXPECT_EQ(Count(*db, "t"), 4);
}

TEST(DuckDbDatabaseTest, TransactionalUnitCommitsAndReportsEachStatement) {
  auto db = Memory();
  Must(db->Execute(Stmt("CREATE TABLE t (id INTEGER)")));
  auto results = Must(db->ExecuteUnit(
      {Stmt("INSERT INTO t VALUES (1), (2)"), Stmt("DELETE FROM t WHERE id = 1")}, true));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].rows_affected, 2);
  EXPECT_EQ(results[1].rows_affected, 1);
  EXPECT_EQ(Count(*db, "t"), 1);
}

TEST(DuckDbDatabaseTest, NonTransactionalUnitStopsAtTheFirstFailure) {
  auto db = Memory();
  Must(db->Execute(Stmt("CREATE TABLE t (id INTEGER)")));
  auto r = db->ExecuteUnit({Stmt("INSERT INTO t VALUES (1)"), Stmt("INSERT INTO nope VALUES (2)"),
                            Stmt("INSERT INTO t VALUES (3)")},
                           false);
  EXPECT_FALSE(r.has_value());
  EXPECT_EQ(Count(*db, "t"), 1);
}

TEST(DuckDbDatabaseTest, UnitSpellingItsOwnTransactionRollsBackOnFailure) {
  auto db = Memory(2);
  Must(db->Execute(Stmt("CREATE TABLE t (id INTEGER)")));
  Must(db->Execute(Stmt("INSERT INTO t VALUES (1), (2)")));
  auto r = db->ExecuteUnit({Stmt("BEGIN TRANSACTION"), Stmt("DELETE FROM t WHERE id = 1"),
                            Stmt("INSERT INTO t SELECT * FROM nope"), Stmt("COMMIT")},
                           true);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(Count(*db, "t"), 2);
  auto ok = Must(db->ExecuteUnit({Stmt("BEGIN TRANSACTION"), Stmt("DELETE FROM t WHERE id = 1"),
                                  Stmt("INSERT INTO t VALUES (5)"), Stmt("COMMIT")},
                                 true));
  EXPECT_EQ(ok.size(), 4u);
  EXPECT_EQ(Count(*db, "t"), 2);
  EXPECT_EQ(Must(db->Query("SELECT SUM(id)::BIGINT FROM t")).rows[0][0], Value(int64_t{7}));
}

TEST(DuckDbDatabaseTest, BeginPinsTheConnectionToTheCallingThread) {
  auto db = Memory(4);
  Must(db->Execute(Stmt("CREATE TABLE t (id INTEGER)")));
  Must(db->Execute(Stmt("BEGIN TRANSACTION")));
  Must(db->Execute(Stmt("INSERT INTO t VALUES (1)")));
  EXPECT_EQ(Count(*db, "t"), 1);  // this thread sees its own uncommitted row
  int64_t seen_elsewhere = -1;
  std::thread([&] { seen_elsewhere = Count(*db, "t"); }).join();
  EXPECT_EQ(seen_elsewhere, 0);
  Must(db->Execute(Stmt("ROLLBACK")));
  EXPECT_EQ(Count(*db, "t"), 0);

  Must(db->Execute(Stmt("BEGIN")));
  Must(db->ExecuteUnit({Stmt("INSERT INTO t VALUES (2)"), Stmt("INSERT INTO t VALUES (3)")}, true));
  Must(db->Execute(Stmt("COMMIT;")));
  std::thread([&] { seen_elsewhere = Count(*db, "t"); }).join();
  EXPECT_EQ(seen_elsewhere, 2);
}

TEST(DuckDbDatabaseTest, RollbackWithoutTransactionIsANoOp) {
  auto db = Memory();
  EXPECT_TRUE(db->Execute(Stmt("ROLLBACK")).has_value());
  EXPECT_FALSE(db->Execute(Stmt("COMMIT")).has_value());  // DuckDB: no transaction is active
}

TEST(DuckDbDatabaseTest, ConcurrentStatementsFromManyThreads) {
  auto db = Memory(4);
  constexpr int kThreads = 12;
  std::vector<std::thread> threads;
  std::vector<int64_t> sums(kThreads, -1);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::string table = "t" + std::to_string(t);
      if (!db->Execute(Stmt("CREATE TABLE " + table + " AS SELECT range AS v FROM range(1000)")))
        return;
      for (int i = 0; i < 20; ++i)
        if (!db->ExecuteUnit({Stmt("INSERT INTO " + table + " VALUES (1)")}, true)) return;
      auto r = db->Query("SELECT CAST(SUM(v) AS BIGINT) FROM " + table);
      if (r) sums[t] = std::get<int64_t>(r->rows[0][0]);
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(sums[t], 499500 + 20) << t;
  EXPECT_LE(db->open_connections(), 4u);
  EXPECT_GE(db->open_connections(), 2u);
}

TEST(DuckDbDatabaseTest, PooledCallsRunInParallelAndCancelAllInterrupts) {
  auto db = Memory(2);
  std::optional<Result<sdk::QueryResult>> outcome;
  std::atomic<bool> done{false};
  std::thread worker([&] {
    outcome = db->Query("SELECT SUM(a.range * b.range) FROM range(300000) a, range(300000) b");
    done = true;
  });
  // While the long query runs, other calls proceed on other pooled connections.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(Must(db->Query("SELECT 7")).rows[0][0], Value(int64_t{7}));
  EXPECT_FALSE(done) << "the long query finished before it could be cancelled";
  EXPECT_EQ(db->open_connections(), 2u);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!done && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    db->CancelAll();
  }
  worker.join();
  ASSERT_TRUE(outcome.has_value());
  ASSERT_FALSE(outcome->has_value());
  EXPECT_NE(outcome->error().message.find("Interrupted"), std::string::npos)
      << outcome->error().message;
  EXPECT_TRUE(db->Query("SELECT 1").has_value());  // the connection is usable again
}

}  // namespace
}  // namespace rocky::adapters::duckdb
