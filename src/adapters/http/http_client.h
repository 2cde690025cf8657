#pragma once
// The real HttpClient: HTTP/1.1 and HTTPS over libcurl (kept out of this header). Idle
// connections are kept per scheme://host:port and reused; each request takes one out of the
// pool (or opens a new one), so concurrent requests never share a connection. Proxies come from
// the environment (https_proxy / HTTPS_PROXY, http_proxy, NO_PROXY); redirects are returned,
// never followed. Failures carry Error::retryable and Error::ambiguous.

#include <memory>
#include <string>

#include "base/http.h"

namespace rocky::adapters::http {

struct HttpClientOptions {
  /// Verify the server certificate and host name for https (the system CA store by default).
  bool verify_tls = true;
  /// A PEM file of CA certificates to trust instead of the system store ("" = system).
  std::string ca_cert_path;
  /// Idle connections kept per host; 0 disables reuse.
  int max_idle_per_host = 4;
  std::string user_agent = "rocky/1.0.0";
};

/// The real client. Thread-safe.
std::unique_ptr<HttpClient> NewHttpClient(HttpClientOptions options = {});

}  // namespace rocky::adapters::http
