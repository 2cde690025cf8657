#include "valkey/valkey_client.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/log.h"
#include "base/subprocess.h"
#include "valkey/valkey_test_server.h"

namespace rocky::valkey {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::unique_ptr<ValkeyTestServer> StartServer(TestServerOptions options = {}) {
  auto server = ValkeyTestServer::Start(std::move(options));
  EXPECT_TRUE(server) << server.error().Text();
  return server ? std::move(*server) : nullptr;
}

std::unique_ptr<ValkeyClient> ConnectTo(const std::string& url, ValkeyOptions options = {}) {
  auto client = ValkeyClient::Connect(url, std::move(options));
  EXPECT_TRUE(client) << client.error().Text();
  return client ? std::move(*client) : nullptr;
}

// Everything written to stderr (where the log goes) while `body` runs, at trace level.
template <typename F>
std::string CaptureLog(F body) {
  std::fflush(stderr);
  std::string path = ::testing::TempDir() + "/valkey_log_capture.txt";
  int file = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  int saved = ::dup(2);
  ::dup2(file, 2);
  Log::Configure(LogLevel::kTrace, false);
  body();
  std::fflush(stderr);
  Log::Configure(LogLevel::kWarn, false);
  ::dup2(saved, 2);
  ::close(saved);
  ::close(file);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ValkeyClientTest, GetSetAndExpiry) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  auto client = ConnectTo(server->Url());
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->Ping());

  auto missing = client->Get("nothing");
  ASSERT_TRUE(missing) << missing.error().Text();
  EXPECT_FALSE(*missing);

  ASSERT_TRUE(client->Set("k", "v1"));
  EXPECT_EQ(client->Get("k").value(), "v1");
  ASSERT_TRUE(client->Set("k", "v2"));
  EXPECT_EQ(client->Get("k").value(), "v2");

  ASSERT_TRUE(client->Set("short", "x", {.ex = 1s}));
  auto ttl = client->Command({"TTL", "short"});
  ASSERT_TRUE(ttl);
  EXPECT_EQ(ttl->type, ReplyType::kInteger);
  EXPECT_EQ(ttl->integer, 1);
  ASSERT_TRUE(client->Set("shorter", "y", {.px = 150ms}));
  EXPECT_EQ(client->Get("shorter").value(), "y");
  std::this_thread::sleep_for(1100ms);
  EXPECT_FALSE(client->Get("short").value());
  EXPECT_FALSE(client->Get("shorter").value());
}

TEST(ValkeyClientTest, SetNxOnlyWhenAbsentAndDelCounts) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  auto client = ConnectTo(server->Url());
  ASSERT_TRUE(client);

  auto first = client->Set("lock", "a", {.px = 10000ms, .nx = true});
  ASSERT_TRUE(first) << first.error().Text();
  EXPECT_TRUE(*first);
  auto second = client->Set("lock", "b", {.nx = true});
  ASSERT_TRUE(second);
  EXPECT_FALSE(*second);
  EXPECT_EQ(client->Get("lock").value(), "a");
  auto pttl = client->Command({"PTTL", "lock"});
  ASSERT_TRUE(pttl);
  EXPECT_GT(pttl->integer, 9000);

  ASSERT_TRUE(client->Set("other", "c"));
  EXPECT_EQ(client->Del({"lock", "other", "absent"}).value(), 2);
  EXPECT_EQ(client->Del({"lock"}).value(), 0);
  EXPECT_FALSE(client->Get("lock").value());
}

TEST(ValkeyClientTest, BulkStringsAreBinarySafe) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  auto client = ConnectTo(server->Url());
  ASSERT_TRUE(client);
  std::string value;
  for (int i = 0; i < 256; ++i) value += static_cast<char>(i);
  value += "\r\n$5\r\n*1\r\n";
  std::string big(3 * 1024 * 1024, 'z');  // several reads and writes
  big[12345] = '\0';
  std::string key("key\0with\r\nbytes", 15);
  ASSERT_TRUE(client->Set(key, value));
  ASSERT_TRUE(client->Set("big", big));
  EXPECT_EQ(client->Get(key).value(), value);
  EXPECT_EQ(client->Get("big").value(), big);
  EXPECT_FALSE(client->Get("key").value());
}

TEST(ValkeyClientTest, CommandReturnsTypedReplies) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  auto client = ConnectTo(server->Url());
  ASSERT_TRUE(client);

  EXPECT_EQ(client->Command({"SET", "n", "41"}).value(), Reply::Simple("OK"));
  EXPECT_EQ(client->Command({"INCR", "n"}).value(), Reply::Integer(42));
  EXPECT_EQ(client->Command({"GET", "n"}).value(), Reply::Bulk("42"));
  EXPECT_EQ(client->Command({"GET", "none"}).value(), Reply::Nil());
  ASSERT_TRUE(client->Command({"RPUSH", "list", "a", "", "c"}));
  EXPECT_EQ(client->Command({"LRANGE", "list", "0", "-1"}).value(),
            Reply::Array({Reply::Bulk("a"), Reply::Bulk(""), Reply::Bulk("c")}));
  EXPECT_EQ(client->Command({"MGET", "n", "none"}).value(),
            Reply::Array({Reply::Bulk("42"), Reply::Nil()}));

  // A server error is an error carrying the server's message; the connection stays usable.
  auto wrong = client->Command({"INCR", "list"});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message,
            fmt::format("Valkey at 127.0.0.1:{}: WRONGTYPE Operation against a key holding the "
                        "wrong kind of value",
                        server->port()));
  EXPECT_FALSE(wrong.error().retryable);
  auto unknown = client->Command({"NOSUCHCOMMAND"});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("ERR unknown command"), std::string::npos);
  EXPECT_TRUE(client->Ping());
  // Errors nested in an array stay replies.
  ASSERT_TRUE(client->Command({"MULTI"}));
  ASSERT_TRUE(client->Command({"INCR", "n"}));
  ASSERT_TRUE(client->Command({"INCR", "list"}));
  auto exec = client->Command({"EXEC"});
  ASSERT_TRUE(exec) << exec.error().Text();
  ASSERT_EQ(exec->elements.size(), 2u);
  EXPECT_EQ(exec->elements[0], Reply::Integer(43));
  EXPECT_EQ(exec->elements[1].type, ReplyType::kError);
}

TEST(ValkeyClientTest, EvalRunsScriptsWithKeysAndArgs) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  auto client = ConnectTo(server->Url());
  ASSERT_TRUE(client);
  auto reply = client->Eval(
      "redis.call('SET', KEYS[1], ARGV[1]); return {KEYS[1], ARGV[2], #ARGV, redis.call('GET', "
      "KEYS[1])}",
      {"k1"}, {"stored", "two"});
  ASSERT_TRUE(reply) << reply.error().Text();
  EXPECT_EQ(*reply, Reply::Array({Reply::Bulk("k1"), Reply::Bulk("two"), Reply::Integer(2),
                                  Reply::Bulk("stored")}));
  EXPECT_EQ(client->Eval("return redis.call('GET', KEYS[1])", {"absent"}, {}).value(),
            Reply::Nil());
  auto failing = client->Eval("return redis.error_reply('my failure')", {}, {});
  ASSERT_FALSE(failing);
  EXPECT_NE(failing.error().message.find("my failure"), std::string::npos);
}

TEST(ValkeyClientTest, PublishReachesASubscribedConnection) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  auto publisher = ConnectTo(server->Url());
  auto subscriber = ConnectTo(server->Url());
  ASSERT_TRUE(publisher && subscriber);
  EXPECT_EQ(publisher->Publish("rocky:events", "nobody listens").value(), 0);

  ASSERT_TRUE(subscriber->Subscribe({"rocky:events", "other"}));
  auto quiet = subscriber->NextMessage(50ms);
  ASSERT_TRUE(quiet) << quiet.error().Text();
  EXPECT_FALSE(*quiet);
  EXPECT_FALSE(subscriber->Get("k")) << "a subscribed connection takes no commands";

  std::string payload = R"({"event":"pipeline_start","bytes":"a\u0000b"})";
  payload += std::string("\0\r\n", 3);
  EXPECT_EQ(publisher->Publish("rocky:events", payload).value(), 1);
  EXPECT_EQ(publisher->Publish("other", "second").value(), 1);
  auto message = subscriber->NextMessage(2000ms);
  ASSERT_TRUE(message) << message.error().Text();
  ASSERT_TRUE(*message);
  EXPECT_EQ((*message)->channel, "rocky:events");
  EXPECT_EQ((*message)->payload, payload);
  auto next = subscriber->NextMessage(2000ms);
  ASSERT_TRUE(next && *next);
  EXPECT_EQ((*next)->channel, "other");
  EXPECT_EQ((*next)->payload, "second");
}

TEST(ValkeyClientTest, AuthenticatesWithThePasswordAndNeverShowsIt) {
  const std::string password = "s3cr3t-Pa55word";
  auto server = StartServer({.args = {"--requirepass", password}});
  ASSERT_TRUE(server);

  auto good = ConnectTo(server->Url(":" + password));
  ASSERT_TRUE(good);
  EXPECT_TRUE(good->Ping());

  // An ACL user authenticates with `AUTH user password`.
  ASSERT_TRUE(good->Command({"ACL", "SETUSER", "alice", "on", ">alice-Pa55word", "~*", "&*",
                             "+@all"}));
  auto alice = ConnectTo(server->Url("alice:alice-Pa55word"));
  ASSERT_TRUE(alice);
  EXPECT_EQ(alice->Command({"ACL", "WHOAMI"}).value(), Reply::Bulk("alice"));

  auto no_auth = ConnectTo(server->Url());
  ASSERT_TRUE(no_auth);
  auto refused = no_auth->Ping();
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("NOAUTH"), std::string::npos);

  const std::string wrong = "not-the-Pa55word";
  std::string log = CaptureLog([&] {
    for (const std::string& url :
         {server->Url(":" + wrong), server->Url("alice:" + wrong), server->Url("bob:" + password)}) {
      auto bad = ValkeyClient::Connect(url);
      ASSERT_FALSE(bad) << url;
      std::string text = bad.error().Text() + bad.error().hint;
      EXPECT_EQ(bad.error().message.rfind(
                    fmt::format("cannot connect to Valkey at 127.0.0.1:{}: AUTH failed: WRONGPASS",
                                server->port()),
                    0),
                0u)
          << text;
      EXPECT_EQ(text.find(wrong), std::string::npos) << text;
      EXPECT_EQ(text.find(password), std::string::npos) << text;
      EXPECT_FALSE(bad.error().retryable);
    }
  });
  EXPECT_EQ(log.find(wrong), std::string::npos) << log;
  EXPECT_EQ(log.find(password), std::string::npos) << log;
}

TEST(ValkeyClientTest, SelectsTheDatabaseOfThePath) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  auto db3 = ConnectTo(server->Url("", 3));
  auto db0 = ConnectTo(server->Url());
  ASSERT_TRUE(db3 && db0);
  ASSERT_TRUE(db3->Set("where", "three"));
  EXPECT_FALSE(db0->Get("where").value());
  auto again = ConnectTo(server->Url() + "/3");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->Get("where").value(), "three");

  auto out_of_range = ValkeyClient::Connect(server->Url("", 99));
  ASSERT_FALSE(out_of_range);
  EXPECT_EQ(out_of_range.error().message,
            fmt::format("cannot connect to Valkey at 127.0.0.1:{}: SELECT 99 failed: ERR DB index "
                        "is out of range",
                        server->port()));
}

TEST(ValkeyClientTest, ServerStoppedMidUseIsAnErrorThenReconnects) {
  const std::string password = "stop-Pa55word";
  auto server = StartServer({.args = {"--requirepass", password}});
  ASSERT_TRUE(server);
  auto client = ConnectTo(server->Url(":" + password), {.connect_timeout = 500ms,
                                                        .command_timeout = 500ms});
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->Set("k", "v"));
  const std::string endpoint = fmt::format("127.0.0.1:{}", server->port());

  server->Stop();
  auto start = Clock::now();
  auto lost = client->Get("k");
  ASSERT_FALSE(lost);
  EXPECT_NE(lost.error().message.find(endpoint), std::string::npos) << lost.error().Text();
  EXPECT_TRUE(lost.error().retryable);
  auto refused = client->Get("k");  // reconnecting finds nobody
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            fmt::format("cannot connect to Valkey at {}: Connection refused", endpoint));
  EXPECT_EQ(refused.error().Text().find(password), std::string::npos);
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST(ValkeyClientTest, AServerThatStopsAnsweringTimesOut) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  auto client = ConnectTo(server->Url(), {.connect_timeout = 300ms, .command_timeout = 300ms});
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->Set("k", "v"));

  server->Pause();
  auto start = Clock::now();
  auto hung = client->Get("k");
  auto waited = Clock::now() - start;
  ASSERT_FALSE(hung);
  EXPECT_EQ(hung.error().message, fmt::format("Valkey at 127.0.0.1:{}: timed out waiting for a reply",
                                              server->port()));
  EXPECT_TRUE(hung.error().ambiguous);
  EXPECT_GE(waited, 300ms);
  EXPECT_LT(waited, 1500ms);

  // A frozen server accepts connections (the kernel does) but never answers AUTH or a command.
  auto connect = ValkeyClient::Connect(server->Url(":pw"), {.connect_timeout = 300ms});
  ASSERT_FALSE(connect);
  EXPECT_NE(connect.error().message.find("timed out"), std::string::npos)
      << connect.error().Text();

  server->Resume();
  auto back = client->Get("k");  // a new connection
  ASSERT_TRUE(back) << back.error().Text();
  EXPECT_EQ(*back, "v");
}

TEST(ValkeyClientTest, NothingListeningIsAConnectionError) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  std::string url = server->Url("u:hidden-Pa55word");
  int port = server->port();
  server.reset();
  auto client = ValkeyClient::Connect(url, {.connect_timeout = 500ms});
  ASSERT_FALSE(client);
  EXPECT_EQ(client.error().message,
            fmt::format("cannot connect to Valkey at 127.0.0.1:{}: Connection refused", port));
  auto unresolvable = ValkeyClient::Connect("redis://:pw@no-such-host.invalid:6379");
  ASSERT_FALSE(unresolvable);
  EXPECT_EQ(unresolvable.error().message.rfind(
                "cannot connect to Valkey at no-such-host.invalid:6379: cannot resolve host", 0),
            0u)
      << unresolvable.error().Text();
}

TEST(ValkeyClientTest, ConcurrentCommandsFromManyThreads) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  auto client = ConnectTo(server->Url());
  ASSERT_TRUE(client);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        std::string key = fmt::format("t{}:{}", t, i);
        EXPECT_TRUE(client->Set(key, key));
        EXPECT_EQ(client->Get(key).value_or(std::nullopt), key);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(client->Command({"DBSIZE"}).value(), Reply::Integer(400));
}

}  // namespace
}  // namespace rocky::valkey
