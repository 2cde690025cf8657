#include "emulators/common/emulator_server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <mutex>

#include "base/strings.h"

namespace rocky::emulator {

namespace {

using namespace std::chrono_literals;

constexpr std::string_view kControlPrefix = "/_emulator/";

int PortOf(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET)
    return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  if (address.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  return -1;
}

std::string DefaultFaultBody(int status) {
  return nlohmann::json{{"message", fmt::format("injected fault (HTTP {})", status)}}.dump();
}

void DefaultNotFound(const httplib::Request& req, httplib::Response& res) {
  SendJson(res, 404, {{"message", fmt::format("no route for {} {}", req.method, req.path)}});
}

}  // namespace

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

std::optional<nlohmann::json> ParseJsonBody(const httplib::Request& req) {
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) return nlohmann::json::object();
  auto parsed = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

std::optional<std::string> StringField(const nlohmann::json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) return std::string();
  if (!body[key].is_string()) return std::nullopt;
  return body[key].get<std::string>();
}

std::string UrlDecode(std::string_view text, bool plus_is_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ParseForm(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& part : Split(text, "&")) {
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string_view p = part;
    out.emplace_back(UrlDecode(p.substr(0, eq)),
                     eq == std::string::npos ? "" : UrlDecode(p.substr(eq + 1)));
  }
  return out;
}

std::string FormValue(const std::vector<std::pair<std::string, std::string>>& form,
                      std::string_view key) {
  for (const auto& [k, v] : form)
    if (k == key) return v;
  return "";
}

namespace {

// Calls `visit(fd)` for each open socket of this process until it returns true.
void ForEachSocket(const std::function<bool(int fd)>& visit) {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return;
  while (dirent* entry = ::readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == ::dirfd(dir)) continue;
    if (visit(static_cast<int>(fd))) break;
  }
  ::closedir(dir);
}

int LocalPort(int fd) {
  sockaddr_storage local{};
  socklen_t len = sizeof(local);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0) return -1;
  return PortOf(local);
}

// httplib (Debian's compiled library) listens with a backlog of 5: a sixth client connecting at
// once has its SYN dropped and retries a second later, which no real service does. Listening
// again on the same socket widens the backlog (Linux allows it).
void WidenListenBacklog(int port) {
  ForEachSocket([&](int fd) {
    int listening = 0;
    socklen_t len = sizeof(listening);
    if (LocalPort(fd) != port ||
        ::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening)
      return false;
    ::listen(fd, SOMAXCONN);
    return true;
  });
}

}  // namespace

bool DropConnection(const httplib::Request& req, int server_port) {
  const int local_port = req.local_port > 0 ? req.local_port : server_port;
  bool dropped = false;
  ForEachSocket([&](int fd) {
    sockaddr_storage peer{};
    socklen_t peer_len = sizeof(peer);
    if (LocalPort(fd) != local_port ||
        ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0 ||
        PortOf(peer) != req.remote_port)
      return false;
    ::shutdown(fd, SHUT_RDWR);
    dropped = true;
    return true;
  });
  return dropped;
}

EmulatorServer::EmulatorServer(std::string name)
    : name_(std::move(name)), not_found_(DefaultNotFound), fault_body_(DefaultFaultBody) {
  server_.set_keep_alive_timeout(2);  // also bounds how long Stop waits for idle clients
  server_.set_tcp_nodelay(true);
  server_.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        SendJson(res, 500, {{"error_code", "INTERNAL_ERROR"}, {"message", what}});
      });
}

EmulatorServer::~EmulatorServer() { Stop(); }

std::string EmulatorServer::url() const { return fmt::format("http://127.0.0.1:{}", port_); }

void EmulatorServer::SetNotFound(Handler handler) { not_found_ = std::move(handler); }

void EmulatorServer::SetFaultBody(std::function<std::string(int)> make_body,
                                  std::string content_type) {
  fault_body_ = std::move(make_body);
  fault_content_type_ = std::move(content_type);
}

void EmulatorServer::SetFaultAnswer(FaultAnswer answer) { fault_answer_ = std::move(answer); }

void EmulatorServer::ShapeLoad(const LoadShape& shape, std::string limited) {
  if (shape.latency_ms <= 0 && shape.max_in_flight <= 0) return;
  latency_ms_ = shape.latency_ms;
  max_in_flight_ = shape.max_in_flight;
  retry_after_secs_ = shape.retry_after_secs;
  if (max_in_flight_ > 0) limited_.emplace(std::move(limited));
  // httplib serves one connection per pool thread: the pool must hold more connections than the
  // limit, or the limit is never reached and the pool becomes the bottleneck.
  const size_t threads = std::max<size_t>(64, static_cast<size_t>(max_in_flight_) * 4);
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
}

void EmulatorServer::Route(std::string_view method, std::string pattern, Handler handler) {
  Register(
      method, std::move(pattern),
      [this, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
        Dispatch(handler, req, res);
      });
}

void EmulatorServer::ControlRoute(std::string_view method, std::string pattern, Handler handler) {
  Register(method, std::move(pattern), std::move(handler));
}

void EmulatorServer::Register(std::string_view method, std::string pattern, Handler handler) {
  if (method == "GET")
    server_.Get(pattern, std::move(handler));
  else if (method == "POST")
    server_.Post(pattern, std::move(handler));
  else if (method == "PUT")
    server_.Put(pattern, std::move(handler));
  else if (method == "PATCH")
    server_.Patch(pattern, std::move(handler));
  else if (method == "DELETE")
    server_.Delete(pattern, std::move(handler));
  else
    std::abort();  // a bug in the emulator's route table
}

void EmulatorServer::Dispatch(const Handler& handler, const httplib::Request& req,
                              httplib::Response& res) {
  LoggedRequest entry;
  entry.method = req.method;
  entry.target = req.target;
  for (const auto& [key, value] : req.headers) entry.headers.emplace_back(key, value);
  entry.body = req.body;
  entry.time_ms = NowMs();
  size_t index = log_.Add(std::move(entry));

  if ((req.method == "GET" || req.method == "HEAD") &&
      req.get_header_value("Content-Length") != "" && req.get_header_value("Content-Length") != "0")
    res.set_header("Connection", "close");  // httplib leaves a GET body unread in the stream

  const std::string line = fmt::format("{} {}", req.method, req.path);
  struct InFlight {
    std::atomic<int>* count = nullptr;
    ~InFlight() { if (count) --*count; }
  } in_flight;
  if (limited_ && std::regex_search(line, *limited_)) {
    in_flight.count = &in_flight_;
    const int now = ++in_flight_;
    for (int peak = peak_in_flight_.load(); now > peak;)
      if (peak_in_flight_.compare_exchange_weak(peak, now)) break;
    if (now > max_in_flight_) {
      // A refused request holds no place while its answer travels back.
      --in_flight_;
      in_flight.count = nullptr;
      if (latency_ms_ > 0) std::this_thread::sleep_for(latency_ms_ * 1ms);
      ++load_shed_;
      res.status = 429;
      if (retry_after_secs_ > 0) res.set_header("Retry-After", std::to_string(retry_after_secs_));
      res.set_content(fault_body_(429), fault_content_type_);
      log_.SetStatus(index, 429);
      return;
    }
  }
  if (latency_ms_ > 0) std::this_thread::sleep_for(latency_ms_ * 1ms);
  std::optional<Fault> fault = faults_.Take(line, req.body);
  if (fault && fault->delay_ms > 0) std::this_thread::sleep_for(fault->delay_ms * 1ms);
  if (fault && fault->drop_connection && !fault->after_handler) {
    DropConnection(req, port_);
    log_.SetStatus(index, -1);
    res.status = 500;
    return;
  }
  if (fault && fault->status != 0 && !fault->drop_connection) {
    res.status = fault->status;
    std::string content_type =
        fault->content_type.empty() ? fault_content_type_ : fault->content_type;
    if (fault->body)
      res.set_content(*fault->body, content_type);
    else if (fault_answer_)
      fault_answer_(fault->status, line, res);
    else
      res.set_content(fault_body_(fault->status), content_type);
    for (const auto& [key, value] : fault->headers) {
      res.headers.erase(key);  // case-insensitive: httplib's Headers compare names so
      res.set_header(key, value);
    }
    log_.SetStatus(index, res.status);
    return;
  }
  handler(req, res);
  if (fault && fault->drop_connection) {
    DropConnection(req, port_);
    log_.SetStatus(index, -1);
    return;
  }
  log_.SetStatus(index, res.status == -1 ? 200 : res.status);
}

void EmulatorServer::AddControlRoutes() {
  std::string faults = std::string(kControlPrefix) + "faults";
  ControlRoute("POST", faults, [this](const httplib::Request& req, httplib::Response& res) {
    auto body = ParseJsonBody(req);
    if (!body) return SendJson(res, 400, {{"message", "the body is not valid JSON"}});
    std::vector<nlohmann::json> items;
    if (body->is_array())
      items.assign(body->begin(), body->end());
    else
      items.push_back(*body);
    std::vector<Fault> parsed;
    for (const auto& item : items) {
      auto fault = Fault::FromJson(item);
      if (!fault) return SendJson(res, 400, {{"message", fault.error().message}});
      parsed.push_back(std::move(*fault));
    }
    for (auto& fault : parsed)
      if (auto added = faults_.Add(std::move(fault)); !added)
        return SendJson(res, 400, {{"message", added.error().message}});
    SendJson(res, 200, {{"queued", parsed.size()}});
  });
  ControlRoute("GET", faults, [this](const httplib::Request&, httplib::Response& res) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : faults_.Pending()) out.push_back(f.ToJson());
    SendJson(res, 200, out);
  });
  ControlRoute("DELETE", faults, [this](const httplib::Request&, httplib::Response& res) {
    faults_.Clear();
    SendJson(res, 200, nlohmann::json::object());
  });
  std::string requests = std::string(kControlPrefix) + "requests";
  ControlRoute("GET", requests, [this](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200, log_.ToJson());
  });
  ControlRoute("DELETE", requests, [this](const httplib::Request&, httplib::Response& res) {
    log_.Clear();
    SendJson(res, 200, nlohmann::json::object());
  });
}

Result<void> EmulatorServer::Start(int port) {
  if (started_) return Fail(ErrorKind::kInternal, "{}: already started", name_);
  static std::once_flag ignore_sigpipe;
  std::call_once(ignore_sigpipe, [] { std::signal(SIGPIPE, SIG_IGN); });

  AddControlRoutes();
  Handler not_found = [this](const httplib::Request& req, httplib::Response& res) {
    not_found_(req, res);
  };
  for (std::string_view method : {"GET", "POST", "PUT", "PATCH", "DELETE"})
    Route(method, ".*", not_found);

  if (port == 0) {
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) return Fail(ErrorKind::kIo, "{}: cannot bind 127.0.0.1", name_);
  } else {
    if (!server_.bind_to_port("127.0.0.1", port))
      return Fail(ErrorKind::kIo, "{}: cannot bind 127.0.0.1:{}", name_, port);
    port_ = port;
  }
  WidenListenBacklog(port_);
  started_ = true;
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  for (int i = 0; i < 1000 && !server_.is_running(); ++i) std::this_thread::sleep_for(1ms);
  if (!server_.is_running()) {
    Stop();
    return Fail(ErrorKind::kIo, "{}: the server did not start", name_);
  }
  return Ok();
}

void EmulatorServer::Stop() {
  if (!started_) return;
  server_.stop();
  if (thread_.joinable()) thread_.join();
  started_ = false;
}

}  // namespace rocky::emulator
