#include "lsp/server.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

namespace rocky::lsp {
namespace {

using nlohmann::json;

std::vector<json> Messages(const std::string& out) {
  std::istringstream in(out);
  std::ostringstream sink;
  Transport t(in, sink);
  std::vector<json> msgs;
  while (auto body = t.Read()) msgs.push_back(json::parse(*body));
  return msgs;
}

struct Harness {
  std::istringstream in;
  std::ostringstream out;
  Transport transport{in, out};
  LanguageServer server{
      transport, ServerOptions{.debounce = std::chrono::milliseconds(1), .chdir_to_root = false}};
  void Send(const json& msg) { server.Enqueue(msg.dump()); }
  void Drain() {
    server.CloseInput();
    while (server.ProcessOne()) {
    }
    server.WaitIdle();
  }
};

json Request(int id, const std::string& method, json params = json::object()) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
}

json Initialize(int id) {
  return Request(id, "initialize", {{"rootUri", "file:///nonexistent-rocky-root"}});
}

TEST(Server, RequestsBeforeInitialize) {
  Harness h;
  h.Send(Request(1, "textDocument/hover"));
  h.Drain();
  auto msgs = Messages(h.out.str());
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0]["error"]["code"], -32002);
}

TEST(Server, ParseErrorAndUnknownMethod) {
  Harness h;
  h.Send(Initialize(1));
  h.server.Enqueue("{not json");
  h.Send(Request(2, "rocky/unknown"));
  h.Send({{"jsonrpc", "2.0"}, {"method", "rocky/unknownNotification"}});
  h.Drain();
  auto msgs = Messages(h.out.str());
  ASSERT_GE(msgs.size(), 3u);
  EXPECT_EQ(msgs[0]["id"], 1);
  EXPECT_EQ(msgs[0]["result"]["capabilities"]["textDocumentSync"]["change"], 1);
  EXPECT_EQ(msgs[1]["error"]["code"], -32700);
  EXPECT_TRUE(msgs[1]["id"].is_null());
  EXPECT_EQ(msgs[2]["id"], 2);
  EXPECT_EQ(msgs[2]["error"]["code"], -32601);
  for (size_t i = 3; i < msgs.size(); ++i) EXPECT_FALSE(msgs[i].contains("id"));
}

TEST(Server, CancelledQueuedRequest) {
  Harness h;
  h.Send(Initialize(1));
  h.Send(Request(2, "rocky/unknown"));
  h.Send({{"jsonrpc", "2.0"}, {"method", "$/cancelRequest"}, {"params", {{"id", 2}}}});
  h.Drain();
  auto msgs = Messages(h.out.str());
  ASSERT_GE(msgs.size(), 2u);
  EXPECT_EQ(msgs[1]["id"], 2);
  EXPECT_EQ(msgs[1]["error"]["code"], -32800);
}

TEST(Server, ShutdownThenExit) {
  Harness h;
  h.Send(Initialize(1));
  h.Send(Request(2, "shutdown"));
  h.Send(Request(3, "rocky/unknown"));
  h.Send({{"jsonrpc", "2.0"}, {"method", "exit"}});
  h.Drain();
  auto msgs = Messages(h.out.str());
  json shutdown, after;
  for (const auto& m : msgs) {
    if (m.value("id", json()) == 2) shutdown = m;
    if (m.value("id", json()) == 3) after = m;
  }
  EXPECT_TRUE(shutdown.contains("result"));
  EXPECT_EQ(after["error"]["code"], -32600);
  EXPECT_EQ(h.server.ExitCode(), 0);
}

TEST(Server, ExitWithoutShutdown) {
  Harness h;
  h.Send(Initialize(1));
  h.Send({{"jsonrpc", "2.0"}, {"method", "exit"}});
  h.Drain();
  EXPECT_EQ(h.server.ExitCode(), 1);
}

TEST(Server, Uris) {
  EXPECT_EQ(PathOfUri("file:///tmp/a%20b/c.sql"), "/tmp/a b/c.sql");
  EXPECT_EQ(UriOfPath("/tmp/a b/é.sql"), "file:///tmp/a%20b/%C3%A9.sql");
  EXPECT_EQ(PathOfUri(UriOfPath("/x/é 😀.sql")), "/x/é 😀.sql");
}

}  // namespace
}  // namespace rocky::lsp
