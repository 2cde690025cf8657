#pragma once
// Test helpers for the REST adapters' client tests (Databricks, Snowflake, …): an in-memory
// HttpClient answering from a handler and recording what was sent. Only test binaries include
// this header.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/http.h"
#include "base/strings.h"

namespace rocky::adapters::http {
namespace {

[[maybe_unused]] std::optional<std::string> HeaderOf(const HttpHeaders& headers,
                                                    std::string_view name) {
  for (const auto& [n, v] : headers)
    if (EqualsIgnoreCase(n, name)) return v;
  return std::nullopt;
}

HttpResponse Reply(int status, std::string body, HttpHeaders headers = {}) {
  return HttpResponse{status, std::move(headers), std::move(body)};
}

// Answers each request with the handler; records what was sent.
class FakeHttp : public HttpClient {
 public:
  std::function<Result<HttpResponse>(const HttpRequest&)> handler;
  std::vector<HttpRequest> sent;

  Result<HttpResponse> Send(const HttpRequest& request) override {
    sent.push_back(request);
    return handler(request);
  }
  std::vector<std::string> Paths() const {
    std::vector<std::string> out;
    for (const auto& r : sent) out.push_back(r.method + " " + r.url.substr(r.url.find("/", 8)));
    return out;
  }
};

}  // namespace
}  // namespace rocky::adapters::http
