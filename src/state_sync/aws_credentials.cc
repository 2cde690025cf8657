#include "state_sync/aws_credentials.h"

#include <cstdlib>

#include "base/file.h"
#include "base/strings.h"

namespace rocky::state_sync {

namespace {

constexpr std::string_view kHint =
    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary "
    "credentials), or add the profile to ~/.aws/credentials";

std::string NonEmpty(const EnvLookup& env, std::string_view name) {
  auto value = env(name);
  return value ? std::string(Trim(*value)) : std::string();
}

}  // namespace

std::optional<std::string> ProcessEnv(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::optional<AwsCredentials> ParseCredentialsFile(std::string_view text, std::string_view profile,
                                                   std::string source) {
  std::optional<AwsCredentials> found;
  bool in_profile = false;
  for (const std::string& raw : Split(text, "\n")) {
    std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      const size_t close = line.find(']');
      in_profile = close != std::string_view::npos && Trim(line.substr(1, close - 1)) == profile;
      if (in_profile && !found) found.emplace().source = source;
      continue;
    }
    const size_t eq = line.find('=');
    if (!in_profile || eq == std::string_view::npos) continue;
    const std::string key = ToLower(Trim(line.substr(0, eq)));
    std::string value(Trim(line.substr(eq + 1)));
    if (key == "aws_access_key_id")
      found->access_key_id = std::move(value);
    else if (key == "aws_secret_access_key")
      found->secret_access_key = Secret(std::move(value));
    else if (key == "aws_session_token")
      found->session_token = Secret(std::move(value));
  }
  return found;
}

Result<AwsCredentials> LoadAwsCredentials(const EnvLookup& env) {
  const std::string key_id = NonEmpty(env, "AWS_ACCESS_KEY_ID");
  const std::string secret = NonEmpty(env, "AWS_SECRET_ACCESS_KEY");
  if (!key_id.empty() || !secret.empty()) {
    if (key_id.empty() || secret.empty())
      return Fail(Error{ErrorKind::kConfig,
                        fmt::format("{} is set but {} is not",
                                    key_id.empty() ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID",
                                    key_id.empty() ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY"),
                        {},
                        std::string(kHint)});
    return AwsCredentials{key_id, Secret(secret), Secret(NonEmpty(env, "AWS_SESSION_TOKEN")),
                          "environment"};
  }

  std::string profile = NonEmpty(env, "AWS_PROFILE");
  const bool named = !profile.empty();
  if (!named) profile = "default";
  std::string path = NonEmpty(env, "AWS_SHARED_CREDENTIALS_FILE");
  if (path.empty()) {
    const std::string home = NonEmpty(env, "HOME");
    if (!home.empty()) path = home + "/.aws/credentials";
  }
  if (!path.empty() && FileExists(path)) {
    auto text = ReadFile(path);
    if (!text)
      return std::unexpected(std::move(text.error()).With("while reading AWS credentials"));
    auto found = ParseCredentialsFile(*text, profile, fmt::format("{} [{}]", path, profile));
    if (found) {
      if (found->access_key_id.empty() || found->secret_access_key.empty())
        return Fail(Error{ErrorKind::kConfig,
                          fmt::format("profile '{}' in {} lacks aws_access_key_id or "
                                      "aws_secret_access_key",
                                      profile, path),
                          {},
                          std::string(kHint)});
      return std::move(*found);
    }
    if (named)
      return Fail(
          Error{ErrorKind::kConfig,
                fmt::format("AWS profile '{}' (AWS_PROFILE) not found in {}", profile, path),
                {},
                std::string(kHint)});
  } else if (named) {
    return Fail(Error{ErrorKind::kConfig,
                      fmt::format("AWS profile '{}' (AWS_PROFILE) not found: no credentials file{}",
                                  profile, path.empty() ? "" : " at " + path),
                      {},
                      std::string(kHint)});
  }
  return Fail(Error{ErrorKind::kConfig, "no AWS credentials found", {}, std::string(kHint)});
}

}  // namespace rocky::state_sync
