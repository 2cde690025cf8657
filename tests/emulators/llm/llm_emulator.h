#pragma once
// The LLM emulator (services.md §4): the two model APIs Rocky's AI layer calls, on 127.0.0.1,
// answering from a script of replies.
//   POST /v1/messages           the Anthropic Messages API (x-api-key, anthropic-version)
//   POST /v1/chat/completions   an OpenAI-compatible chat-completions endpoint (base URL `/v1`)
// Requests are checked as the real services check them (401 on credentials, 400 naming the
// field of an invalid body); a valid request takes the next scripted reply (reply_script.h),
// whichever API it came through. With nothing scripted the answer is 500 "no scripted reply".
// Errors, scripted or from the shared fault queue, have the shape of the API called; a 429
// carries `retry-after`.
// Control endpoints besides the shared ones (emulator_server.h):
//   POST   /_emulator/llm/script    {"replies": [reply, …], "repeat_last"?: false}: append
//   GET    /_emulator/llm/script    {"replies": [what is left], "repeat_last", "served"}
//   DELETE /_emulator/llm/script    clear
//   GET    /_emulator/llm/prompts   the conversations of the valid model requests, in order:
//                                   [{"api", "model", "system", "messages": [{"role", "text"}]}]
//   DELETE /_emulator/llm/prompts   clear them

#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "emulators/common/fault_queue.h"
#include "emulators/common/request_log.h"
#include "emulators/llm/reply_script.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace rocky::emulator {
class EmulatorServer;
}

namespace rocky::emulator::llm {

struct Options {
  int port = 0;
  /// The Anthropic key; "" accepts any non-empty `x-api-key`.
  std::string api_key;
  /// The chat-completions key (`Authorization: Bearer K`); "" requires none.
  std::string openai_key;
  /// `retry-after` seconds of a 429 that does not say otherwise.
  int retry_after_secs = 1;
};

class LlmEmulator {
 public:
  static Result<std::unique_ptr<LlmEmulator>> Start(Options options);
  ~LlmEmulator();
  LlmEmulator(const LlmEmulator&) = delete;
  LlmEmulator& operator=(const LlmEmulator&) = delete;

  /// `http://127.0.0.1:PORT`: the Anthropic base URL (ANTHROPIC_BASE_URL).
  std::string url() const;
  /// `http://127.0.0.1:PORT/v1`: the base URL of an OpenAI-compatible client.
  std::string openai_base_url() const { return url() + "/v1"; }
  int port() const;
  void Stop();

  /// Appends scripted replies (as `POST /_emulator/llm/script`).
  void Script(std::vector<ScriptedReply> replies, bool repeat_last = false);
  void ClearScript();
  /// As `GET /_emulator/llm/script`.
  nlohmann::json ScriptState() const { return script_.ToJson(); }
  /// As `GET /_emulator/llm/prompts`.
  nlohmann::json Prompts() const;
  std::vector<LoggedRequest> requests() const;
  Result<void> AddFault(Fault fault);

 private:
  enum class Api { kAnthropic, kOpenAi };
  explicit LlmEmulator(Options options);
  void AddRoutes();
  void AddControlRoutes();
  /// Answers a model request of `api`: credentials, body, then the next scripted reply.
  void Serve(Api api, const httplib::Request& req, httplib::Response& res);
  /// Checks the credentials (and Anthropic's version header); answers and returns false when
  /// they fail.
  bool Admitted(Api api, const httplib::Request& req, httplib::Response& res) const;
  /// Answers `status` with the error body of `api` (429: with `retry-after`).
  void SendError(Api api, httplib::Response& res, int status, std::string_view message,
                 std::string_view param = {}, std::optional<int> retry_after = std::nullopt) const;
  std::string NextId(std::string_view prefix);

  Options options_;
  ReplyScript script_;
  mutable std::mutex mu_;
  nlohmann::json prompts_ = nlohmann::json::array();
  uint64_t next_id_ = 0;
  std::unique_ptr<EmulatorServer> server_;
};

}  // namespace rocky::emulator::llm
