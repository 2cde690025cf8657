#pragma once
// The scripted replies of the LLM emulator, shared by its two APIs and served first in, first
// out: each model request takes the next one. A reply is a text (the assistant's answer), a
// malformed answer (status 200 with a body that is not valid JSON) or an error status answered
// in the shape of the API that was called. With `repeat_last`, the last reply stays once reached
// and is served for ever. Thread-safe.
//
// JSON form of a reply: "text" | {"text": "…"} | {"malformed": true} |
//   {"status": 529, "message"?: "…", "retry_after"?: seconds (429 only)}

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"

namespace rocky::emulator::llm {

struct ScriptedReply {
  enum class Kind { kText, kMalformed, kStatus };
  Kind kind = Kind::kText;
  std::string text;                // kText: the assistant's answer; kStatus: the error message
  int status = 0;                  // kStatus
  std::optional<int> retry_after;  // kStatus 429: seconds for `retry-after` (else the default)

  static ScriptedReply Text(std::string text) { return {.text = std::move(text)}; }
  static ScriptedReply Malformed() { return {.kind = Kind::kMalformed}; }
  static ScriptedReply Status(int status) { return {.kind = Kind::kStatus, .status = status}; }

  /// Parses the JSON form above; a kUsage error naming what is wrong.
  static Result<ScriptedReply> FromJson(const nlohmann::json& json);
  nlohmann::json ToJson() const;
};

class ReplyScript {
 public:
  /// Appends `replies`; `repeat_last` (the queue's, whichever call set it last) keeps the last
  /// reply of the queue once it is reached.
  void Append(std::vector<ScriptedReply> replies, bool repeat_last);
  void Clear();
  /// The next reply (removed unless it is the last one and repeat_last is on); nullopt when
  /// nothing is scripted.
  std::optional<ScriptedReply> Next();

  /// `{"replies": [what is left], "repeat_last": bool, "served": N}`.
  nlohmann::json ToJson() const;

 private:
  mutable std::mutex mu_;
  std::vector<ScriptedReply> replies_;
  bool repeat_last_ = false;
  size_t served_ = 0;
};

}  // namespace rocky::emulator::llm
