// Process adapters against tests/process_adapters/fake_adapter.py: every method round trip on
// its sqlite3 database, the protocol failures (wrong id, crash, hang, bad initialize, bad JSON,
// a command that cannot start) with their messages, and no child left behind.

#include "adapters/process/process_adapter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "adapters/process/process_json.h"

namespace rocky::adapters::process {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

ProcessOptions FakeOptions(const std::string& mode, Json config = Json::Object()) {
  ProcessOptions o;
  o.adapter_name = "fake";
  o.command = ROCKY_PYTHON;
  o.args = {ROCKY_FAKE_ADAPTER, "--mode=" + mode};
  o.config = std::move(config);
  o.timeout = 20s;
  o.shutdown_grace = 5s;
  return o;
}

// The child was reaped: it is neither running nor a zombie of ours.
bool Gone(pid_t pid) {
  int status = 0;
  const bool not_our_child = ::waitpid(pid, &status, WNOHANG) < 0 && errno == ECHILD;
  const bool no_process = ::kill(pid, 0) != 0 && errno == ESRCH;
  return not_our_child && no_process;
}

std::unique_ptr<ProcessAdapterClient> StartClient(ProcessOptions options) {
  auto client = ProcessAdapterClient::Start(std::move(options));
  EXPECT_TRUE(client.has_value()) << client.error().Text();
  return client ? std::move(*client) : nullptr;
}

Json SeedConfig() {
  return Json::Object().Set(
      "schemas",
      Json::Object()
          .Set("src__shop",
               "CREATE TABLE src__shop.orders (id INTEGER NOT NULL, amount REAL, note TEXT, "
               "ts TEXT); INSERT INTO src__shop.orders VALUES (1, 9.5, 'a', '2026-01-01'), "
               "(2, NULL, 'b', '2026-01-02'); CREATE TABLE src__shop.users (id INTEGER);")
          .Set("other", "CREATE TABLE other.x (id INTEGER);"));
}

TEST(ProcessAdapter, EveryMethodRoundTrips) {
  auto opened = OpenProcessAdapter(FakeOptions("good", SeedConfig()));
  ASSERT_TRUE(opened.has_value()) << opened.error().Text();
  ProcessAdapter& a = **opened;
  const pid_t pid = a.client->pid();
  EXPECT_EQ(a.manifest.name, "fake-sqlite");
  EXPECT_EQ(a.manifest.dialect, "ansi");
  EXPECT_TRUE(a.manifest.capabilities.warehouse);
  EXPECT_FALSE(a.manifest.capabilities.merge);
  ASSERT_TRUE(a.warehouse && a.discovery && a.governance && a.batch_checks);
  sdk::WarehouseAdapter& wh = *a.warehouse;
  EXPECT_EQ(wh.Dialect().Name(), "ansi");
  ASSERT_TRUE(wh.Ping().has_value());

  // Statements and queries.
  auto created =
      wh.ExecuteStatement({"t", "dst.t", "CREATE TABLE dst.t (id INTEGER, v TEXT)", true});
  ASSERT_TRUE(created.has_value()) << created.error().Text();
  auto inserted =
      wh.ExecuteStatement({"t", "dst.t", "INSERT INTO dst.t VALUES (1, 'x'), (2, NULL)", false});
  ASSERT_TRUE(inserted.has_value()) << inserted.error().Text();
  EXPECT_EQ(inserted->rows_affected, 2);
  auto q = wh.ExecuteQuery("SELECT 7 AS i, 2.5 AS d, 'txt' AS s, NULL AS n");
  ASSERT_TRUE(q.has_value()) << q.error().Text();
  EXPECT_EQ(q->columns, (std::vector<std::string>{"i", "d", "s", "n"}));
  ASSERT_EQ(q->rows.size(), 1u);
  EXPECT_EQ(q->rows[0][0], sdk::Value(int64_t{7}));
  EXPECT_EQ(q->rows[0][1], sdk::Value(2.5));
  EXPECT_EQ(q->rows[0][2], sdk::Value(std::string("txt")));
  EXPECT_TRUE(sdk::IsNull(q->rows[0][3]));
  auto unit = wh.ExecuteUnit({{"u", "dst.t", "INSERT INTO dst.t VALUES (3, 'y')", false},
                              {"u", "dst.t", "DELETE FROM dst.t WHERE id = 1", false}},
                             true);
  ASSERT_TRUE(unit.has_value()) << unit.error().Text();
  ASSERT_EQ(unit->size(), 2u);
  EXPECT_EQ((*unit)[1].rows_affected, 1);
  auto ids = wh.ExecuteQuery("SELECT id FROM dst.t ORDER BY id");
  ASSERT_TRUE(ids.has_value());
  ASSERT_EQ(ids->rows.size(), 2u);
  EXPECT_EQ(ids->rows[1][0], sdk::Value(int64_t{3}));

  // Metadata.
  auto cols = wh.DescribeTable({"", "src__shop", "orders"});
  ASSERT_TRUE(cols.has_value()) << cols.error().Text();
  ASSERT_EQ(cols->size(), 4u);
  EXPECT_EQ((*cols)[0], (sdk::ColumnInfo{"id", "INTEGER", false}));
  EXPECT_EQ((*cols)[1], (sdk::ColumnInfo{"amount", "REAL", true}));
  auto missing = wh.DescribeTable({"", "src__shop", "nope"});
  ASSERT_TRUE(missing.has_value());
  EXPECT_TRUE(missing->empty());
  EXPECT_EQ(wh.TableExists({"", "src__shop", "orders"}), true);
  EXPECT_EQ(wh.TableExists({"", "src__shop", "nope"}), false);
  auto tables = wh.ListTables("", "src__shop");
  ASSERT_TRUE(tables.has_value());
  EXPECT_EQ(*tables, (std::vector<std::string>{"orders", "users"}));
  auto schema = wh.DescribeSchema("", "src__shop");
  ASSERT_TRUE(schema.has_value()) << schema.error().Text();
  ASSERT_EQ(schema->size(), 2u);
  EXPECT_EQ(schema->at("users").size(), 1u);
  EXPECT_EQ(wh.SchemaExists("", "src__shop"), true);
  EXPECT_EQ(wh.SchemaExists("", "absent"), false);

  // Discovery.
  auto sources = a.discovery->Discover("src__", "");
  ASSERT_TRUE(sources.has_value()) << sources.error().Text();
  ASSERT_EQ(sources->size(), 1u);
  const sdk::DiscoveredSource& s = (*sources)[0];
  EXPECT_EQ(s.id, "src-src__shop");
  EXPECT_EQ(s.schema, "src__shop");
  EXPECT_EQ(s.source_type, "sqlite");
  EXPECT_FALSE(s.last_sync_at.has_value());
  ASSERT_EQ(s.tables.size(), 2u);
  EXPECT_EQ(s.tables[0].name, "orders");
  EXPECT_EQ(s.tables[0].row_count, 2);
  EXPECT_TRUE(a.discovery->Ping().has_value());

  // Governance: tags, grants as a diff, revokes, planning records instead of applying.
  sdk::GovernanceAdapter& gov = *a.governance;
  ASSERT_TRUE(gov.SetTags(sdk::TagTarget::kTable, {"", "src__shop", "orders"}, {{"owner", "ops"}}));
  std::vector<sdk::Grant> grants = {{"analysts", sdk::Permission::kSelect, "main.sales"},
                                    {"ops", sdk::Permission::kUseSchema, "main.sales"}};
  EXPECT_EQ(gov.ApplyGrants(grants), 2);
  EXPECT_EQ(gov.ApplyGrants(grants), 0);
  auto current = gov.GetGrants("main.sales");
  ASSERT_TRUE(current.has_value()) << current.error().Text();
  ASSERT_EQ(current->size(), 2u);
  EXPECT_EQ((*current)[1].permission, sdk::Permission::kUseSchema);
  ASSERT_TRUE(gov.RevokeGrants({grants[0]}));
  std::vector<sdk::Statement> plan;
  gov.PlanInto(&plan);
  EXPECT_EQ(gov.ApplyGrants(grants), 1);
  ASSERT_TRUE(gov.SetTags(sdk::TagTarget::kSchema, {"", "src__shop", ""}, {{"k", "v"}}));
  gov.PlanInto(nullptr);
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(plan[0].purpose, "grant");
  EXPECT_THAT(plan[0].sql, HasSubstr("-- RPC apply_grants"));
  EXPECT_THAT(plan[0].sql, HasSubstr("\"principal\":\"analysts\""));
  EXPECT_EQ(plan[1].purpose, "set_tags");
  EXPECT_EQ(plan[1].target, "src__shop");
  auto bind = gov.BindWorkspace("main", 1, "READ_WRITE");
  ASSERT_FALSE(bind.has_value());
  EXPECT_THAT(bind.error().message, HasSubstr("not part of the process adapter protocol"));
  EXPECT_FALSE(gov.SetIsolation("main", true).has_value());
  auto state = a.client->Call("debug_info", Json::Object());
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ((*state)["tags"].Dump(), R"({"table:src__shop.orders":{"owner":"ops"}})");
  ASSERT_EQ((*state)["grants"].size(), 1u);  // the plan granted nothing
  EXPECT_EQ((*state)["grants"][0]["principal"].AsString(), "ops");

  // Batch checks.
  std::vector<sdk::TableRef> refs = {{"", "src__shop", "orders"}, {"", "src__shop", "users"}};
  auto counts = a.batch_checks->BatchRowCounts(refs);
  ASSERT_TRUE(counts.has_value()) << counts.error().Text();
  ASSERT_EQ(counts->size(), 2u);
  EXPECT_EQ((*counts)[0].table, refs[0]);
  EXPECT_EQ((*counts)[0].count, 2);
  EXPECT_EQ((*counts)[1].count, 0);
  auto fresh = a.batch_checks->BatchFreshness(refs, "id");
  ASSERT_TRUE(fresh.has_value()) << fresh.error().Text();
  ASSERT_EQ(fresh->size(), 2u);
  EXPECT_EQ((*fresh)[0].max_value, "2");
  EXPECT_FALSE((*fresh)[1].max_value.has_value());

  opened->reset();
  EXPECT_TRUE(Gone(pid));
}

TEST(ProcessAdapter, BareManifestAndDialectLookup) {
  auto options =
      FakeOptions("good", Json::Object().Set("bare_manifest", true).Set("dialect", "duckdb"));
  auto unknown = OpenProcessAdapter(options);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_THAT(unknown.error().message, HasSubstr("declares dialect 'duckdb'"));
  static const sdk::SqlDialect* seen = &AnsiSqlDialect();
  auto opened = OpenProcessAdapter(
      options, [](std::string_view name) { return name == "duckdb" ? seen : nullptr; });
  ASSERT_TRUE(opened.has_value()) << opened.error().Text();
  EXPECT_EQ(&(*opened)->warehouse->Dialect(), seen);
  EXPECT_EQ((*opened)->manifest.dialect, "duckdb");
}

TEST(ProcessAdapter, UndeclaredRolesAreAbsent) {
  auto opened = OpenProcessAdapter(FakeOptions("no_warehouse"));
  ASSERT_TRUE(opened.has_value()) << opened.error().Text();
  EXPECT_FALSE((*opened)->warehouse);
  EXPECT_FALSE((*opened)->governance);
  EXPECT_TRUE((*opened)->discovery);
  Error e = (*opened)->MissingRole("a warehouse", "warehouse");
  EXPECT_EQ(e.message,
            "adapter 'fake' (process 'fake-sqlite') cannot be used as a warehouse: its manifest "
            "does not declare the 'warehouse' capability");
}

TEST(ProcessAdapter, ErrorResponseNamesTheMethodAndKeepsTheAdapter) {
  auto opened = OpenProcessAdapter(FakeOptions("good"));
  ASSERT_TRUE(opened.has_value()) << opened.error().Text();
  auto q = (*opened)->warehouse->ExecuteQuery("SELECT * FROM nowhere.t");
  ASSERT_FALSE(q.has_value());
  EXPECT_THAT(q.error().message, HasSubstr("adapter 'fake' failed 'execute_query': "));
  EXPECT_THAT(q.error().message, HasSubstr("(code -32000)"));
  auto unknown = (*opened)->client->Call("no_such_method", Json::Object());
  ASSERT_FALSE(unknown.has_value());
  EXPECT_THAT(unknown.error().message, HasSubstr("method not found: no_such_method"));
  EXPECT_TRUE((*opened)->warehouse->ExecuteQuery("SELECT 1").has_value());
}

TEST(ProcessAdapter, IdsStartAtOneAndStderrIsPassedThrough) {
  ::testing::internal::CaptureStderr();
  auto client = StartClient(FakeOptions("stderr"));
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->Initialize().has_value());
  ASSERT_TRUE(client->Call("execute_query", Json::Object().Set("sql", "SELECT 1")).has_value());
  client->Close();
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(err, HasSubstr("adapter 'fake': fake adapter got initialize (id 1)"));
  EXPECT_THAT(err, HasSubstr("adapter 'fake': fake adapter got execute_query (id 2)"));
  EXPECT_THAT(err, HasSubstr("adapter 'fake': fake adapter got shutdown (id 3)"));
  EXPECT_TRUE(Gone(client->pid()));
}

TEST(ProcessAdapter, EnvAndArgsReachTheChild) {
  ::setenv("ROCKY_PROCESS_TEST_INHERITED", "from-rocky", 1);
  ProcessOptions options = FakeOptions("good");
  options.args.push_back("--extra");
  options.env = {{"FAKE_TOKEN", "s3cret"}, {"ROCKY_PROCESS_TEST_OVERRIDDEN", "new"}};
  ::setenv("ROCKY_PROCESS_TEST_OVERRIDDEN", "old", 1);
  auto opened = OpenProcessAdapter(std::move(options));
  ASSERT_TRUE(opened.has_value()) << opened.error().Text();
  Json names = Json::ArrayOf(
      {"FAKE_TOKEN", "ROCKY_PROCESS_TEST_INHERITED", "ROCKY_PROCESS_TEST_OVERRIDDEN"});
  auto info = (*opened)->client->Call("debug_info", Json::Object().Set("names", names));
  ASSERT_TRUE(info.has_value()) << info.error().Text();
  EXPECT_EQ((*info)["args"].Dump(), R"(["--mode=good","--extra"])");
  EXPECT_EQ((*info)["env"].Dump(),
            R"({"FAKE_TOKEN":"s3cret","ROCKY_PROCESS_TEST_INHERITED":"from-rocky",)"
            R"("ROCKY_PROCESS_TEST_OVERRIDDEN":"new"})");
  EXPECT_EQ((*info)["pid"].AsInt(), (*opened)->client->pid());
}

TEST(ProcessAdapter, ResponseWithAnotherIdFails) {
  auto opened = OpenProcessAdapter(FakeOptions("wrong_id"));
  ASSERT_TRUE(opened.has_value()) << opened.error().Text();
  const pid_t pid = (*opened)->client->pid();
  auto q = (*opened)->warehouse->ExecuteQuery("SELECT 1");
  ASSERT_FALSE(q.has_value());
  EXPECT_THAT(q.error().message, HasSubstr("response ID mismatch"));
  EXPECT_THAT(q.error().message, HasSubstr("expected id 2"));
  EXPECT_THAT(q.error().message, HasSubstr("with id 102"));
  EXPECT_TRUE(Gone(pid));
  auto again = (*opened)->warehouse->ExecuteQuery("SELECT 1");
  ASSERT_FALSE(again.has_value());
  EXPECT_THAT(again.error().message, HasSubstr("its process was stopped earlier"));
  EXPECT_THAT(again.error().message, HasSubstr("response ID mismatch"));
}

TEST(ProcessAdapter, CrashMidCallFailsNamingTheAdapter) {
  ::testing::internal::CaptureStderr();
  auto opened = OpenProcessAdapter(FakeOptions("crash"));
  ASSERT_TRUE(opened.has_value()) << opened.error().Text();
  const pid_t pid = (*opened)->client->pid();
  auto start = Clock::now();
  auto r = (*opened)->warehouse->ExecuteStatement({"x", "t", "CREATE TABLE t (a INTEGER)", true});
  ASSERT_FALSE(r.has_value());
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_THAT(r.error().message,
              HasSubstr("adapter process closed stdout (process may have crashed)"));
  EXPECT_THAT(r.error().message, HasSubstr("adapter 'fake'"));
  EXPECT_THAT(r.error().message, HasSubstr("exited with status 3"));
  EXPECT_THAT(r.error().message, HasSubstr("'execute_statement'"));
  EXPECT_TRUE(Gone(pid));
  opened->reset();
  EXPECT_THAT(::testing::internal::GetCapturedStderr(),
              HasSubstr("adapter 'fake': fake adapter: crashing on purpose"));
}

TEST(ProcessAdapter, HangingCallTimesOutAndKillsTheChild) {
  ProcessOptions options = FakeOptions("hang");
  options.timeout = 1s;
  auto opened = OpenProcessAdapter(std::move(options));
  ASSERT_TRUE(opened.has_value()) << opened.error().Text();
  const pid_t pid = (*opened)->client->pid();
  auto start = Clock::now();
  auto q = (*opened)->warehouse->ExecuteQuery("SELECT 1");
  auto took = Clock::now() - start;
  ASSERT_FALSE(q.has_value());
  EXPECT_GE(took, 900ms);
  EXPECT_LT(took, 5s);
  EXPECT_EQ(q.error().message,
            "adapter 'fake' did not answer 'execute_query' within 1 s (timeout_secs); its "
            "process was killed");
  EXPECT_TRUE(Gone(pid));
  start = Clock::now();
  opened->reset();  // no shutdown round trip to a dead child
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST(ProcessAdapter, CancelStopsTheCallInFlight) {
  auto opened = OpenProcessAdapter(FakeOptions("hang"));
  ASSERT_TRUE(opened.has_value()) << opened.error().Text();
  (*opened)->warehouse->CancelAll();  // idle: nothing to cancel, the adapter stays
  EXPECT_TRUE((*opened)->client->Usable());
  std::thread canceller([&] {
    std::this_thread::sleep_for(300ms);
    (*opened)->warehouse->CancelAll();
  });
  auto start = Clock::now();
  auto q = (*opened)->warehouse->ExecuteQuery("SELECT 1");
  canceller.join();
  ASSERT_FALSE(q.has_value());
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_THAT(q.error().message, HasSubstr("'execute_query' was interrupted"));
  EXPECT_THAT(q.error().message, HasSubstr("the run was cancelled"));
  EXPECT_TRUE(Gone((*opened)->client->pid()));
}

TEST(ProcessAdapter, FailedInitializeAbortsStartup) {
  auto client = StartClient(FakeOptions("bad_init"));
  ASSERT_TRUE(client);
  auto manifest = client->Initialize();
  ASSERT_FALSE(manifest.has_value());
  EXPECT_EQ(manifest.error().message,
            "adapter 'fake' failed 'initialize': missing option 'token' (code BAD_CONFIG)");
  EXPECT_THAT(manifest.error().Text(), HasSubstr("startup aborted"));
  EXPECT_TRUE(Gone(client->pid()));
  auto opened = OpenProcessAdapter(FakeOptions("bad_init"));
  ASSERT_FALSE(opened.has_value());
}

TEST(ProcessAdapter, OutputThatIsNotJsonStopsTheChild) {
  auto opened = OpenProcessAdapter(FakeOptions("bad_json"));
  ASSERT_TRUE(opened.has_value()) << opened.error().Text();
  auto q = (*opened)->warehouse->ExecuteQuery("SELECT 1");
  ASSERT_FALSE(q.has_value());
  EXPECT_THAT(q.error().message, HasSubstr("wrote a line that is not a JSON object to stdout"));
  EXPECT_THAT(q.error().message, HasSubstr("this is not json"));
  EXPECT_TRUE(Gone((*opened)->client->pid()));
}

TEST(ProcessAdapter, ChildIgnoringShutdownIsKilledAfterTheGrace) {
  ProcessOptions options = FakeOptions("stubborn");
  options.shutdown_grace = 500ms;
  auto client = StartClient(std::move(options));
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->Initialize().has_value());
  auto start = Clock::now();
  client->Close();
  auto took = Clock::now() - start;
  EXPECT_GE(took, 400ms);
  EXPECT_LT(took, 3s);
  EXPECT_TRUE(Gone(client->pid()));
  auto after = client->Call("execute_query", Json::Object());
  ASSERT_FALSE(after.has_value());
  EXPECT_THAT(after.error().message, HasSubstr("is closed"));
}

TEST(ProcessAdapter, CommandThatCannotStartSaysWhatToDo) {
  ProcessOptions missing_path = FakeOptions("good");
  missing_path.command = "/nonexistent/dir/my-adapter";
  auto a = OpenProcessAdapter(std::move(missing_path));
  ASSERT_FALSE(a.has_value());
  EXPECT_EQ(a.error().message,
            "cannot start process adapter 'fake': cannot run '/nonexistent/dir/my-adapter': No "
            "such file or directory");
  EXPECT_THAT(a.error().hint, HasSubstr("check command in [adapter.fake]"));

  ProcessOptions not_on_path = FakeOptions("good");
  not_on_path.command = "rocky-no-such-adapter-program";
  auto b = OpenProcessAdapter(std::move(not_on_path));
  ASSERT_FALSE(b.has_value());
  EXPECT_THAT(b.error().message,
              HasSubstr("cannot start process adapter 'fake': 'rocky-no-such-adapter-program' "
                        "was not found on PATH"));
  EXPECT_THAT(b.error().hint, HasSubstr("full path"));

  ProcessOptions not_executable = FakeOptions("good");
  not_executable.command = ROCKY_FAKE_ADAPTER ".nope";
  EXPECT_FALSE(OpenProcessAdapter(std::move(not_executable)).has_value());

  ProcessOptions empty = FakeOptions("good");
  empty.command = "";
  auto c = OpenProcessAdapter(std::move(empty));
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().message, "process adapter 'fake' has no command");
}

TEST(ProcessAdapter, CommandIsLookedUpOnPath) {
  // A name without '/' is found on the PATH the child gets (the configured env's, here).
  std::string dir = ::testing::TempDir() + "rocky-process-path";
  std::filesystem::create_directories(dir);
  std::filesystem::remove(dir + "/rocky-fake-adapter");
  std::filesystem::create_symlink(ROCKY_FAKE_ADAPTER, dir + "/rocky-fake-adapter");
  ProcessOptions options = FakeOptions("good");
  options.command = "rocky-fake-adapter";
  options.args = {"--mode=good"};
  const char* path = std::getenv("PATH");
  options.env = {{"PATH", dir + ":" + (path ? path : "/usr/bin:/bin")}};
  auto opened = OpenProcessAdapter(std::move(options));
  ASSERT_TRUE(opened.has_value()) << opened.error().Text();
  EXPECT_TRUE((*opened)->warehouse->ExecuteQuery("SELECT 1").has_value());
}

TEST(ProcessAdapter, ConcurrentCallsAreSerialized) {
  auto opened = OpenProcessAdapter(FakeOptions("good"));
  ASSERT_TRUE(opened.has_value()) << opened.error().Text();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto q = (*opened)->warehouse->ExecuteQuery(fmt::format("SELECT {} AS v", t * 100 + i));
        if (q && q->rows.size() == 1 && q->rows[0][0] == sdk::Value(int64_t{t * 100 + i})) ++ok;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 100);
}

// ---- JSON shapes
// ---------------------------------------------------------------------------------

TEST(ProcessJson, QueryResultsAreTypedFromJson) {
  auto parsed =
      Json::Parse(R"({"columns":["b","i","d","s","n",{"name":"o"}],)"
                  R"("rows":[[true,-3,1.25,"x",null,{"k":1}],{"b":false,"i":4,"o":[1]}]})");
  ASSERT_TRUE(parsed.has_value());
  auto r = QueryResultFromJson(*parsed);
  ASSERT_TRUE(r.has_value()) << r.error().Text();
  EXPECT_EQ(r->columns, (std::vector<std::string>{"b", "i", "d", "s", "n", "o"}));
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(r->rows[0][0], sdk::Value(true));
  EXPECT_EQ(r->rows[0][1], sdk::Value(int64_t{-3}));
  EXPECT_EQ(r->rows[0][2], sdk::Value(1.25));
  EXPECT_EQ(r->rows[0][3], sdk::Value(std::string("x")));
  EXPECT_TRUE(sdk::IsNull(r->rows[0][4]));
  EXPECT_EQ(r->rows[0][5], sdk::Value(std::string(R"({"k":1})")));
  EXPECT_EQ(r->rows[1][0], sdk::Value(false));
  EXPECT_TRUE(sdk::IsNull(r->rows[1][2]));
  auto short_row = Json::Parse(R"({"columns":["a","b"],"rows":[[1]]})");
  auto bad = QueryResultFromJson(*short_row);
  ASSERT_FALSE(bad.has_value());
  EXPECT_THAT(bad.error().message, HasSubstr("a row has 1 values for 2 columns"));
}

TEST(ProcessJson, DescribeListsAndTables) {
  auto bare = ColumnsFromJson(*Json::Parse(R"([{"name":"a","data_type":"INT"}])"));
  ASSERT_TRUE(bare.has_value());
  EXPECT_EQ((*bare)[0], (sdk::ColumnInfo{"a", "INT", true}));
  EXPECT_FALSE(ColumnsFromJson(*Json::Parse(R"({"cols":[]})")).has_value());
  auto ref = TableRefFromJson(Json("c.s.t"));
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(*ref, (sdk::TableRef{"c", "s", "t"}));
  EXPECT_EQ(TableRefFromJson(Json("s.t")), (sdk::TableRef{"", "s", "t"}));
  EXPECT_FALSE(TableRefFromJson(Json("t")).has_value());
  auto exec = ExecResultFromJson(*Json::Parse(R"({"rows_affected":5,"statement_id":"q1"})"));
  EXPECT_EQ(exec.rows_affected, 5);
  EXPECT_EQ(exec.statement_id, "q1");
  EXPECT_FALSE(ExecResultFromJson(Json(true)).rows_affected.has_value());
  auto grants =
      GrantsFromJson(*Json::Parse(R"([{"principal":"p","permission":"use catalog","target":"c"},)"
                                  R"({"principal":"p","permission":"OWN","target":"c"}])"));
  ASSERT_TRUE(grants.has_value());
  ASSERT_EQ(grants->size(), 1u);
  EXPECT_EQ((*grants)[0].permission, sdk::Permission::kUseCatalog);
}

TEST(ProcessClient, FormatTimeout) {
  EXPECT_EQ(FormatTimeout(300s), "300 s");
  EXPECT_EQ(FormatTimeout(1500ms), "1500 ms");
}

}  // namespace
}  // namespace rocky::adapters::process
