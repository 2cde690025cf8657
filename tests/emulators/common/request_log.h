#pragma once
// The request log of an emulator: every request it received, in arrival order, with the status
// it answered (0 while the handler runs, -1 when the connection was dropped). Thread-safe.

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rocky::emulator {

struct LoggedRequest {
  std::string method;
  std::string target;  // path and query, as sent
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int64_t time_ms = 0;  // wall clock, milliseconds since the epoch
  int status = 0;

  /// The first header named `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const;
  /// `target` without its query string.
  std::string_view path() const;
};

/// Milliseconds since the epoch, wall clock.
int64_t NowMs();

class RequestLog {
 public:
  /// Appends a request; returns its index for SetStatus.
  size_t Add(LoggedRequest request);
  void SetStatus(size_t index, int status);
  std::vector<LoggedRequest> Snapshot() const;
  void Clear();

  /// `[{method, target, headers: {name: value}, body, time_ms, status}, …]`.
  nlohmann::json ToJson() const;

 private:
  mutable std::mutex mu_;
  std::vector<LoggedRequest> requests_;
  size_t cleared_ = 0;  // requests before a Clear keep valid (ignored) indices
};

}  // namespace rocky::emulator
