#include "lsp/server.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <system_error>

#include "base/log.h"
#include "lsp/features.h"
#include "lsp/utf16.h"

namespace rocky::lsp {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json ErrorResponse(const json& id, ErrorCode code, const std::string& message) {
  return json{{"jsonrpc", "2.0"},
              {"id", id},
              {"error", {{"code", static_cast<int>(code)}, {"message", message}}}};
}

json Result(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

int LspSeverity(Severity s) {
  switch (s) {
    case Severity::kError:
      return 1;
    case Severity::kWarning:
      return 2;
    case Severity::kInfo:
      return 3;
  }
  return 3;
}

}  // namespace

LanguageServer::LanguageServer(Transport& transport, ServerOptions options)
    : transport_(transport), options_(options) {
  compiler_ = std::thread([this] { CompileLoop(); });
}

LanguageServer::~LanguageServer() {
  {
    std::lock_guard lock(compile_mutex_);
    stop_compiler_ = true;
  }
  compile_cv_.notify_all();
  compiler_.join();
}

void LanguageServer::Enqueue(std::string body) {
  // A cancellation is recorded before anything queued is dispatched.
  try {
    json msg = json::parse(body);
    if (msg.is_object() && msg.value("method", "") == "$/cancelRequest" && msg.contains("params") &&
        msg["params"].contains("id")) {
      std::lock_guard lock(queue_mutex_);
      const std::string id = msg["params"]["id"].dump();
      if (running_ == id) {
        running_cancelled_ = true;
      } else {
        cancelled_.insert(id);
      }
      return;
    }
  } catch (const json::exception&) {
    // answered as a parse error when dispatched
  }
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back(std::move(body));
  }
  queue_cv_.notify_one();
}

void LanguageServer::CloseInput() {
  {
    std::lock_guard lock(queue_mutex_);
    input_closed_ = true;
  }
  queue_cv_.notify_one();
}

bool LanguageServer::ProcessOne() {
  if (exited_) return false;
  std::string body;
  {
    std::unique_lock lock(queue_mutex_);
    queue_cv_.wait(lock, [&] { return !queue_.empty() || input_closed_; });
    if (queue_.empty()) return false;
    body = std::move(queue_.front());
    queue_.pop_front();
  }
  Dispatch(body);
  return !exited_;
}

int LanguageServer::Run() {
  std::thread reader([this] {
    while (auto body = transport_.Read()) Enqueue(std::move(*body));
    CloseInput();
  });
  while (ProcessOne()) {
  }
  // After `exit` the reader may still block on input: it ends with the process.
  if (exited_) {
    reader.detach();
  } else {
    reader.join();
  }
  return ExitCode();
}

void LanguageServer::Dispatch(const std::string& body) {
  json msg;
  try {
    msg = json::parse(body);
  } catch (const json::exception& e) {
    transport_.Write(ErrorResponse(nullptr, ErrorCode::kParseError, e.what()).dump());
    return;
  }
  if (!msg.is_object() || !msg.contains("method") || !msg["method"].is_string()) {
    // Responses to server requests are not expected: ignore them; anything else is invalid.
    if (msg.is_object() && (msg.contains("result") || msg.contains("error"))) return;
    transport_.Write(ErrorResponse(msg.is_object() && msg.contains("id") ? msg["id"] : json(),
                                   ErrorCode::kInvalidRequest, "not a JSON-RPC request")
                         .dump());
    return;
  }
  const std::string method = msg["method"];
  const bool is_request = msg.contains("id");
  const json id = is_request ? msg["id"] : json();
  const json params = msg.value("params", json::object());

  if (is_request) {
    std::lock_guard lock(queue_mutex_);
    if (cancelled_.erase(id.dump())) {
      transport_.Write(ErrorResponse(id, ErrorCode::kRequestCancelled, "request cancelled").dump());
      return;
    }
    running_ = id.dump();
    running_cancelled_ = false;
  }
  // Whichever way the request is answered, it no longer runs afterwards.
  struct EndRun {
    LanguageServer& server;
    ~EndRun() {
      std::lock_guard lock(server.queue_mutex_);
      server.running_.reset();
    }
  } end_run{*this};
  if (is_request && options_.on_request_start) options_.on_request_start(method);
  if (method == "exit") {
    exited_ = true;
    return;
  }
  if (shutdown_) {
    if (is_request)
      transport_.Write(
          ErrorResponse(id, ErrorCode::kInvalidRequest, "the server is shut down").dump());
    return;
  }
  if (!initialized_ && method != "initialize") {
    if (is_request)
      transport_.Write(
          ErrorResponse(id, ErrorCode::kServerNotInitialized, "initialize first").dump());
    return;
  }

  try {
    if (method == "initialize") {
      if (initialized_) {
        transport_.Write(
            ErrorResponse(id, ErrorCode::kInvalidRequest, "already initialized").dump());
        return;
      }
      std::string root;
      if (params.contains("rootUri") && params["rootUri"].is_string()) {
        root = PathOfUri(params["rootUri"]);
      } else if (params.contains("workspaceFolders") && params["workspaceFolders"].is_array() &&
                 !params["workspaceFolders"].empty()) {
        root = PathOfUri(params["workspaceFolders"][0].value("uri", ""));
      } else if (params.contains("rootPath") && params["rootPath"].is_string()) {
        root = params["rootPath"];
      }
      if (root.empty()) root = fs::current_path().string();
      {
        std::lock_guard lock(compile_mutex_);
        workspace_ = std::make_unique<Workspace>(root);
      }
      if (options_.chdir_to_root) {
        std::error_code ec;
        fs::current_path(workspace_->root(), ec);
        if (ec) LogWarn("lsp: cannot enter {}: {}", root, ec.message());
      }
      initialized_ = true;
      json capabilities = {
          {"positionEncoding", "utf-16"},
          {"textDocumentSync",
           {{"openClose", true}, {"change", 1}, {"save", {{"includeText", false}}}}},
          {"documentFormattingProvider", true},
          {"hoverProvider", true},
          {"definitionProvider", true},
          {"documentSymbolProvider", true},
          {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
          {"completionProvider", {{"triggerCharacters", {".", " "}}}},
          {"referencesProvider", true},
          {"renameProvider", {{"prepareProvider", true}}},
          {"signatureHelpProvider", {{"triggerCharacters", {"(", ","}}}},
          {"inlayHintProvider", true},
          {"semanticTokensProvider", {{"legend", SemanticTokensLegend()}, {"full", true}}},
      };
      transport_.Write(Result(id, {{"capabilities", capabilities},
                                   {"serverInfo", {{"name", "rocky"}, {"version", "1.0.0"}}}})
                           .dump());
      return;
    }
    if (method == "initialized") {
      ScheduleCompile(std::chrono::milliseconds(0));
      return;
    }
    if (method == "shutdown") {
      shutdown_ = true;
      transport_.Write(Result(id, nullptr).dump());
      return;
    }
    if (method == "textDocument/didOpen") {
      const json& doc = params.at("textDocument");
      workspace_->Open(PathOfUri(doc.at("uri")), doc.at("text"));
      ScheduleCompile(std::chrono::milliseconds(0));
      return;
    }
    if (method == "textDocument/didChange") {
      std::string path = PathOfUri(params.at("textDocument").at("uri"));
      std::string text = workspace_->Text(path).value_or("");
      for (const json& change : params.at("contentChanges")) {
        if (change.contains("range")) {  // incremental, accepted though Full is advertised
          const json& r = change["range"];
          size_t start = OffsetOfPosition(text, r["start"]["line"], r["start"]["character"]);
          size_t end = OffsetOfPosition(text, r["end"]["line"], r["end"]["character"]);
          if (end < start) std::swap(start, end);
          text.replace(start, end - start, change.at("text").get<std::string>());
        } else {
          text = change.at("text");
        }
      }
      workspace_->Update(path, std::move(text));
      ScheduleCompile(options_.debounce);
      return;
    }
    if (method == "textDocument/didSave") {
      ScheduleCompile(std::chrono::milliseconds(0));
      return;
    }
    if (method == "textDocument/hover") {
      std::string path = PathOfUri(params.at("textDocument").at("uri"));
      std::string text = workspace_->Contents(path);
      const json& pos = params.at("position");
      size_t offset = OffsetOfPosition(text, pos.at("line"), pos.at("character"));
      auto markdown = workspace_->Hover(path, text, offset);
      transport_.Write(
          Result(id, markdown ? json{{"contents", {{"kind", "markdown"}, {"value", *markdown}}}}
                              : json())
              .dump());
      return;
    }
    if (method == "textDocument/definition") {
      std::string path = PathOfUri(params.at("textDocument").at("uri"));
      std::string text = workspace_->Contents(path);
      const json& pos = params.at("position");
      size_t offset = OffsetOfPosition(text, pos.at("line"), pos.at("character"));
      json result;  // null: no definition
      if (auto span = workspace_->Definition(path, text, offset)) {
        std::string target = workspace_->Contents(span->file);
        result = {{"uri", UriOfPath(span->file)}, {"range", RangeOf(*span, target)}};
      }
      transport_.Write(Result(id, std::move(result)).dump());
      return;
    }
    if (method == "textDocument/completion") {
      std::string path = PathOfUri(params.at("textDocument").at("uri"));
      std::string text = workspace_->Contents(path);
      const json& pos = params.at("position");
      size_t offset = OffsetOfPosition(text, pos.at("line"), pos.at("character"));
      json items = json::array();
      Workspace::CompletionList list = workspace_->Complete(path, text, offset);
      for (const auto& c : list.items) {
        // CompletionItemKind: Module 9 for models, Field 5 for columns, Function 3, Class 7 for
        // the buffer's own relations, Keyword 14.
        int kind = c.kind == Workspace::Completion::Kind::kModel      ? 9
                   : c.kind == Workspace::Completion::Kind::kColumn   ? 5
                   : c.kind == Workspace::Completion::Kind::kFunction ? 3
                   : c.kind == Workspace::Completion::Kind::kLocal    ? 7
                                                                      : 14;
        json item = {{"label", c.label}, {"kind", kind}};
        if (!c.detail.empty()) item["detail"] = c.detail;
        items.push_back(std::move(item));
      }
      transport_.Write(
          Result(id, {{"isIncomplete", list.incomplete}, {"items", std::move(items)}}).dump());
      return;
    }
    if (method == "textDocument/documentSymbol") {
      std::string path = PathOfUri(params.at("textDocument").at("uri"));
      std::string text = workspace_->Contents(path);
      json symbols = json::array();
      for (const auto& sym : workspace_->Symbols(path, text)) {
        json selection = RangeOf(sym.span, text);
        json range = selection;
        if (sym.end > sym.begin) {
          Position b = PositionOfOffset(text, sym.begin), e = PositionOfOffset(text, sym.end);
          range = {{"start", {{"line", b.line}, {"character", b.character}}},
                   {"end", {{"line", e.line}, {"character", e.character}}}};
        }
        // SymbolKind: Class 5 for CTEs, Variable 13 for `let` bindings, Field 8 for columns.
        int kind = sym.kind == Workspace::Symbol::Kind::kCte   ? 5
                   : sym.kind == Workspace::Symbol::Kind::kLet ? 13
                                                               : 8;
        symbols.push_back({{"name", sym.name},
                           {"detail", sym.detail},
                           {"kind", kind},
                           {"range", std::move(range)},
                           {"selectionRange", std::move(selection)}});
      }
      transport_.Write(Result(id, std::move(symbols)).dump());
      return;
    }
    if (method == "textDocument/formatting") {
      std::string path = PathOfUri(params.at("textDocument").at("uri"));
      json edits = json::array();
      std::string text = workspace_->Text(path).value_or("");
      if (auto formatted = workspace_->FormatRocky(path); formatted && *formatted != text) {
        // One edit replacing the whole buffer: from the start to past the last character.
        int last_line = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
        size_t last_start = text.rfind('\n');
        last_start = last_start == std::string::npos ? 0 : last_start + 1;
        json end = {{"line", last_line},
                    {"character", Utf16Length(std::string_view(text).substr(last_start))}};
        edits.push_back({{"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", end}}},
                         {"newText", *formatted}});
      }
      transport_.Write(Result(id, std::move(edits)).dump());
      return;
    }
    if (is_request) {
      json result;
      FeatureReply reply =
          HandleFeature(*workspace_, method, params, result, CancelToken(running_cancelled_));
      if (reply.handled) {
        if (running_cancelled_) {
          transport_.Write(
              ErrorResponse(id, ErrorCode::kRequestCancelled, "request cancelled").dump());
        } else {
          transport_.Write((reply.failure
                                ? ErrorResponse(id, ErrorCode::kRequestFailed, *reply.failure)
                                : Result(id, std::move(result)))
                               .dump());
        }
        return;
      }
    }
    if (method == "textDocument/didClose") {
      workspace_->Close(PathOfUri(params.at("textDocument").at("uri")));
      ScheduleCompile(std::chrono::milliseconds(0));
      return;
    }
  } catch (const json::exception& e) {
    if (is_request) {
      transport_.Write(ErrorResponse(id, ErrorCode::kInvalidParams, e.what()).dump());
    } else {
      LogError("lsp: bad {} notification: {}", method, e.what());
    }
    return;
  }
  if (is_request)
    transport_.Write(
        ErrorResponse(id, ErrorCode::kMethodNotFound, "method not found: " + method).dump());
}

void LanguageServer::ScheduleCompile(std::chrono::milliseconds delay) {
  {
    std::lock_guard lock(compile_mutex_);
    compile_due_ = std::chrono::steady_clock::now() + delay;
  }
  compile_cv_.notify_all();
}

void LanguageServer::WaitIdle() {
  std::unique_lock lock(compile_mutex_);
  compile_cv_.wait(lock, [&] { return !compile_due_ && !compiling_; });
}

void LanguageServer::CompileLoop() {
  std::unique_lock lock(compile_mutex_);
  while (true) {
    compile_cv_.wait(lock, [&] { return stop_compiler_ || compile_due_; });
    if (stop_compiler_) return;
    // Debounce: wait until no change arrived for the whole delay.
    while (compile_due_ && !stop_compiler_ && std::chrono::steady_clock::now() < *compile_due_) {
      auto due = *compile_due_;
      compile_cv_.wait_until(lock, due);
    }
    if (stop_compiler_) return;
    compile_due_.reset();
    compiling_ = true;
    lock.unlock();
    PublishAll();
    lock.lock();
    compiling_ = false;
    compile_cv_.notify_all();
  }
}

void LanguageServer::PublishAll() {
  if (!workspace_) return;
  std::map<std::string, std::vector<Diagnostic>> by_file;
  try {
    by_file = workspace_->Compile();
  } catch (const std::exception& e) {  // keep serving; the next change compiles again
    LogError("lsp: compile failed: {}", e.what());
    return;
  }
  std::set<std::string> targets = published_;
  for (const auto& [file, diags] : by_file) targets.insert(file);
  for (const auto& path : workspace_->OpenPaths()) targets.insert(path);
  std::set<std::string> now_published;
  for (const auto& file : targets) {
    auto it = by_file.find(file);
    json list = json::array();
    if (it != by_file.end() && !it->second.empty()) {
      std::string text = workspace_->Contents(file);
      for (const auto& d : it->second) {
        json item = {
            {"range", RangeOf(*d.span, text)},
            {"severity", LspSeverity(d.severity)},
            {"source", "rocky"},
            {"message", d.suggestion ? d.message + " (" + *d.suggestion + ")" : d.message}};
        if (!d.code.empty()) item["code"] = d.code;
        if (d.suggestion) item["data"] = {{"suggestion", *d.suggestion}};
        list.push_back(std::move(item));
      }
      now_published.insert(file);
    }
    json note = {{"jsonrpc", "2.0"},
                 {"method", "textDocument/publishDiagnostics"},
                 {"params", {{"uri", UriOfPath(file)}, {"diagnostics", std::move(list)}}}};
    transport_.Write(note.dump());
  }
  published_ = std::move(now_published);
}

}  // namespace rocky::lsp
