#include "ai/llm_provider.h"

#include "adapters/http/http_client.h"
#include "ai/provider_http.h"

namespace rocky::ai {

namespace {

std::string WithoutTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

Result<std::unique_ptr<LlmProvider>> MakeLlmProvider(const config::AiConfig& config,
                                                     const config::EnvLookup& env,
                                                     ProviderOptions options) {
  if (!options.http) options.http = adapters::http::NewHttpClient();
  options.timeout = std::chrono::seconds(config.timeout_secs);
  auto key = env(config.api_key_env);
  if (config.provider == "openai") {
    std::string base = config.base_url;
    if (base.empty()) base = env("OPENAI_BASE_URL").value_or("");
    if (base.empty())
      return Fail(Error{ErrorKind::kConfig,
                        "ai.provider = \"openai\" needs the endpoint's base URL",
                        {},
                        "set ai.base_url in rocky.toml (e.g. \"http://localhost:11434/v1\" for "
                        "Ollama) or OPENAI_BASE_URL"});
    return NewOpenAiProvider(WithoutTrailingSlash(base), config.model, key.value_or(""),
                             config.api_key_env, std::move(options));
  }
  if (!key || key->empty())
    return Fail(Error{ErrorKind::kConfig,
                      config.api_key_env + " is not set",
                      {},
                      "export " + config.api_key_env +
                          "=<your Anthropic API key>, or point ai.api_key_env at the variable "
                          "that holds it"});
  std::string base = env("ANTHROPIC_BASE_URL").value_or("");
  if (base.empty()) base = config.base_url;
  if (base.empty()) base = "https://api.anthropic.com";
  return NewAnthropicProvider(WithoutTrailingSlash(base), config.model, *key, config.api_key_env,
                              std::move(options));
}

}  // namespace rocky::ai
