#include "emulators/llm/reply_script.h"

namespace rocky::emulator::llm {

Result<ScriptedReply> ScriptedReply::FromJson(const nlohmann::json& json) {
  if (json.is_string()) return Text(json.get<std::string>());
  if (!json.is_object())
    return Fail(ErrorKind::kUsage,
                "a reply is a string or an object with `text`, `malformed` or `status`");
  if (json.contains("text")) {
    if (!json["text"].is_string()) return Fail(ErrorKind::kUsage, "reply `text` must be a string");
    return Text(json["text"].get<std::string>());
  }
  if (json.contains("malformed")) {
    if (json["malformed"] != true) return Fail(ErrorKind::kUsage, "reply `malformed` must be true");
    return Malformed();
  }
  if (json.contains("status")) {
    const auto& status = json["status"];
    if (!status.is_number_integer() || status.get<int>() < 400 || status.get<int>() > 599)
      return Fail(ErrorKind::kUsage, "reply `status` must be an HTTP error status (400-599)");
    ScriptedReply reply = Status(status.get<int>());
    if (json.contains("message")) {
      if (!json["message"].is_string())
        return Fail(ErrorKind::kUsage, "reply `message` must be a string");
      reply.text = json["message"].get<std::string>();
    }
    if (json.contains("retry_after")) {
      if (!json["retry_after"].is_number_integer() || json["retry_after"].get<int>() < 0)
        return Fail(ErrorKind::kUsage, "reply `retry_after` must be a number of seconds");
      reply.retry_after = json["retry_after"].get<int>();
    }
    return reply;
  }
  return Fail(ErrorKind::kUsage, "a reply object needs `text`, `malformed` or `status`");
}

nlohmann::json ScriptedReply::ToJson() const {
  switch (kind) {
    case Kind::kText:
      return text;
    case Kind::kMalformed:
      return {{"malformed", true}};
    case Kind::kStatus: {
      nlohmann::json out = {{"status", status}};
      if (!text.empty()) out["message"] = text;
      if (retry_after) out["retry_after"] = *retry_after;
      return out;
    }
  }
  return nullptr;
}

void ReplyScript::Append(std::vector<ScriptedReply> replies, bool repeat_last) {
  std::lock_guard lock(mu_);
  for (auto& reply : replies) replies_.push_back(std::move(reply));
  repeat_last_ = repeat_last;
}

void ReplyScript::Clear() {
  std::lock_guard lock(mu_);
  replies_.clear();
  repeat_last_ = false;
}

std::optional<ScriptedReply> ReplyScript::Next() {
  std::lock_guard lock(mu_);
  if (replies_.empty()) return std::nullopt;
  ++served_;
  ScriptedReply next = replies_.front();
  if (!(repeat_last_ && replies_.size() == 1)) replies_.erase(replies_.begin());
  return next;
}

nlohmann::json ReplyScript::ToJson() const {
  std::lock_guard lock(mu_);
  nlohmann::json replies = nlohmann::json::array();
  for (const auto& reply : replies_) replies.push_back(reply.ToJson());
  return {{"replies", replies}, {"repeat_last", repeat_last_}, {"served", served_}};
}

}  // namespace rocky::emulator::llm
