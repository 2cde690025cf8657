#include "lsp/server.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <vector>

#include "lsp/test_support.h"
#include "lsp/utf16.h"

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
  std::function<void(const std::string&)> on_start;  // each request, as it starts
  LanguageServer server{transport,
                        ServerOptions{.debounce = std::chrono::milliseconds(1),
                                      .chdir_to_root = false,
                                      .on_request_start = [this](const std::string& method) {
                                        if (on_start) on_start(method);
                                      }}};
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

json Cancel(int id) {
  return {{"jsonrpc", "2.0"}, {"method", "$/cancelRequest"}, {"params", {{"id", id}}}};
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
  h.Send(Cancel(2));
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

// A server on MiniProject, initialized; each message is handled with the compile it starts.
struct ProjectHarness : Harness {
  MiniProject project;
  ProjectHarness() {
    Step(Request(1, "initialize", {{"rootUri", UriOfPath(project.root().string())}}));
    Step({{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", json::object()}});
  }
  void Step(const json& msg) {
    Send(msg);
    server.ProcessOne();
    server.WaitIdle();
  }
  json Ask(int id, const std::string& method, json params) {
    Step(Request(id, method, std::move(params)));
    for (const json& m : Messages(out.str()))
      if (m.value("id", json()) == id) return m;
    return json();
  }
  void Open(const std::string& uri, const std::string& language, const std::string& text) {
    Step(
        {{"jsonrpc", "2.0"},
         {"method", "textDocument/didOpen"},
         {"params", {{"textDocument", {{"uri", uri}, {"languageId", language}, {"text", text}}}}}});
  }
  json At(const std::string& file, int line, int character) const {
    return {{"textDocument", {{"uri", UriOfPath(project.Path(file))}}},
            {"position", {{"line", line}, {"character", character}}}};
  }
};

// UTF-16 units of the text before `needle` on line 2 of mart.sql.
int MartColumn(const std::string& needle) {
  std::string line(LineOf(MiniProject::kMart, 2));
  return Utf16Length(line.substr(0, line.find(needle)));
}

TEST(ServerFeatures, Capabilities) {
  ProjectHarness h;
  json caps = Messages(h.out.str())[0]["result"]["capabilities"];
  EXPECT_EQ(caps["referencesProvider"], true);
  EXPECT_EQ(caps["renameProvider"]["prepareProvider"], true);
  EXPECT_EQ(caps["signatureHelpProvider"]["triggerCharacters"], json({"(", ","}));
  EXPECT_EQ(caps["inlayHintProvider"], true);
  EXPECT_EQ(caps["semanticTokensProvider"]["full"], true);
  EXPECT_EQ(caps["semanticTokensProvider"]["legend"]["tokenTypes"][0], "namespace");
}

TEST(ServerFeatures, RenameAndReferencesPastNonAscii) {
  ProjectHarness h;
  const int col = MartColumn("stg JOIN");
  EXPECT_EQ(col, 13);  // FROM /*é😀*/ : é one unit, the emoji two
  json prepare = h.Ask(2, "textDocument/prepareRename", h.At("mart.sql", 2, col + 1))["result"];
  EXPECT_EQ(prepare["placeholder"], "stg");
  EXPECT_EQ(prepare["range"]["start"], json({{"line", 2}, {"character", col}}));
  EXPECT_TRUE(h.Ask(3, "textDocument/prepareRename", h.At("mart.sql", 1, 2))["result"].is_null());

  json params = h.At("mart.sql", 2, col);
  params["newName"] = "base";
  json changes = h.Ask(4, "textDocument/rename", params)["result"]["documentChanges"];
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0]["textDocument"]["uri"], UriOfPath(h.project.Path("mart.sql")));
  ASSERT_EQ(changes[0]["edits"].size(), 2u);
  EXPECT_EQ(changes[0]["edits"][0]["range"]["start"]["character"], col);
  EXPECT_EQ(changes[0]["edits"][0]["range"]["end"]["character"], col + 3);
  EXPECT_EQ(changes[0]["edits"][1]["range"]["start"]["character"], MartColumn("stg.id"));
  EXPECT_EQ(changes[1]["textDocument"]["uri"], UriOfPath(h.project.Path("staging.toml")));
  EXPECT_EQ(changes[1]["edits"][0]["newText"], "base");

  params = h.At("mart.sql", 2, MartColumn("orders"));
  params["newName"] = "sales";
  changes = h.Ask(5, "textDocument/rename", params)["result"]["documentChanges"];
  ASSERT_EQ(changes.size(), 4u);  // mart's edits, then the three files
  EXPECT_EQ(changes[1], json({{"kind", "rename"},
                              {"oldUri", UriOfPath(h.project.Path("orders.sql"))},
                              {"newUri", UriOfPath(h.project.Path("sales.sql"))}}));
  EXPECT_EQ(changes[2]["newUri"], UriOfPath(h.project.Path("sales.toml")));
  params["newName"] = "not a name";
  EXPECT_EQ(h.Ask(6, "textDocument/rename", params)["error"]["code"], -32803);

  params = h.At("mart.sql", 2, col);
  params["context"] = {{"includeDeclaration", false}};
  json refs = h.Ask(7, "textDocument/references", params)["result"];
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0]["range"]["start"]["character"], col);
}

TEST(ServerFeatures, CancelWhileRunning) {
  ProjectHarness h;
  json params = h.At("mart.sql", 2, MartColumn("stg JOIN"));
  params["context"] = {{"includeDeclaration", true}};
  // The cancellation arrives (on the reader's side) while request 2 runs.
  h.on_start = [&](const std::string& method) {
    if (method == "textDocument/references") h.Send(Cancel(2));
  };
  json cancelled = h.Ask(2, "textDocument/references", params);
  EXPECT_EQ(cancelled["error"]["code"], -32800) << cancelled;
  EXPECT_FALSE(cancelled.contains("result"));
  // Request 3 finishes before its cancellation: answered normally, and the late cancellation
  // touches neither it nor the next request.
  h.on_start = nullptr;
  EXPECT_EQ(h.Ask(3, "textDocument/references", params)["result"].size(), 3u);
  h.Send(Cancel(3));
  EXPECT_EQ(h.Ask(4, "textDocument/references", params)["result"].size(), 3u);
}

// The diagnostics of the last publishDiagnostics for `uri` (null when none was published).
json LastDiagnostics(const std::string& out, const std::string& uri) {
  json last;
  for (const json& m : Messages(out))
    if (m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
      last = m["params"]["diagnostics"];
  return last;
}

TEST(ServerFeatures, UnsavedNewFileIsAModelUntilClosed) {
  ProjectHarness h;
  const std::string uri = UriOfPath(h.project.Path("fresh.sql"));  // not on disk
  h.Step({{"jsonrpc", "2.0"},
          {"method", "textDocument/didOpen"},
          {"params",
           {{"textDocument",
             {{"uri", uri}, {"languageId", "sql"}, {"text", "SELECT id, nope FROM stg\n"}}}}}});
  json diags = LastDiagnostics(h.out.str(), uri);
  ASSERT_GE(diags.size(), 1u);
  EXPECT_EQ(diags[0]["code"], "E002") << diags;
  EXPECT_EQ(diags[0]["range"]["start"], json({{"line", 0}, {"character", 11}}));
  // It reads stg: a reference to stg from the rest of the project.
  json params = h.At("mart.sql", 2, MartColumn("stg JOIN"));
  params["context"] = {{"includeDeclaration", false}};
  auto files = [&](int id) {
    std::set<std::string> out;
    const json refs = h.Ask(id, "textDocument/references", params)["result"];
    for (const json& r : refs) out.insert(r["uri"].get<std::string>());
    return out;
  };
  EXPECT_TRUE(files(2).count(uri));
  h.Step({{"jsonrpc", "2.0"},
          {"method", "textDocument/didClose"},
          {"params", {{"textDocument", {{"uri", uri}}}}}});
  EXPECT_EQ(LastDiagnostics(h.out.str(), uri), json::array());
  EXPECT_FALSE(files(3).count(uri));
}

TEST(ServerFeatures, LocalRelationsInUtf16) {
  ProjectHarness h;
  // A .rocky buffer: the let binding's symbol, its range past é😀 on its first line.
  const std::string rocky_uri = UriOfPath(h.project.Path("d.rocky"));
  const std::string first = "let big = from stg | where label == \"é😀\"";
  h.Open(rocky_uri, "rocky", first + "\nfrom big\n");
  json symbols =
      h.Ask(2, "textDocument/documentSymbol", {{"textDocument", {{"uri", rocky_uri}}}})["result"];
  json let;
  for (const json& s : symbols)
    if (s["kind"] == 13) let = s;
  ASSERT_FALSE(let.is_null()) << symbols;
  EXPECT_EQ(let["name"], "big");
  EXPECT_EQ(let["selectionRange"], json({{"start", {{"line", 0}, {"character", 4}}},
                                         {"end", {{"line", 0}, {"character", 7}}}}));
  EXPECT_EQ(let["range"]["start"], json({{"line", 0}, {"character", 0}}));
  const json end_of_line = {{"line", 0}, {"character", Utf16Length(first)}};
  const json next_line = {{"line", 1}, {"character", 0}};
  EXPECT_TRUE(let["range"]["end"] == end_of_line || let["range"]["end"] == next_line)
      << let["range"];
  json loc = h.Ask(3, "textDocument/definition", h.At("d.rocky", 1, 6))["result"];
  EXPECT_EQ(loc["range"]["start"], json({{"line", 0}, {"character", 4}}));

  // A SQL buffer: a CTE after é😀, its definition and its columns after an alias.
  const std::string sql_uri = UriOfPath(h.project.Path("top.sql"));
  const std::string line0 = "/*é😀*/ WITH c AS (SELECT id FROM stg)";
  h.Open(sql_uri, "sql", line0 + "\nSELECT x. FROM c AS x\n");
  loc = h.Ask(4, "textDocument/definition", h.At("top.sql", 1, 16))["result"];
  const int c_at = Utf16Length("/*é😀*/ WITH ");
  EXPECT_EQ(loc["range"], json({{"start", {{"line", 0}, {"character", c_at}}},
                                {"end", {{"line", 0}, {"character", c_at + 1}}}}));
  json items = h.Ask(5, "textDocument/completion", h.At("top.sql", 1, 9))["result"]["items"];
  ASSERT_EQ(items.size(), 1u) << items;
  EXPECT_EQ(items[0]["label"], "id");
  EXPECT_EQ(items[0]["detail"], "Int64 · c");
  items = h.Ask(6, "textDocument/completion", h.At("top.sql", 1, 7))["result"]["items"];
  bool sum = false;
  for (const json& i : items) sum = sum || (i["label"] == "SUM" && i["kind"] == 3);
  EXPECT_TRUE(sum);
}

TEST(ServerFeatures, SemanticTokensAreDeltaEncodedInUtf16) {
  ProjectHarness h;
  json data =
      h.Ask(2, "textDocument/semanticTokens/full",
            {{"textDocument", {{"uri", UriOfPath(h.project.Path("mart.sql"))}}}})["result"]["data"];
  ASSERT_EQ(data.size() % 5, 0u);
  struct Token {
    int line, character, length, type;
  };
  std::vector<Token> tokens;
  int line = 0, character = 0;
  for (size_t i = 0; i < data.size(); i += 5) {
    character = data[i] == 0 ? character + data[i + 1].get<int>() : data[i + 1].get<int>();
    line += data[i].get<int>();
    tokens.push_back({line, character, data[i + 2], data[i + 3]});
  }
  auto find = [&](int l, int c) -> std::optional<Token> {
    for (const Token& t : tokens)
      if (t.line == l && t.character == c) return t;
    return std::nullopt;
  };
  auto comment = find(0, 0);
  ASSERT_TRUE(comment);
  EXPECT_EQ(comment->length, 19);
  EXPECT_EQ(comment->type, 6);
  auto inline_comment = find(2, 5);  // /*é😀*/: 2 + 1 + 2 + 2 units
  ASSERT_TRUE(inline_comment);
  EXPECT_EQ(inline_comment->length, 7);
  auto model = find(2, MartColumn("stg JOIN"));
  ASSERT_TRUE(model);
  EXPECT_EQ(model->length, 3);
  EXPECT_EQ(model->type, 0);  // namespace
}

TEST(ServerFeatures, CastQuickFixForAJoinKeyMismatch) {
  ProjectHarness h;
  const std::string bad = "SELECT a.id FROM stg a JOIN orders b ON b.order_id = a.label\n";
  h.project.Write("bad.sql", bad);
  const std::string uri = UriOfPath(h.project.Path("bad.sql"));
  h.Step({{"jsonrpc", "2.0"},
          {"method", "textDocument/didOpen"},
          {"params", {{"textDocument", {{"uri", uri}, {"languageId", "sql"}, {"text", bad}}}}}});
  json e001;
  for (const json& m : Messages(h.out.str()))
    if (m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
      for (const json& d : m["params"]["diagnostics"])
        if (d.value("code", "") == "E001") e001 = d;
  ASSERT_FALSE(e001.is_null()) << h.out.str();
  json actions = h.Ask(2, "textDocument/codeAction",
                       {{"textDocument", {{"uri", uri}}},
                        {"range", e001["range"]},
                        {"context", {{"diagnostics", {e001}}}}})["result"];
  ASSERT_EQ(actions.size(), 1u);
  json edit = actions[0]["edit"]["changes"][uri][0];
  EXPECT_EQ(edit["newText"], "CAST(a.label AS BIGINT)");
  const int at = static_cast<int>(bad.find("a.label"));
  EXPECT_EQ(edit["range"], json({{"start", {{"line", 0}, {"character", at}}},
                                 {"end", {{"line", 0}, {"character", at + 7}}}}));
}

TEST(ServerFeatures, AddMissingDependsOnQuickFix) {
  ProjectHarness h;
  const std::string sidecar = "intent = \"Top.\"\ndepends_on = [\n  \"stg\",\n]\n";
  h.project.Write("top.toml", sidecar);
  h.Step({{"jsonrpc", "2.0"},
          {"method", "textDocument/didSave"},
          {"params", {{"textDocument", {{"uri", UriOfPath(h.project.Path("top.sql"))}}}}}});
  const std::string uri = UriOfPath(h.project.Path("top.toml"));
  json d011;
  for (const json& d : LastDiagnostics(h.out.str(), uri))
    if (d.value("code", "") == "D011") d011 = d;
  ASSERT_FALSE(d011.is_null()) << h.out.str();
  EXPECT_EQ(d011["range"]["start"]["line"], 1);
  json actions = h.Ask(2, "textDocument/codeAction",
                       {{"textDocument", {{"uri", uri}}},
                        {"range", d011["range"]},
                        {"context", {{"diagnostics", {d011}}}}})["result"];
  ASSERT_EQ(actions.size(), 1u) << actions;
  EXPECT_EQ(actions[0]["title"], "Add 'mart' to depends_on");
  json edit = actions[0]["edit"]["changes"][uri][0];
  EXPECT_EQ(edit["newText"], " \"mart\",");
  EXPECT_EQ(edit["range"], json({{"start", {{"line", 2}, {"character", 8}}},
                                 {"end", {{"line", 2}, {"character", 8}}}}));
  // Applied, the sidecar lists both and D011 is gone.
  h.project.Write("top.toml", "intent = \"Top.\"\ndepends_on = [\n  \"stg\", \"mart\",\n]\n");
  h.Step({{"jsonrpc", "2.0"},
          {"method", "textDocument/didSave"},
          {"params", {{"textDocument", {{"uri", uri}}}}}});
  for (const json& d : LastDiagnostics(h.out.str(), uri)) EXPECT_NE(d.value("code", ""), "D011");
}

}  // namespace
}  // namespace rocky::lsp
