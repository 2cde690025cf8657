#include "server/http_daemon.h"

#include <microhttpd.h>
#include <netdb.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "base/log.h"

namespace rocky::server {

namespace {

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// One TCP connection: its socket and the time by which its next request must have arrived.
struct Connection {
  int fd = -1;
  std::atomic<int64_t> deadline_ns{0};  // steady clock; 0: a request is being answered
};

// One request, from its headers to its completion.
struct Exchange {
  size_t received = 0;
  bool refused = false;   // the body is over the limit: 413
  bool answered = false;  // a reply is queued
  std::function<HttpReply()> slow;
  std::optional<HttpReply> reply;  // a worker's answer, queued once the connection resumes
};

// A reply's body while the library sends it.
struct BodyHolder {
  std::string body;
  std::shared_ptr<const void> keep;
};

MHD_Connection* Handle(const void* connection) {
  return static_cast<MHD_Connection*>(const_cast<void*>(connection));
}

Connection* ConnectionOf(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info ? static_cast<Connection*>(info->socket_context) : nullptr;
}

MHD_Result Queue(MHD_Connection* connection, HttpReply reply) {
  auto* holder = new BodyHolder{std::move(reply.body), std::move(reply.keep)};
  const std::string_view body = reply.view ? *reply.view : std::string_view(holder->body);
  MHD_Response* response = MHD_create_response_from_buffer_with_free_callback_cls(
      body.size(), const_cast<char*>(body.data()),
      [](void* cls) { delete static_cast<BodyHolder*>(cls); }, holder);
  if (!response) {
    delete holder;
    return MHD_NO;
  }
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, reply.content_type.c_str());
  for (const auto& [name, value] : reply.headers)
    MHD_add_response_header(response, name.c_str(), value.c_str());
  const MHD_Result queued =
      MHD_queue_response(connection, static_cast<unsigned>(reply.status), response);
  MHD_destroy_response(response);
  return queued;
}

}  // namespace

std::optional<std::string_view> HttpRequest::Header(const char* name) const {
  const char* value = MHD_lookup_connection_value(Handle(connection), MHD_HEADER_KIND, name);
  if (!value) return std::nullopt;
  return std::string_view(value);
}

struct HttpDaemon::Impl {
  HttpDaemonOptions options;
  MHD_Daemon* daemon = nullptr;
  int listen_fd = -1;  // after quiesce, ours to close

  std::mutex connections_mutex;
  std::unordered_set<Connection*> connections;

  std::atomic<int> in_flight{0};  // requests between their headers and their completion
  std::atomic<bool> stopped{false};
  std::mutex mutex;                 // guards what follows
  std::condition_variable jobs_cv;  // workers: a job, or workers_stop
  std::condition_variable stop_cv;  // the watchdog and Stop(): stopped, in_flight drained
  std::deque<std::function<void()>> jobs;
  bool workers_stop = false;
  std::vector<std::thread> workers;
  std::thread watchdog;
  std::string last_log;

  explicit Impl(HttpDaemonOptions o) : options(std::move(o)) {}

  int64_t TimeoutNs() const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(options.io_timeout).count();
  }

  void Post(std::function<void()> job) {
    {
      std::lock_guard guard(mutex);
      jobs.push_back(std::move(job));
    }
    jobs_cv.notify_one();
  }

  // Runs jobs until told to stop and the queue is empty (every suspended connection resumes).
  void Work() {
    std::unique_lock guard(mutex);
    while (true) {
      jobs_cv.wait(guard, [&] { return workers_stop || !jobs.empty(); });
      if (jobs.empty()) return;
      auto job = std::move(jobs.front());
      jobs.pop_front();
      guard.unlock();
      job();
      guard.lock();
    }
  }

  // Closes connections whose request is overdue; their next read fails and the library closes
  // them as usual.
  void Watch() {
    std::unique_lock guard(mutex);
    while (
        !stop_cv.wait_for(guard, std::chrono::milliseconds(100), [&] { return stopped.load(); })) {
      guard.unlock();
      const int64_t now = NowNs();
      {
        std::lock_guard list(connections_mutex);
        for (Connection* c : connections) {
          const int64_t deadline = c->deadline_ns.load(std::memory_order_relaxed);
          if (deadline == 0 || now < deadline) continue;
          c->deadline_ns.store(0, std::memory_order_relaxed);
          ::shutdown(c->fd, SHUT_RDWR);
          LogDebug("closed a connection that did not send its request within {} s",
                   options.io_timeout.count());
        }
      }
      guard.lock();
    }
  }

  HttpReply Error(int status, std::string message) const {
    if (options.error) return options.error(status, std::move(message));
    HttpReply reply;
    reply.status = status;
    reply.content_type = "text/plain; charset=utf-8";
    reply.body = std::move(message);
    return reply;
  }

  MHD_Result OnRequest(MHD_Connection* connection, const char* url, const char* method,
                       const char* upload_data, size_t* upload_size, void** context) {
    (void)upload_data;
    auto* exchange = static_cast<Exchange*>(*context);
    if (!exchange) {  // the headers are in
      exchange = new Exchange;
      *context = exchange;
      in_flight.fetch_add(1);
      const char* length =
          MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
      if (length && std::strtoull(length, nullptr, 10) > options.max_body_bytes) {
        exchange->refused = true;
        // A client that waits for `100 Continue` gets the refusal instead and sends no body.
        const char* expect =
            MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
        if (expect && strcasecmp(expect, "100-continue") == 0) {
          exchange->answered = true;
          return Queue(connection, Error(413, "request body too large"));
        }
      }
      return MHD_YES;
    }
    if (*upload_size > 0) {  // a piece of the body: counted, and dropped once over the limit
      exchange->received += *upload_size;
      *upload_size = 0;
      if (exchange->received > options.max_body_bytes) exchange->refused = true;
      return MHD_YES;
    }
    if (exchange->answered) return MHD_YES;
    // Refused bodies are read to their end (within the request deadline) so that a client that
    // sends before it reads sees the 413 rather than a reset connection.
    if (exchange->refused) {
      exchange->answered = true;
      return Queue(connection, Error(413, "request body too large"));
    }
    if (Connection* c = ConnectionOf(connection))  // the whole request is in
      c->deadline_ns.store(0, std::memory_order_relaxed);
    if (exchange->reply) return Queue(connection, std::move(*exchange->reply));

    const std::string_view verb = std::strcmp(method, MHD_HTTP_METHOD_HEAD) == 0 ? "GET" : method;
    HttpRequest request{verb, url, connection};
    Routed routed;
    try {
      routed = options.route(request);
    } catch (const std::exception& e) {
      LogError("{} {} failed: {}", method, url, e.what());
      return Queue(connection, Error(500, "internal error"));
    }
    if (routed.reply) return Queue(connection, std::move(*routed.reply));
    exchange->slow = std::move(routed.slow);
    MHD_suspend_connection(connection);
    Post([this, connection, exchange, what = std::string(method) + " " + url] {
      try {
        exchange->reply = exchange->slow();
      } catch (const std::exception& e) {
        LogError("{} failed: {}", what, e.what());
        exchange->reply = Error(500, "internal error");
      }
      MHD_resume_connection(connection);
    });
    return MHD_YES;
  }

  void OnCompleted(MHD_Connection* connection, void** context) {
    delete static_cast<Exchange*>(*context);
    *context = nullptr;
    if (Connection* c = ConnectionOf(connection))
      c->deadline_ns.store(NowNs() + TimeoutNs(), std::memory_order_relaxed);
    if (in_flight.fetch_sub(1) == 1 && stopped.load()) {
      std::lock_guard guard(mutex);
      stop_cv.notify_all();
    }
  }

  void OnConnection(MHD_Connection* connection, void** socket_context,
                    MHD_ConnectionNotificationCode code) {
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      auto* c = new Connection;
      const MHD_ConnectionInfo* info =
          MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      c->fd = info ? info->connect_fd : -1;
      c->deadline_ns.store(NowNs() + TimeoutNs(), std::memory_order_relaxed);
      std::lock_guard guard(connections_mutex);
      connections.insert(c);
      *socket_context = c;
      return;
    }
    auto* c = static_cast<Connection*>(*socket_context);
    if (!c) return;
    {
      std::lock_guard guard(connections_mutex);
      connections.erase(c);
    }
    delete c;
    *socket_context = nullptr;
  }
};

HttpDaemon::HttpDaemon(HttpDaemonOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpDaemon::~HttpDaemon() { Stop(); }

Result<int> HttpDaemon::Start() {
  Impl& s = *impl_;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  std::string host = s.options.host;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found); rc != 0 || !found)
    return Fail(ErrorKind::kIo, "cannot listen on {}: {}", s.options.host, gai_strerror(rc));
  sockaddr_storage address{};
  std::memcpy(&address, found->ai_addr, found->ai_addrlen);
  const bool v6 = found->ai_family == AF_INET6;
  ::freeaddrinfo(found);
  const auto port = static_cast<uint16_t>(s.options.port);
  if (v6)
    reinterpret_cast<sockaddr_in6*>(&address)->sin6_port = htons(port);
  else
    reinterpret_cast<sockaddr_in*>(&address)->sin_port = htons(port);

  int io_threads = s.options.io_threads;
  if (io_threads <= 0)
    io_threads = std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  unsigned flags =
      MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
  if (v6) flags |= MHD_USE_IPv6;
  using Self = Impl;
  MHD_AccessHandlerCallback on_request =
      [](void* cls, MHD_Connection* connection, const char* url, const char* method, const char*,
         const char* upload_data, size_t* upload_size, void** context) {
        return static_cast<Self*>(cls)->OnRequest(connection, url, method, upload_data, upload_size,
                                                  context);
      };
  MHD_RequestCompletedCallback on_completed = [](void* cls, MHD_Connection* connection,
                                                 void** context, MHD_RequestTerminationCode) {
    static_cast<Self*>(cls)->OnCompleted(connection, context);
  };
  MHD_NotifyConnectionCallback on_connection = [](void* cls, MHD_Connection* connection,
                                                  void** socket_context,
                                                  MHD_ConnectionNotificationCode code) {
    static_cast<Self*>(cls)->OnConnection(connection, socket_context, code);
  };
  MHD_LogCallback on_log = [](void* cls, const char* format, va_list args) {
    char line[512];
    std::vsnprintf(line, sizeof line, format, args);
    std::string text(line);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    LogDebug("microhttpd: {}", text);
    auto* self = static_cast<Self*>(cls);
    std::lock_guard guard(self->mutex);
    self->last_log = std::move(text);
  };
  // The logger first, so the library's complaints about later options reach it.
  s.daemon = MHD_start_daemon(
      flags, port, nullptr, nullptr, on_request, &s, MHD_OPTION_EXTERNAL_LOGGER, on_log, &s,
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&address), MHD_OPTION_THREAD_POOL_SIZE,
      static_cast<unsigned>(io_threads > 1 ? io_threads : 0), MHD_OPTION_CONNECTION_TIMEOUT,
      static_cast<unsigned>(s.options.io_timeout.count()), MHD_OPTION_CONNECTION_LIMIT,
      static_cast<unsigned>(1000), MHD_OPTION_LISTEN_BACKLOG_SIZE, static_cast<unsigned>(SOMAXCONN),
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
      &s, MHD_OPTION_END);
  if (!s.daemon) {
    std::lock_guard guard(s.mutex);
    return Fail(ErrorKind::kIo,
                "cannot listen on {}:{} (in use, or not an address of this machine{}); pass "
                "--port with another port",
                s.options.host, s.options.port, s.last_log.empty() ? "" : ": " + s.last_log);
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(s.daemon, MHD_DAEMON_INFO_BIND_PORT);
  const int bound = info ? info->port : s.options.port;
  for (int i = 0; i < std::max(1, s.options.workers); ++i)
    s.workers.emplace_back([&s] { s.Work(); });
  s.watchdog = std::thread([&s] { s.Watch(); });
  return bound;
}

void HttpDaemon::Stop() {
  Impl& s = *impl_;
  {
    std::lock_guard guard(s.mutex);
    if (s.stopped.exchange(true) || !s.daemon) return;
  }
  s.stop_cv.notify_all();
  s.listen_fd = MHD_quiesce_daemon(s.daemon);
  {
    std::unique_lock guard(s.mutex);
    s.stop_cv.wait_for(guard, s.options.io_timeout, [&] { return s.in_flight.load() == 0; });
    s.workers_stop = true;
  }
  s.jobs_cv.notify_all();
  for (auto& worker : s.workers) worker.join();  // every suspended connection is resumed
  s.watchdog.join();
  MHD_stop_daemon(s.daemon);
  s.daemon = nullptr;
  if (s.listen_fd >= 0) ::close(s.listen_fd);
}

}  // namespace rocky::server
