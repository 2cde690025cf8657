#pragma once
// The fault queue behind `POST /_emulator/faults`. A fault is matched (std::regex_search) against
// "METHOD /path" (no query string) of each request, in queue order; the first match applies and
// uses up one of its `count`. Thread-safe.
//
// JSON form: {"match": "<regex>", "status"?: int, "body"?: string | object, "headers"?: {k: v},
//             "content_type"?: string, "delay_ms"?: int, "drop_connection"?: bool,
//             "after_handler"?: bool, "count"?: int (default 1; -1 = until cleared),
//             "body_match"?: "<regex searched in the request body>"}
// - status: answer with it instead of running the handler (body defaults to the emulator's
//   error body for that status);
// - delay_ms alone: wait, then handle the request normally;
// - drop_connection: close the connection without any response, before the handler runs, or
//   after it ran (its effects happen, its response is lost) when after_handler is true.

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace rocky::emulator {

struct Fault {
  std::string match;
  std::string body_match;  // "" = any body
  int status = 0;  // 0: no scripted answer
  std::optional<std::string> body;
  std::string content_type;  // "" = the emulator's (application/json; S3: application/xml)
  std::map<std::string, std::string> headers;
  int delay_ms = 0;
  bool drop_connection = false;
  bool after_handler = false;
  int count = 1;  // -1: every matching request until cleared

  /// Parses the JSON form above; kUsage error naming the bad field.
  static Result<Fault> FromJson(const nlohmann::json& json);
  nlohmann::json ToJson() const;
};

class FaultQueue {
 public:
  /// Queues `fault`; fails when its regex does not compile.
  Result<void> Add(Fault fault);
  void Clear();
  /// The fault for the request line "METHOD /path", using up one of its count; nullopt if none.
  std::optional<Fault> Take(std::string_view request_line, std::string_view body = {});
  std::vector<Fault> Pending() const;

 private:
  struct Entry {
    Fault fault;
    std::regex pattern;
    std::optional<std::regex> body_pattern;
  };
  mutable std::mutex mu_;
  std::vector<Entry> entries_;
};

}  // namespace rocky::emulator
