#pragma once
// AWS credentials for the S3 state backend (config.md §9): the environment first
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), else the AWS_PROFILE section
// (default `default`) of the shared credentials file: AWS_SHARED_CREDENTIALS_FILE when set (as
// the AWS CLI reads it), else ~/.aws/credentials. The secret and the token are Secrets: they
// never print.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"
#include "base/secret.h"

namespace rocky::state_sync {

struct AwsCredentials {
  std::string access_key_id;
  Secret secret_access_key;
  Secret session_token;  // empty: long-term credentials
  /// Where they came from ("environment", "/home/u/.aws/credentials [ci]"), for messages.
  std::string source;
};

/// Reads an environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;
/// The process environment.
std::optional<std::string> ProcessEnv(std::string_view name);

/// The credentials as described above. kConfig errors: an access key id without a secret (or
/// the reverse), a profile missing from the file, or no credentials anywhere (with a hint).
Result<AwsCredentials> LoadAwsCredentials(const EnvLookup& env = ProcessEnv);

/// The `[profile]` section of an INI-style credentials file's text: aws_access_key_id,
/// aws_secret_access_key, aws_session_token (`#` and `;` start comments; names and keys are
/// compared case-sensitively for sections, case-insensitively for keys). nullopt when the
/// section is absent. `source` labels the result.
std::optional<AwsCredentials> ParseCredentialsFile(std::string_view text, std::string_view profile,
                                                   std::string source);

}  // namespace rocky::state_sync
