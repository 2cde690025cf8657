#include "emulators/llm/llm_emulator.h"

#include <fmt/format.h>

#include <chrono>

#include "emulators/common/emulator_server.h"
#include "emulators/llm/chat_completions.h"
#include "emulators/llm/messages_api.h"

namespace rocky::emulator::llm {

namespace {

constexpr std::string_view kNoScriptedReply = "no scripted reply";

// The usual estimate of a tokenizer: about four characters a token.
int EstimateTokens(size_t chars) { return static_cast<int>((chars + 3) / 4); }

// The characters of a conversation (Prompt()); chat completions keep their system messages
// among the messages, so `system` counts only when it is apart.
size_t PromptChars(const nlohmann::json& prompt, bool system_apart) {
  size_t chars = system_apart ? prompt["system"].get_ref<const std::string&>().size() : 0;
  for (const auto& m : prompt["messages"]) chars += m["text"].get_ref<const std::string&>().size();
  return chars;
}

int64_t UnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

LlmEmulator::LlmEmulator(Options options)
    : options_(std::move(options)), server_(std::make_unique<EmulatorServer>("llm emulator")) {}

LlmEmulator::~LlmEmulator() { server_->Stop(); }

std::string LlmEmulator::url() const { return server_->url(); }
int LlmEmulator::port() const { return server_->port(); }
void LlmEmulator::Stop() { server_->Stop(); }
std::vector<LoggedRequest> LlmEmulator::requests() const { return server_->log().Snapshot(); }
Result<void> LlmEmulator::AddFault(Fault fault) { return server_->faults().Add(std::move(fault)); }

void LlmEmulator::Script(std::vector<ScriptedReply> replies, bool repeat_last) {
  script_.Append(std::move(replies), repeat_last);
}

void LlmEmulator::ClearScript() { script_.Clear(); }

nlohmann::json LlmEmulator::Prompts() const {
  std::lock_guard lock(mu_);
  return prompts_;
}

std::string LlmEmulator::NextId(std::string_view prefix) {
  std::lock_guard lock(mu_);
  return fmt::format("{}emulator{:016}", prefix, ++next_id_);
}

Result<std::unique_ptr<LlmEmulator>> LlmEmulator::Start(Options options) {
  std::unique_ptr<LlmEmulator> e(new LlmEmulator(std::move(options)));
  e->server_->SetFaultAnswer(
      [e = e.get()](int status, std::string_view line, httplib::Response& res) {
        const bool openai = line.find("/chat/completions") != std::string_view::npos;
        if (!openai) res.set_header("request-id", e->NextId("req_"));
        e->SendError(openai ? Api::kOpenAi : Api::kAnthropic, res, status, "");
      });
  e->AddRoutes();
  e->AddControlRoutes();
  if (auto started = e->server_->Start(e->options_.port); !started)
    return std::unexpected(started.error());
  return e;
}

void LlmEmulator::SendError(Api api, httplib::Response& res, int status, std::string_view message,
                            std::string_view param, std::optional<int> retry_after) const {
  if (status == 429)
    res.set_header("retry-after", std::to_string(retry_after.value_or(options_.retry_after_secs)));
  if (api == Api::kAnthropic)
    SendJson(res, status,
             messages_api::ErrorBody(status, message, res.get_header_value("request-id")));
  else
    SendJson(res, status, chat_completions::ErrorBody(status, message, param));
}

bool LlmEmulator::Admitted(Api api, const httplib::Request& req, httplib::Response& res) const {
  if (api == Api::kAnthropic) {
    const std::string key = req.get_header_value("x-api-key");
    if (key.empty()) {
      SendError(api, res, 401, "x-api-key header is required");
      return false;
    }
    if (!options_.api_key.empty() && key != options_.api_key) {
      SendError(api, res, 401, "invalid x-api-key");
      return false;
    }
    if (req.get_header_value("anthropic-version").empty()) {
      SendError(api, res, 400, "anthropic-version: header is required");
      return false;
    }
    return true;
  }
  if (options_.openai_key.empty()) return true;
  const std::string auth = req.get_header_value("Authorization");
  if (auth.empty()) {
    SendError(api, res, 401,
              "You didn't provide an API key. Send it as `Authorization: Bearer <key>`.");
    return false;
  }
  if (auth != "Bearer " + options_.openai_key) {
    SendError(api, res, 401, "Incorrect API key provided.");
    return false;
  }
  return true;
}

void LlmEmulator::Serve(Api api, const httplib::Request& req, httplib::Response& res) {
  const bool anthropic = api == Api::kAnthropic;
  if (anthropic) res.set_header("request-id", NextId("req_"));
  if (!Admitted(api, req, res)) return;
  if (anthropic && !req.get_header_value("Content-Type").starts_with("application/json"))
    return SendError(api, res, 400, "content-type: must be application/json");
  auto body = ParseJsonBody(req);
  if (!body) return SendError(api, res, 400, "the request body is not valid JSON");
  auto problem = anthropic ? messages_api::Validate(*body) : chat_completions::Validate(*body);
  if (problem) {
    const bool named = problem->find(':') != std::string::npos;
    const std::string field = named ? problem->substr(0, problem->find_first_of(".[:")) : "";
    return SendError(api, res, 400, *problem, field);
  }

  nlohmann::json prompt = anthropic ? messages_api::Prompt(*body) : chat_completions::Prompt(*body);
  const std::string model = (*body)["model"].get<std::string>();
  const int input_tokens = std::max(1, EstimateTokens(PromptChars(prompt, anthropic)));
  {
    std::lock_guard lock(mu_);
    nlohmann::json entry = {{"api", anthropic ? "anthropic" : "openai"}, {"model", model}};
    entry.update(prompt);
    prompts_.push_back(std::move(entry));
  }

  std::optional<ScriptedReply> reply = script_.Next();
  if (!reply) return SendError(api, res, 500, kNoScriptedReply);
  switch (reply->kind) {
    case ScriptedReply::Kind::kStatus:
      return SendError(api, res, reply->status, reply->text, {}, reply->retry_after);
    case ScriptedReply::Kind::kMalformed: {
      // A body cut off in the middle of the answer: not valid JSON.
      const std::string cut =
          anthropic ? fmt::format(R"({{"id": "{}", "type": "message", "role": "assistant", )"
                                  R"("content": [{{"type": "text", "text": "SELECT)",
                                  NextId("msg_"))
                    : fmt::format(R"({{"id": "{}", "object": "chat.completion", "choices": )"
                                  R"([{{"index": 0, "message": {{"role": "assistant", )"
                                  R"("content": "SELECT)",
                                  NextId("chatcmpl-"));
      res.status = 200;
      res.set_content(cut, "application/json");
      return;
    }
    case ScriptedReply::Kind::kText:
      break;
  }
  const int output_tokens = EstimateTokens(reply->text.size());
  if (anthropic)
    SendJson(res, 200,
             messages_api::Reply(NextId("msg_"), model, reply->text, input_tokens, output_tokens));
  else
    SendJson(res, 200,
             chat_completions::Reply(NextId("chatcmpl-"), UnixSeconds(), model, reply->text,
                                     input_tokens, output_tokens));
}

void LlmEmulator::AddRoutes() {
  server_->Route("POST", "/v1/messages",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   Serve(Api::kAnthropic, req, res);
                 });
  server_->Route("POST", "/v1/chat/completions",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   Serve(Api::kOpenAi, req, res);
                 });
}

void LlmEmulator::AddControlRoutes() {
  const std::string script = "/_emulator/llm/script";
  server_->ControlRoute(
      "POST", script, [this](const httplib::Request& req, httplib::Response& res) {
        auto body = ParseJsonBody(req);
        if (!body || !body->is_object() || !body->contains("replies") ||
            !(*body)["replies"].is_array())
          return SendJson(res, 400,
                          {{"message", R"(expected {"replies": [...], "repeat_last"?: bool})"}});
        const auto& repeat = body->value("repeat_last", nlohmann::json(false));
        if (!repeat.is_boolean())
          return SendJson(res, 400, {{"message", "repeat_last must be true or false"}});
        std::vector<ScriptedReply> replies;
        for (const auto& item : (*body)["replies"]) {
          auto reply = ScriptedReply::FromJson(item);
          if (!reply) return SendJson(res, 400, {{"message", reply.error().message}});
          replies.push_back(std::move(*reply));
        }
        script_.Append(std::move(replies), repeat.get<bool>());
        SendJson(res, 200, script_.ToJson());
      });
  server_->ControlRoute("GET", script, [this](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200, script_.ToJson());
  });
  server_->ControlRoute("DELETE", script, [this](const httplib::Request&, httplib::Response& res) {
    script_.Clear();
    SendJson(res, 200, script_.ToJson());
  });
  const std::string prompts = "/_emulator/llm/prompts";
  server_->ControlRoute("GET", prompts, [this](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200, Prompts());
  });
  server_->ControlRoute("DELETE", prompts, [this](const httplib::Request&, httplib::Response& res) {
    {
      std::lock_guard lock(mu_);
      prompts_ = nlohmann::json::array();
    }
    SendJson(res, 200, nlohmann::json::array());
  });
}

}  // namespace rocky::emulator::llm
