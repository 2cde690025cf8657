#include "emulators/common/request_log.h"

#include <chrono>

#include "base/strings.h"

namespace rocky::emulator {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string LoggedRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (EqualsIgnoreCase(key, name)) return value;
  return "";
}

std::string_view LoggedRequest::path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

size_t RequestLog::Add(LoggedRequest request) {
  std::lock_guard lock(mu_);
  requests_.push_back(std::move(request));
  return cleared_ + requests_.size() - 1;
}

void RequestLog::SetStatus(size_t index, int status) {
  std::lock_guard lock(mu_);
  if (index < cleared_) return;
  index -= cleared_;
  if (index < requests_.size()) requests_[index].status = status;
}

std::vector<LoggedRequest> RequestLog::Snapshot() const {
  std::lock_guard lock(mu_);
  return requests_;
}

void RequestLog::Clear() {
  std::lock_guard lock(mu_);
  cleared_ += requests_.size();
  requests_.clear();
}

nlohmann::json RequestLog::ToJson() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : Snapshot()) {
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [key, value] : r.headers) headers[key] = value;
    out.push_back({{"method", r.method},
                   {"target", r.target},
                   {"headers", std::move(headers)},
                   {"body", r.body},
                   {"time_ms", r.time_ms},
                   {"status", r.status}});
  }
  return out;
}

}  // namespace rocky::emulator
