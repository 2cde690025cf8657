#include "emulators/common/fault_queue.h"

namespace rocky::emulator {

namespace {

using Json = nlohmann::json;

struct FieldRule {
  const char* key;
  bool (Json::*test)() const noexcept;
  const char* want;
};

constexpr FieldRule kFieldRules[] = {
    {"status", &Json::is_number_integer, "an integer"},
    {"delay_ms", &Json::is_number_integer, "an integer"},
    {"count", &Json::is_number_integer, "an integer"},
    {"drop_connection", &Json::is_boolean, "a boolean"},
    {"after_handler", &Json::is_boolean, "a boolean"},
    {"content_type", &Json::is_string, "a string"},
    {"headers", &Json::is_object, "an object"},
    {"body_match", &Json::is_string, "a regex string"},
};

}  // namespace

Result<Fault> Fault::FromJson(const nlohmann::json& json) {
  if (!json.is_object()) return Fail(ErrorKind::kUsage, "a fault must be a JSON object");
  Fault f;
  if (!json.contains("match") || !json["match"].is_string())
    return Fail(ErrorKind::kUsage, "fault field 'match' (a regex string) is required");
  f.match = json["match"].get<std::string>();
  for (const auto& rule : kFieldRules)
    if (json.contains(rule.key) && !(json[rule.key].*rule.test)())
      return Fail(ErrorKind::kUsage, "fault field '{}' must be {}", rule.key, rule.want);
  f.status = json.value("status", 0);
  f.delay_ms = json.value("delay_ms", 0);
  f.count = json.value("count", 1);
  f.drop_connection = json.value("drop_connection", false);
  f.after_handler = json.value("after_handler", false);
  f.content_type = json.value("content_type", "");
  f.body_match = json.value("body_match", "");
  if (json.contains("body")) {
    const auto& body = json["body"];
    f.body = body.is_string() ? body.get<std::string>() : body.dump();
  }
  if (json.contains("headers"))
    for (const auto& [key, value] : json["headers"].items())
      f.headers[key] = value.is_string() ? value.get<std::string>() : value.dump();
  if (f.status != 0 && (f.status < 100 || f.status > 599))
    return Fail(ErrorKind::kUsage, "fault status {} is not an HTTP status", f.status);
  if (f.count == 0 || f.count < -1)
    return Fail(ErrorKind::kUsage, "fault count must be positive, or -1 for every request");
  if (f.delay_ms < 0) return Fail(ErrorKind::kUsage, "fault delay_ms must not be negative");
  return f;
}

nlohmann::json Fault::ToJson() const {
  nlohmann::json out = {{"match", match},
                        {"status", status},
                        {"delay_ms", delay_ms},
                        {"drop_connection", drop_connection},
                        {"after_handler", after_handler},
                        {"count", count}};
  if (body) out["body"] = *body;
  if (!content_type.empty()) out["content_type"] = content_type;
  if (!body_match.empty()) out["body_match"] = body_match;
  if (!headers.empty()) out["headers"] = headers;
  return out;
}

Result<void> FaultQueue::Add(Fault fault) {
  std::regex pattern;
  std::optional<std::regex> body_pattern;
  try {
    pattern = std::regex(fault.match, std::regex::ECMAScript);
    if (!fault.body_match.empty()) body_pattern = std::regex(fault.body_match, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return Fail(ErrorKind::kUsage, "fault match '{}' / body_match '{}' is not a valid regex: {}",
                fault.match, fault.body_match, e.what());
  }
  std::lock_guard lock(mu_);
  entries_.push_back({std::move(fault), std::move(pattern), std::move(body_pattern)});
  return Ok();
}

void FaultQueue::Clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
}

std::optional<Fault> FaultQueue::Take(std::string_view request_line, std::string_view body) {
  std::lock_guard lock(mu_);
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (!std::regex_search(request_line.begin(), request_line.end(), it->pattern)) continue;
    if (it->body_pattern && !std::regex_search(body.begin(), body.end(), *it->body_pattern))
      continue;
    Fault out = it->fault;
    if (it->fault.count > 0 && --it->fault.count == 0) entries_.erase(it);
    return out;
  }
  return std::nullopt;
}

std::vector<Fault> FaultQueue::Pending() const {
  std::lock_guard lock(mu_);
  std::vector<Fault> out;
  for (const auto& e : entries_) out.push_back(e.fault);
  return out;
}

}  // namespace rocky::emulator
