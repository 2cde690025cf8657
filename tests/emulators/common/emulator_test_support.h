#pragma once
// Helpers of the emulators' tests over real HTTP: a JSON client on Rocky's libcurl HTTP client
// that a service's test client derives from (adding its credentials and calls), an emulator
// started in the process, and checks on its database and on the statements it executed.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/http/http_client.h"
#include "base/error.h"
#include "base/strings.h"

namespace rocky::emulator::test_support {

struct Reply {
  int status = 0;
  nlohmann::json body;
  HttpHeaders headers;

  /// The first header named `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (EqualsIgnoreCase(k, name)) return v;
    return "";
  }
  /// The body's `data` (a Snowflake ResultSet's cells).
  const nlohmann::json& data() const { return body["data"]; }
};

/// JSON in and out; every request has a 10 s timeout and `Content-Type: application/json`.
class JsonClient {
 public:
  /// Without `reuse`, every request opens a new connection.
  explicit JsonClient(std::string base_url, bool reuse = true)
      : base_url_(std::move(base_url)),
        http_(adapters::http::NewHttpClient({.max_idle_per_host = reuse ? 4 : 0})) {}
  virtual ~JsonClient() = default;

  Result<HttpResponse> Raw(std::string method, std::string_view path, std::string body = "",
                           HttpHeaders headers = {}) {
    HttpRequest request;
    request.method = std::move(method);
    request.url = base_url_ + std::string(path);
    request.body = std::move(body);
    request.headers = std::move(headers);
    Prepare(request);
    SetHttpHeader(request.headers, "Content-Type", "application/json");
    request.timeout = std::chrono::seconds(10);
    return http_->Send(request);
  }

  Reply Call(std::string method, std::string_view path, const nlohmann::json& body = nullptr) {
    auto response = Raw(std::move(method), path, body.is_null() ? "" : body.dump());
    EXPECT_TRUE(response) << (response ? "" : response.error().Text());
    if (!response) return {};
    return {response->status, nlohmann::json::parse(response->body, nullptr, false),
            response->headers};
  }

 protected:
  /// Adds the service's credentials and settings to a request.
  virtual void Prepare(HttpRequest& request) const = 0;

 private:
  std::string base_url_;
  std::unique_ptr<HttpClient> http_;
};

/// The emulator a Start returned; nullptr (and a failed expectation) when it did not start.
template <typename Emulator>
std::unique_ptr<Emulator> Started(Result<std::unique_ptr<Emulator>> started) {
  EXPECT_TRUE(started) << (started ? "" : started.error().Text());
  return started ? std::move(*started) : nullptr;
}

/// The rows of `table` in the emulator's DuckDB database; -1 when it cannot be counted.
template <typename Emulator>
int64_t CountRows(Emulator& emulator, std::string_view table) {
  auto result = emulator.Query(fmt::format("SELECT count(*) FROM {}", table));
  EXPECT_TRUE(result) << (result ? "" : result.error().Text());
  return result ? std::get<int64_t>(result->rows[0][0]) : -1;
}

/// How many of `texts` contain `needle`.
inline size_t Occurrences(const std::vector<std::string>& texts, std::string_view needle) {
  return std::count_if(texts.begin(), texts.end(),
                       [&](const std::string& t) { return t.find(needle) != std::string::npos; });
}

}  // namespace rocky::emulator::test_support
