// The real HttpClient on libcurl (Debian's libcurl4-openssl-dev): TLS with certificate and host
// checks, HTTPS_PROXY/https_proxy/NO_PROXY from the environment (libcurl reads them), no
// redirects followed, keep-alive connections reused per scheme://host:port.
//
// Pooling: a libcurl easy handle keeps the connections it opened and reuses them. Handles are
// kept idle per scheme://host:port (at most max_idle_per_host each) and each request takes one
// out, so concurrent requests never share a connection and a reused handle finds its
// connection still open.

#include "adapters/http/http_client.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
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

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct HandleDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
using Handle = std::unique_ptr<CURL, HandleDeleter>;

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void Add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

// The body of a request that must not be resent, handed to libcurl through a read callback
// whose seek callback refuses to rewind: libcurl then cannot resend it on a new connection.
struct OneShotBody {
  std::string_view data;
  size_t sent = 0;
};

size_t ReadOnce(char* buffer, size_t size, size_t n, void* in) {
  auto* body = static_cast<OneShotBody*>(in);
  const size_t count = std::min(size * n, body->data.size() - body->sent);
  std::memcpy(buffer, body->data.data() + body->sent, count);
  body->sent += count;
  return count;
}

int NoRewind(void*, curl_off_t, int) { return CURL_SEEKFUNC_CANTSEEK; }

size_t WriteBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// Header lines of the final response: a new status line (after `100 Continue`) starts over.
size_t WriteHeader(char* data, size_t size, size_t n, void* out) {
  auto* headers = static_cast<HttpHeaders*>(out);
  std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) {
    headers->clear();
    return size * n;
  }
  const size_t colon = line.find(':');
  if (colon != std::string_view::npos)
    headers->emplace_back(std::string(Trim(line.substr(0, colon))),
                          std::string(Trim(line.substr(colon + 1))));
  return size * n;
}

// Why a request got no response, in words a person can act on, and whether the server may have
// acted on it (the request went out before the failure).
struct Failure {
  std::string reason;
  bool ambiguous = false;
  bool retryable = true;
};

Failure Describe(CURLcode code, CURL* h, const HttpUrl& url, int64_t timeout_ms) {
  long os_errno = 0;
  curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
  long uploaded = 0;  // bytes of the request sent
  curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &uploaded);
  const bool sent = uploaded > 0;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return {fmt::format("could not resolve host '{}'", url.host)};
    case CURLE_COULDNT_RESOLVE_PROXY:
      return {"could not resolve the proxy host"};
    case CURLE_COULDNT_CONNECT:
      if (os_errno == ECONNREFUSED) return {"connection refused"};
      if (os_errno == ENETUNREACH || os_errno == EHOSTUNREACH) return {"host unreachable"};
      if (os_errno != 0) return {std::strerror(static_cast<int>(os_errno))};
      return {"connection failed"};
    case CURLE_OPERATION_TIMEDOUT:
      if (!sent) return {fmt::format("connection timed out after {} ms", timeout_ms)};
      return {fmt::format("timed out after {} ms", timeout_ms), true};
    case CURLE_PEER_FAILED_VERIFICATION:
      return {"TLS certificate verification failed", false, false};
    case CURLE_SSL_CACERT_BADFILE:
      return {"could not load the CA certificates", false, false};
    case CURLE_SSL_CONNECT_ERROR:
      return {"TLS handshake failed"};
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
      return {"connection closed before a complete response", sent};
    case CURLE_SEND_ERROR:
      return {"connection closed while sending the request", sent};
    case CURLE_SEND_FAIL_REWIND:  // a one-shot request on a connection that closed unanswered
      return {"connection closed before a complete response", true};
    case CURLE_BAD_CONTENT_ENCODING:
      return {"could not decompress the response", true, false};
    default:
      return {curl_easy_strerror(code), sent};
  }
}

class CurlClient : public HttpClient {
 public:
  explicit CurlClient(HttpClientOptions options) : options_(std::move(options)) { GlobalInit(); }

  Result<HttpResponse> Send(const HttpRequest& request) override {
    const std::string method = ToUpper(request.method);
    const uint64_t id = next_id_.fetch_add(1, std::memory_order_relaxed);
    auto failed = [&](const Failure& f) {
      Error e{ErrorKind::kAdapter,
              fmt::format("{} {} failed: {}", method, RedactUrl(request.url), f.reason), {}, {}};
      e.retryable = f.retryable;
      e.ambiguous = f.ambiguous;
      return std::unexpected(std::move(e));
    };
    auto url = ParseHttpUrl(request.url);
    if (!url) return failed({url.error().message, false, false});

    const std::string pool_key = fmt::format("{}://{}:{}", url->scheme, url->host, url->port);
    Handle handle = Checkout(pool_key);
    if (!handle) return failed({"could not create a libcurl handle", false, false});
    CURL* h = handle.get();
    curl_easy_reset(h);  // options only: the handle's open connections stay

    // The URL without user info: credentials go in a header this code writes (never logged).
    const std::string host =
        url->host.find(':') != std::string::npos ? "[" + url->host + "]" : url->host;
    const std::string target_url =
        fmt::format("{}://{}:{}{}", url->scheme, host, url->port, url->target);
    const int64_t timeout_ms = std::max<int64_t>(1, request.timeout.count());
    curl_easy_setopt(h, CURLOPT_URL, target_url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_ms));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
    if (!options_.ca_cert_path.empty())
      curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_cert_path.c_str());
    if (options_.max_idle_per_host <= 0) {
      curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
      curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
    }

    OneShotBody one_shot{request.body};
    if (method == "GET") {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else if (method == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else {
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      if (request.idempotent) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      } else {
        curl_easy_setopt(h, CURLOPT_READFUNCTION, &ReadOnce);
        curl_easy_setopt(h, CURLOPT_READDATA, &one_shot);
        curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, &NoRewind);
      }
      if (method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    if (method == "GET" && !request.body.empty()) {
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "GET");
    }

    HeaderList headers;
    bool has_agent = false, has_auth = false, has_type = false;
    for (const auto& [name, value] : request.headers) {
      has_agent |= EqualsIgnoreCase(name, "User-Agent");
      has_auth |= EqualsIgnoreCase(name, "Authorization");
      has_type |= EqualsIgnoreCase(name, "Content-Type");
      headers.Add(name + ": " + value);
    }
    if (!has_agent) headers.Add("User-Agent: " + options_.user_agent);
    if (!url->user.empty() && !has_auth)
      headers.Add("Authorization: Basic " + Base64Encode(url->user + ":" + url->password));
    // libcurl would add these: no `Expect: 100-continue` round trip, no form content type.
    headers.Add("Expect:");
    if (!has_type && method != "GET" && method != "HEAD") headers.Add("Content-Type:");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.list);

    HttpResponse out;
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &WriteBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &WriteHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &out.headers);

    const auto start = Clock::now();
    const CURLcode code = curl_easy_perform(h);
    const int64_t elapsed_ms = MillisSince(start);
    if (code != CURLE_OK) {
      Failure f = Describe(code, h, *url, timeout_ms);
      LogDebug("http #{} {} {} failed after {} ms: {}", id, method, RedactUrl(request.url),
               elapsed_ms, f.reason);
      return failed(f);
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    out.status = static_cast<int>(status);
    const std::string* server_id = out.FindHeader("x-request-id");
    LogDebug("http #{} {} {} -> {} in {} ms{}", id, method, RedactUrl(request.url), out.status,
             elapsed_ms, server_id ? " (x-request-id " + *server_id + ")" : std::string());
    Return(pool_key, std::move(handle));
    return out;
  }

 private:
  Handle Checkout(const std::string& key) {
    {
      std::lock_guard lock(mutex_);
      auto it = idle_.find(key);
      if (it != idle_.end() && !it->second.empty()) {
        Handle h = std::move(it->second.back());
        it->second.pop_back();
        return h;
      }
    }
    return Handle(curl_easy_init());
  }

  void Return(const std::string& key, Handle handle) {
    if (options_.max_idle_per_host <= 0) return;
    std::lock_guard lock(mutex_);
    auto& idle = idle_[key];
    if (static_cast<int>(idle.size()) < options_.max_idle_per_host) idle.push_back(std::move(handle));
  }

  HttpClientOptions options_;
  std::atomic<uint64_t> next_id_{1};
  std::mutex mutex_;
  std::map<std::string, std::vector<Handle>> idle_;
};

}  // namespace

std::unique_ptr<HttpClient> NewHttpClient(HttpClientOptions options) {
  return std::make_unique<CurlClient>(std::move(options));
}

}  // namespace rocky::adapters::http
