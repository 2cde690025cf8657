#include "server/api_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "base/file_watcher.h"
#include "base/hash.h"
#include "base/log.h"
#include "facade/api_views.h"
#include "facade/project_compile.h"
#include "facade/project_models.h"
#include "server/accepted_socket.h"
#include "server/web/dashboard_page.h"
#include "state/state_store.h"

namespace rocky::server {

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";

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

void SendJson(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.Dump(), kJson);
}

void SendError(httplib::Response& res, int status, std::string message) {
  SendJson(res, status, Json::Object().Set("error", std::move(message)));
}

// The worker pool, with a deadline on each request: a connection must deliver its request
// (headers and body) within `limit` of being accepted or of its previous answer, or it is shut
// down. cpp-httplib's read timeout is per read, so a client that trickles a byte at a time would
// otherwise hold a worker for ever (slow-loris).
class DeadlineWorkers : public httplib::TaskQueue {
 public:
  DeadlineWorkers(int threads, std::chrono::milliseconds limit) : limit_(limit) {
    slots_.resize(threads);
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this, i] { Work(i); });
    watchdog_ = std::thread([this] { Watch(); });
  }
  ~DeadlineWorkers() override { shutdown(); }

  // On the accepting thread, right after the accept that made the connection.
  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard guard(mutex_);
      jobs_.push_back({std::move(fn), LastAcceptedSocket()});
    }
    wake_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard guard(mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    wake_.notify_all();
    watch_wake_.notify_all();
    for (auto& w : workers_) w.join();
    watchdog_.join();
  }

  // On a worker: the request arrived (routing begins) / was answered (the next one may come).
  static void Arrived() { SetArmed(false); }
  static void Answered() { SetArmed(true); }

 private:
  struct Job {
    std::function<void()> fn;
    int socket;
  };
  struct Slot {
    int socket = -1;  // -1: idle
    bool armed = false;
    bool cut = false;
    std::chrono::steady_clock::time_point deadline;
  };

  static void SetArmed(bool armed) {
    DeadlineWorkers* self = t_self;
    if (!self) return;
    std::lock_guard guard(self->mutex_);
    Slot& slot = self->slots_[t_slot];
    slot.armed = armed;
    slot.deadline = std::chrono::steady_clock::now() + self->limit_;
  }

  void Work(int index) {
    t_self = this;
    t_slot = index;
    std::unique_lock guard(mutex_);
    while (true) {
      wake_.wait(guard, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      slots_[index] = {job.socket, job.socket >= 0, false,
                       std::chrono::steady_clock::now() + limit_};
      guard.unlock();
      job.fn();
      guard.lock();
      slots_[index] = {};
    }
  }

  void Watch() {
    std::unique_lock guard(mutex_);
    while (
        !watch_wake_.wait_for(guard, std::chrono::milliseconds(100), [&] { return stopping_; })) {
      const auto now = std::chrono::steady_clock::now();
      for (Slot& slot : slots_) {
        if (slot.socket < 0 || !slot.armed || slot.cut || now < slot.deadline) continue;
        // The worker's read fails and it closes the connection as usual.
        ::shutdown(slot.socket, SHUT_RDWR);
        slot.cut = true;
        LogDebug("cut off a client that did not send its request within {} ms", limit_.count());
      }
    }
  }

  static thread_local DeadlineWorkers* t_self;
  static thread_local int t_slot;

  const std::chrono::milliseconds limit_;
  std::mutex mutex_;
  std::condition_variable wake_;        // workers: a job or stopping
  std::condition_variable watch_wake_;  // the watchdog: stopping
  std::deque<Job> jobs_;
  std::vector<Slot> slots_;
  std::vector<std::thread> workers_;
  std::thread watchdog_;
  bool stopping_ = false;
};

thread_local DeadlineWorkers* DeadlineWorkers::t_self = nullptr;
thread_local int DeadlineWorkers::t_slot = 0;

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
  httplib::Server http;

  std::mutex snapshot_mutex;
  std::condition_variable compiled_cv;
  std::shared_ptr<const Snapshot> snapshot;  // guarded by snapshot_mutex; null until compiled
  int compiles = 0;                          // guarded by snapshot_mutex
  std::mutex compile_mutex;                  // one compile at a time
  std::thread first_compile;
  std::unique_ptr<FileWatcher> watcher;
  int listen_socket = -1;

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

  // The snapshot and the model the route names, or an answer already sent (503, 404).
  std::shared_ptr<const Snapshot> Model(const httplib::Request& req, httplib::Response& res,
                                        project::ModelId& id) {
    auto current = Current();
    if (!current) {
      SendError(res, 503, "compiling");
      return nullptr;
    }
    const std::string name = req.matches[1];
    auto found = current->compiled->project.dag.dag.Find(name);
    if (!found) {
      SendError(res, 404, "model '" + name + "' not found");
      return nullptr;
    }
    id = *found;
    return current;
  }

  bool Authorized(const httplib::Request& req) const {
    if (options.token.empty()) return true;
    const std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (!header.starts_with(kBearer)) return false;
    return ConstantTimeEquals(std::string_view(header).substr(kBearer.size()), options.token);
  }

  void Routes() {
    auto page = [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(web::DashboardPage()), "text/html; charset=utf-8");
    };
    http.Get("/", page);
    http.Get("/dashboard", page);
    http.Get("/api/v1/health", [this](const httplib::Request&, httplib::Response& res) {
      SendJson(res, 200, Json::Object().Set("status", "ok").Set("version", options.version));
    });
    auto cached = [this](std::string Snapshot::*body) {
      return [this, body](const httplib::Request&, httplib::Response& res) {
        auto current = Current();
        if (!current) return SendError(res, 503, "compiling");
        res.set_content((*current).*body, kJson);
      };
    };
    http.Get("/api/v1/models", cached(&Snapshot::models));
    http.Get("/api/v1/dag", cached(&Snapshot::dag));
    http.Get("/api/v1/dag/layers", cached(&Snapshot::layers));
    http.Get("/api/v1/compile", cached(&Snapshot::compile));
    http.Post("/api/v1/compile", [this](const httplib::Request&, httplib::Response& res) {
      DeadlineWorkers::Arrived();
      auto next = Compile();
      SendJson(res, 200,
               Json::Object()
                   .Set("status", "recompiled")
                   .Set("models", static_cast<int64_t>(next->compiled->project.load.models.size()))
                   .Set("has_errors", next->has_errors));
    });
    http.Get(R"(/api/v1/models/([^/]+))",
             [this](const httplib::Request& req, httplib::Response& res) {
               project::ModelId id = 0;
               if (auto s = Model(req, res, id))
                 SendJson(res, 200, facade::ModelView(*s->compiled, id));
             });
    http.Get(R"(/api/v1/models/([^/]+)/lineage)",
             [this](const httplib::Request& req, httplib::Response& res) {
               project::ModelId id = 0;
               if (auto s = Model(req, res, id)) res.set_content(s->Lineage(id), kJson);
             });
    http.Get(R"(/api/v1/models/([^/]+)/lineage/([^/]+))",
             [this](const httplib::Request& req, httplib::Response& res) {
               project::ModelId id = 0;
               auto s = Model(req, res, id);
               if (!s) return;
               const std::string column = req.matches[2];
               auto trace = facade::ColumnTraceView(*s->compiled, id, column);
               if (!trace)
                 return SendError(res, 404,
                                  "column '" + column + "' not found in model '" +
                                      s->compiled->project.dag.dag.name(id) + "'");
               SendJson(res, 200, *trace);
             });
    // The state-backed routes of one model: its name as the state store knows it.
    auto model_state = [this](Json (*view)(state::StateStore*, const std::string&)) {
      return [this, view](const httplib::Request& req, httplib::Response& res) {
        project::ModelId id = 0;
        auto s = Model(req, res, id);
        if (!s) return;
        auto store = OpenState();
        SendJson(res, 200, view(store.get(), s->compiled->project.dag.dag.name(id)));
      };
    };
    http.Get(R"(/api/v1/models/([^/]+)/history)", model_state(&facade::ModelHistoryView));
    http.Get(R"(/api/v1/models/([^/]+)/metrics)", model_state(&facade::ModelMetricsView));
    http.Get("/api/v1/runs", [this](const httplib::Request&, httplib::Response& res) {
      auto store = OpenState();
      SendJson(res, 200, facade::RunsView(store.get()));
    });
  }

  void Policies() {
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      // A body is read after this handler: a POST stays under the deadline until its route runs.
      if (req.method != "POST") DeadlineWorkers::Arrived();
      if (req.path.starts_with("/api/v1/") && req.path != "/api/v1/health" && !Authorized(req)) {
        DeadlineWorkers::Answered();
        SendError(res, 401, "unauthorized");
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      DeadlineWorkers::Answered();
      if (options.token.empty() && req.method == "GET")
        res.set_header("Access-Control-Allow-Origin", "*");
    });
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;  // a route's own answer
      if (res.status == 413) return SendError(res, 413, "request body too large");
      if (res.status == 404 || res.status == 405)
        return SendError(res, res.status, "no route " + req.method + " " + req.path);
      SendError(res, res.status, "request failed");
    });
    http.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr e) {
          std::string what = "unknown error";
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& ex) {
            what = ex.what();
          } catch (...) {
          }
          LogError("{} {} failed: {}", req.method, req.path, what);
          SendError(res, 500, "internal error");
        });
    // One worker per connection while it lives (keep-alive included): room for a few hundred
    // concurrent clients; threads wait on their sockets, so idle ones cost memory only.
    const int threads = options.threads > 0 ? options.threads : 256;
    const std::chrono::milliseconds limit = options.io_timeout;
    http.new_task_queue = [threads, limit] { return new DeadlineWorkers(threads, limit); };
    // The listening socket, to raise its backlog after bind (cpp-httplib listens with 5, and a
    // burst of connections beyond that waits for SYN retries: a second or more).
    http.set_socket_options([this](int sock) {
      httplib::default_socket_options(sock);
      listen_socket = sock;
    });
    http.set_payload_max_length(options.max_body_bytes);
    // Small answers must not wait for the client's delayed ACK (Nagle: ~40 ms per request).
    http.set_tcp_nodelay(true);
    const auto secs = static_cast<time_t>(options.io_timeout.count());
    http.set_read_timeout(secs, 0);
    http.set_write_timeout(secs, 0);
    http.set_keep_alive_timeout(secs);
  }
};

ApiServer::ApiServer(const config::Config& config, facade::ProjectOptions project,
                     ServeOptions options)
    : impl_(std::make_unique<Impl>(config, std::move(project), std::move(options))) {
  impl_->Policies();
  impl_->Routes();
}

ApiServer::~ApiServer() {
  Stop();
  if (impl_->first_compile.joinable()) impl_->first_compile.join();
}

Result<int> ApiServer::Start() {
  int port = impl_->options.port;
  if (port == 0) {
    port = impl_->http.bind_to_any_port(impl_->options.host);
    if (port <= 0) return Fail(ErrorKind::kIo, "cannot listen on {}", impl_->options.host);
  } else if (!impl_->http.bind_to_port(impl_->options.host, port)) {
    return Fail(ErrorKind::kIo,
                "cannot listen on {}:{} (in use, or not an address of this machine); pass "
                "--port with another port",
                impl_->options.host, port);
  }
  if (impl_->listen_socket >= 0) ::listen(impl_->listen_socket, SOMAXCONN);
  impl_->first_compile = std::thread([impl = impl_.get()] { impl->Compile(); });
  if (impl_->options.watch) {
    auto dir = facade::ModelsDir(impl_->config, impl_->project).string();
    auto watcher = FileWatcher::Start(
        dir, {.extensions = {".sql", ".rocky", ".toml"}, .quiet = std::chrono::milliseconds(100)},
        [impl = impl_.get()](const std::vector<std::string>& changed) {
          LogInfo("{} file(s) changed; recompiling", changed.size());
          impl->Compile();
        });
    if (!watcher) return Fail(std::move(watcher.error()));
    impl_->watcher = std::move(*watcher);
  }
  return port;
}

void ApiServer::Serve() { impl_->http.listen_after_bind(); }

void ApiServer::Stop() {
  if (impl_->watcher) impl_->watcher->Stop();
  impl_->http.stop();
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
