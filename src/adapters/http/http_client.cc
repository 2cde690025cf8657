#include "adapters/http/http_client.h"

#include <fmt/format.h>
#include <httplib.h>
#include <netdb.h>
#include <openssl/evp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "base/log.h"
#include "base/secret.h"
#include "base/strings.h"
#include "base/time.h"

namespace rocky::adapters::http {

namespace {

using Clock = std::chrono::steady_clock;

std::string Base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()),
                          static_cast<int>(data.size()));
  out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return out;
}

// httplib reports every failed connect as Error::Connection. To say why, resolve the host and
// try one connection again (only on this failure path, bounded by `budget`).
std::string DiagnoseConnectFailure(const HttpUrl& url, std::chrono::milliseconds budget) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string port = std::to_string(url.port);
  if (::getaddrinfo(url.host.c_str(), port.c_str(), &hints, &found) != 0 || !found)
    return fmt::format("could not resolve host '{}'", url.host);
  int error = 0;
  for (addrinfo* ai = found; ai; ai = ai->ai_next) {
    int fd =
        ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    error = 0;
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      error = errno;
      if (error == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, static_cast<int>(budget.count())) == 1) {
          socklen_t len = sizeof(error);
          ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
        } else {
          error = ETIMEDOUT;
        }
      }
    }
    ::close(fd);
    if (error == 0) break;
  }
  ::freeaddrinfo(found);
  switch (error) {
    case 0:
      return "connection failed";
    case ECONNREFUSED:
      return "connection refused";
    case ETIMEDOUT:
      return "connection timed out";
    case ENETUNREACH:
    case EHOSTUNREACH:
      return "host unreachable";
    default:
      return std::strerror(error);
  }
}

// Why a request got no response, in words a person can act on.
std::string DescribeFailure(httplib::Error error, const HttpUrl& url, int64_t elapsed_ms,
                            int64_t timeout_ms) {
  const bool out_of_time = elapsed_ms >= timeout_ms;
  switch (error) {
    case httplib::Error::Connection:
      if (out_of_time) return fmt::format("timed out after {} ms", timeout_ms);
      return DiagnoseConnectFailure(
          url, std::chrono::milliseconds(std::clamp<int64_t>(timeout_ms - elapsed_ms, 1, 1000)));
    case httplib::Error::ConnectionTimeout:
      return fmt::format("connection timed out after {} ms", timeout_ms);
    case httplib::Error::Read:
      if (out_of_time) return fmt::format("timed out after {} ms", timeout_ms);
      return "connection closed before a complete response";
    case httplib::Error::Write:
      if (out_of_time) return fmt::format("timed out after {} ms", timeout_ms);
      return "connection closed while sending the request";
    case httplib::Error::Canceled:
      return fmt::format("timed out after {} ms", timeout_ms);
    case httplib::Error::SSLConnection:
      return "TLS handshake failed";
    case httplib::Error::SSLLoadingCerts:
      return "could not load the CA certificates";
    case httplib::Error::SSLServerVerification:
      return "TLS certificate verification failed";
    case httplib::Error::Compression:
      return "could not decompress the response";
    case httplib::Error::ExceedRedirectCount:
      return "too many redirects";
    default:
      return httplib::to_string(error);
  }
}

class HttplibClient : public HttpClient {
 public:
  explicit HttplibClient(HttpClientOptions options) : options_(std::move(options)) {}

  Result<HttpResponse> Send(const HttpRequest& request) override {
    const std::string method = ToUpper(request.method);
    auto failed = [&](std::string_view reason) {
      return Fail(ErrorKind::kAdapter, "{} {} failed: {}", method, RedactUrl(request.url), reason);
    };
    auto url = ParseHttpUrl(request.url);
    if (!url) return failed(url.error().message);

    const std::string pool_key = fmt::format("{}://{}:{}", url->scheme, url->host, url->port);
    std::unique_ptr<httplib::ClientImpl> client = Checkout(*url, pool_key);
    const int64_t timeout_ms = std::max<int64_t>(1, request.timeout.count());
    const auto timeout = std::chrono::milliseconds(timeout_ms);
    client->set_connection_timeout(timeout);
    client->set_read_timeout(timeout);
    client->set_write_timeout(timeout);
    client->set_keep_alive(options_.max_idle_per_host > 0);

    httplib::Request req;
    req.method = method;
    req.path = url->target;
    for (const auto& [name, value] : request.headers) req.headers.emplace(name, value);
    if (!req.has_header("User-Agent")) req.headers.emplace("User-Agent", options_.user_agent);
    if (!url->user.empty() && !req.has_header("Authorization"))
      req.headers.emplace("Authorization", "Basic " + Base64(url->user + ":" + url->password));
    req.body = request.body;
    const auto start = Clock::now();
    const auto deadline = start + timeout;
    // Read and write timeouts bound each wait; this bounds a response that trickles in.
    req.progress = [deadline](uint64_t, uint64_t) { return Clock::now() < deadline; };

    httplib::Response res;
    httplib::Error error = httplib::Error::Success;
    bool sent = client->send(req, res, error);
    int64_t elapsed_ms = MillisSince(start);
    if (!sent) {
      std::string reason = DescribeFailure(error, *url, elapsed_ms, timeout_ms);
      LogDebug("http {} {} failed after {} ms: {}", method, RedactUrl(request.url), elapsed_ms,
               reason);
      return failed(reason);
    }
    LogDebug("http {} {} -> {} in {} ms", method, RedactUrl(request.url), res.status, elapsed_ms);

    HttpResponse out;
    out.status = res.status;
    for (const auto& [name, value] : res.headers) out.headers.emplace_back(name, value);
    out.body = std::move(res.body);
    const bool server_closes = EqualsIgnoreCase(res.get_header_value("Connection"), "close");
    if (!server_closes) Return(pool_key, std::move(client));
    return out;
  }

 private:
  std::unique_ptr<httplib::ClientImpl> Checkout(const HttpUrl& url, const std::string& key) {
    {
      std::lock_guard lock(mutex_);
      auto it = idle_.find(key);
      if (it != idle_.end() && !it->second.empty()) {
        auto client = std::move(it->second.back());
        it->second.pop_back();
        return client;
      }
    }
    std::unique_ptr<httplib::ClientImpl> client;
    if (url.scheme == "https") {
      auto tls = std::make_unique<httplib::SSLClient>(url.host, url.port);
      tls->enable_server_certificate_verification(options_.verify_tls);
      if (!options_.ca_cert_path.empty()) tls->set_ca_cert_path(options_.ca_cert_path);
      client = std::move(tls);
    } else {
      client = std::make_unique<httplib::ClientImpl>(url.host, url.port);
    }
    // Requests are sent as written: no redirects followed, no query re-encoding.
    client->set_follow_location(false);
    client->set_tcp_nodelay(true);  // headers and body go out in two writes: no Nagle wait
    client->set_url_encode(false);
    return client;
  }

  void Return(const std::string& key, std::unique_ptr<httplib::ClientImpl> client) {
    if (options_.max_idle_per_host <= 0) return;
    std::lock_guard lock(mutex_);
    auto& idle = idle_[key];
    if (static_cast<int>(idle.size()) < options_.max_idle_per_host)
      idle.push_back(std::move(client));
  }

  HttpClientOptions options_;
  std::mutex mutex_;
  std::map<std::string, std::vector<std::unique_ptr<httplib::ClientImpl>>> idle_;
};

}  // namespace

std::unique_ptr<HttpClient> NewHttpClient(HttpClientOptions options) {
  return std::make_unique<HttplibClient>(std::move(options));
}

}  // namespace rocky::adapters::http
