#include "server/api_server.h"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "base/file_watcher.h"
#include "base/hash.h"
#include "base/log.h"
#include "facade/api_views.h"
#include "facade/project_compile.h"
#include "facade/project_models.h"
#include "server/http_daemon.h"
#include "server/web/dashboard_page.h"
#include "state/state_store.h"

namespace rocky::server {

namespace {

// One compile of the project with the bodies that do not depend on the request, rendered once,
// and each model's lineage body rendered the first time it is asked for.
struct Snapshot {
  explicit Snapshot(size_t models) : lineage(models), lineage_once(models) {}
  std::shared_ptr<facade::CompiledProject> compiled;
  std::string models;
  std::string dag;
  std::string layers;
  std::string compile;
  bool has_errors = false;
  mutable std::vector<std::string> lineage;  // each written once, under its once_flag
  mutable std::vector<std::once_flag> lineage_once;

  const std::string& Lineage(project::ModelId id) const {
    std::call_once(lineage_once[id],
                   [&] { lineage[id] = facade::ModelLineageView(*compiled, id).Dump(); });
    return lineage[id];
  }
};

HttpReply JsonReply(int status, const Json& body) {
  HttpReply reply;
  reply.status = status;
  reply.body = body.Dump();
  return reply;
}

HttpReply ErrorReply(int status, std::string message) {
  return JsonReply(status, Json::Object().Set("error", std::move(message)));
}

// A body the snapshot owns, sent without a copy while the snapshot lives.
HttpReply SnapshotReply(std::shared_ptr<const Snapshot> snapshot, const std::string& body) {
  HttpReply reply;
  reply.view = body;
  reply.keep = std::move(snapshot);
  return reply;
}

Routed Now(HttpReply reply) { return Routed{std::move(reply), {}}; }
Routed Later(std::function<HttpReply()> work) { return Routed{std::nullopt, std::move(work)}; }

// `path` split at '/' after `prefix` (which it starts with).
std::vector<std::string_view> Segments(std::string_view path, std::string_view prefix) {
  std::vector<std::string_view> parts;
  path.remove_prefix(prefix.size());
  while (!path.empty()) {
    const size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

}  // namespace

bool IsLoopbackHost(std::string_view host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.starts_with("127.");
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // Comparing digests hides the length too.
  const std::string da = Sha256Hex(a), db = Sha256Hex(b);
  unsigned char diff = 0;
  for (size_t i = 0; i < da.size(); ++i) diff |= static_cast<unsigned char>(da[i] ^ db[i]);
  return diff == 0;
}

struct ApiServer::Impl {
  const config::Config& config;
  facade::ProjectOptions project;
  ServeOptions options;
  std::string state_path;
  std::unique_ptr<HttpDaemon> daemon;

  std::mutex snapshot_mutex;
  std::condition_variable compiled_cv;
  std::shared_ptr<const Snapshot> snapshot;  // guarded by snapshot_mutex; null until compiled
  int compiles = 0;                          // guarded by snapshot_mutex
  std::mutex compile_mutex;                  // one compile at a time
  std::thread first_compile;
  std::unique_ptr<FileWatcher> watcher;
  std::condition_variable stop_cv;  // Serve() waits for `stopping`, under snapshot_mutex
  bool stopping = false;

  Impl(const config::Config& c, facade::ProjectOptions p, ServeOptions o)
      : config(c), project(std::move(p)), options(std::move(o)) {
    state_path = facade::StatePath(config, project);
  }

  std::shared_ptr<const Snapshot> Current() {
    std::lock_guard guard(snapshot_mutex);
    return snapshot;
  }

  // Compiles and swaps the snapshot in; the new one.
  std::shared_ptr<const Snapshot> Compile() {
    std::lock_guard one(compile_mutex);
    auto start = std::chrono::steady_clock::now();
    auto compiled = std::make_shared<facade::CompiledProject>(
        facade::CompileProject(config, project, {.columns_needed = true}));
    // Decoded now, so requests only read the project and may share it.
    for (size_t i = 0; i < compiled->types.models.size(); ++i) compiled->types.DecodeColumns(i);
    auto next = std::make_shared<Snapshot>(compiled->project.load.models.size());
    next->compiled = compiled;
    next->models = facade::ModelsView(*compiled).Dump();
    next->dag = facade::DagView(*compiled).Dump();
    next->layers = facade::DagLayersView(*compiled).Dump();
    Json summary = facade::CompileView(*compiled);
    next->has_errors = summary["has_errors"].AsBool();
    next->compile = summary.Dump();
    {
      std::lock_guard guard(snapshot_mutex);
      snapshot = next;
      ++compiles;
    }
    compiled_cv.notify_all();
    LogInfo("compiled {} models in {} ms ({} diagnostics)", compiled->project.load.models.size(),
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count(),
            compiled->diagnostics.size());
    return next;
  }

  // The state store read-only, or null when there is none yet.
  std::unique_ptr<state::StateStore> OpenState() {
    std::error_code ec;
    if (!std::filesystem::exists(state_path, ec)) return nullptr;
    auto store = state::StateStore::Open(state_path, state::OpenMode::kReadOnly);
    if (!store) {
      LogWarn("cannot open the state store {}: {}", state_path, store.error().Text());
      return nullptr;
    }
    return std::make_unique<state::StateStore>(std::move(*store));
  }

  bool Authorized(const HttpRequest& request) const {
    if (options.token.empty()) return true;
    constexpr std::string_view kBearer = "Bearer ";
    const auto header = request.Header("Authorization");
    if (!header || !header->starts_with(kBearer)) return false;
    return ConstantTimeEquals(header->substr(kBearer.size()), options.token);
  }

  // Every request, on an I/O thread: authorization, the route, CORS.
  Routed Route(const HttpRequest& request) {
    const bool api = request.path.starts_with("/api/v1/");
    if (api && request.path != "/api/v1/health" && !Authorized(request))
      return Now(ErrorReply(401, "unauthorized"));
    Routed routed = Dispatch(request.method, request.path);
    if (!options.token.empty() || request.method != "GET") return routed;
    auto cors = [](HttpReply& reply) {
      reply.headers.emplace_back("Access-Control-Allow-Origin", "*");
    };
    if (routed.reply) {
      cors(*routed.reply);
    } else {
      routed.slow = [slow = std::move(routed.slow), cors] {
        HttpReply reply = slow();
        cors(reply);
        return reply;
      };
    }
    return routed;
  }

  Routed Dispatch(std::string_view method, std::string_view path) {
    const bool get = method == "GET";
    auto wrong_method = [&] {
      return Now(ErrorReply(405, fmt::format("no route {} {}", method, path)));
    };
    if (path == "/" || path == "/dashboard") {
      if (!get) return wrong_method();
      HttpReply page;
      page.content_type = "text/html; charset=utf-8";
      page.view = web::DashboardPage();
      return Now(std::move(page));
    }
    if (path == "/api/v1/health") {
      if (!get) return wrong_method();
      return Now(
          JsonReply(200, Json::Object().Set("status", "ok").Set("version", options.version)));
    }
    if (path == "/api/v1/compile" && method == "POST")
      return Later([this] {
        auto next = Compile();
        return JsonReply(
            200,
            Json::Object()
                .Set("status", "recompiled")
                .Set("models", static_cast<int64_t>(next->compiled->project.load.models.size()))
                .Set("has_errors", next->has_errors));
      });
    static const std::pair<std::string_view, std::string Snapshot::*> kCached[] = {
        {"/api/v1/models", &Snapshot::models},
        {"/api/v1/dag", &Snapshot::dag},
        {"/api/v1/dag/layers", &Snapshot::layers},
        {"/api/v1/compile", &Snapshot::compile},
    };
    for (const auto& [route, body] : kCached) {
      if (path != route) continue;
      if (!get) return wrong_method();
      auto current = Current();
      if (!current) return Now(ErrorReply(503, "compiling"));
      const std::string& text = (*current).*body;
      return Now(SnapshotReply(std::move(current), text));
    }
    if (path == "/api/v1/runs") {
      if (!get) return wrong_method();
      return Later([this] {
        auto store = OpenState();
        return JsonReply(200, facade::RunsView(store.get()));
      });
    }
    if (path.starts_with("/api/v1/models/")) {
      const auto parts = Segments(path, "/api/v1/models/");
      const bool known = (parts.size() == 1) ||
                         (parts.size() == 2 && (parts[1] == "lineage" || parts[1] == "history" ||
                                                parts[1] == "metrics")) ||
                         (parts.size() == 3 && parts[1] == "lineage");
      if (known && !parts[0].empty() && (parts.size() < 3 || !parts[2].empty())) {
        if (!get) return wrong_method();
        return ModelRoute(parts);
      }
    }
    return Now(ErrorReply(404, fmt::format("no route {} {}", method, path)));
  }

  // /api/v1/models/{name}[/lineage[/{column}] | /history | /metrics].
  Routed ModelRoute(const std::vector<std::string_view>& parts) {
    auto current = Current();
    if (!current) return Now(ErrorReply(503, "compiling"));
    const std::string name(parts[0]);
    auto found = current->compiled->project.dag.dag.Find(name);
    if (!found) return Now(ErrorReply(404, "model '" + name + "' not found"));
    const project::ModelId id = *found;
    if (parts.size() == 1) return Now(JsonReply(200, facade::ModelView(*current->compiled, id)));
    if (parts[1] == "lineage" && parts.size() == 2) {
      const std::string& body = current->Lineage(id);
      return Now(SnapshotReply(std::move(current), body));
    }
    if (parts[1] == "lineage") {
      return Later([current, id, column = std::string(parts[2])] {
        auto trace = facade::ColumnTraceView(*current->compiled, id, column);
        if (!trace)
          return ErrorReply(404, "column '" + column + "' not found in model '" +
                                     current->compiled->project.dag.dag.name(id) + "'");
        return JsonReply(200, *trace);
      });
    }
    // The state-backed routes of one model: its name as the state store knows it.
    auto view = parts[1] == "history" ? &facade::ModelHistoryView : &facade::ModelMetricsView;
    return Later([this, current, id, view] {
      auto store = OpenState();
      return JsonReply(200, view(store.get(), current->compiled->project.dag.dag.name(id)));
    });
  }
};

ApiServer::ApiServer(const config::Config& config, facade::ProjectOptions project,
                     ServeOptions options)
    : impl_(std::make_unique<Impl>(config, std::move(project), std::move(options))) {}

ApiServer::~ApiServer() {
  Stop();
  if (impl_->first_compile.joinable()) impl_->first_compile.join();
}

Result<int> ApiServer::Start() {
  Impl& s = *impl_;
  s.daemon = std::make_unique<HttpDaemon>(HttpDaemonOptions{
      .host = s.options.host,
      .port = s.options.port,
      .io_threads = s.options.threads,
      .max_body_bytes = s.options.max_body_bytes,
      .io_timeout = s.options.io_timeout,
      .route = [&s](const HttpRequest& request) { return s.Route(request); },
      .error = &ErrorReply,
  });
  auto port = s.daemon->Start();
  if (!port) return port;
  s.first_compile = std::thread([&s] { s.Compile(); });
  if (s.options.watch) {
    auto dir = facade::ModelsDir(s.config, s.project).string();
    auto watcher = FileWatcher::Start(
        dir, {.extensions = {".sql", ".rocky", ".toml"}, .quiet = std::chrono::milliseconds(100)},
        [&s](const std::vector<std::string>& changed) {
          LogInfo("{} file(s) changed; recompiling", changed.size());
          s.Compile();
        });
    if (!watcher) return Fail(std::move(watcher.error()));
    s.watcher = std::move(*watcher);
  }
  return port;
}

void ApiServer::Serve() {
  std::unique_lock guard(impl_->snapshot_mutex);
  impl_->stop_cv.wait(guard, [&] { return impl_->stopping; });
}

void ApiServer::Stop() {
  if (impl_->watcher) impl_->watcher->Stop();
  if (impl_->daemon) impl_->daemon->Stop();
  {
    std::lock_guard guard(impl_->snapshot_mutex);
    impl_->stopping = true;
  }
  impl_->stop_cv.notify_all();
}

bool ApiServer::WaitCompiled(std::chrono::milliseconds timeout) {
  std::unique_lock guard(impl_->snapshot_mutex);
  return impl_->compiled_cv.wait_for(guard, timeout, [&] { return impl_->snapshot != nullptr; });
}

int ApiServer::compiles() const {
  std::lock_guard guard(impl_->snapshot_mutex);
  return impl_->compiles;
}

}  // namespace rocky::server
