#include "state_sync/s3_client.h"

#include <fmt/format.h>

#include <random>
#include <thread>
#include <utility>

#include "base/log.h"
#include "base/strings.h"
#include "base/url.h"
#include "state_sync/aws_sigv4.h"
#include "state_sync/s3_error.h"

namespace rocky::state_sync {

namespace {

bool Transient(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::string HeaderOr(const HttpResponse& response, std::string_view name) {
  const std::string* value = response.FindHeader(name);
  return value ? *value : "";
}

int64_t ContentLength(const HttpResponse& response) {
  const std::string* value = response.FindHeader("Content-Length");
  if (!value) return -1;
  try {
    return std::stoll(*value);
  } catch (...) {
    return -1;
  }
}

}  // namespace

S3Client::S3Client(S3ClientOptions options, AwsCredentials credentials, HttpClient& http)
    : options_(std::move(options)), credentials_(std::move(credentials)), http_(http) {
  if (!options_.sleep)
    options_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  if (!options_.clock) options_.clock = [] { return std::chrono::system_clock::now(); };
  while (!options_.endpoint.empty() && options_.endpoint.back() == '/')
    options_.endpoint.pop_back();
}

std::string S3Client::ObjectUrl(std::string_view key) const {
  const std::string path = PercentEncode(key, /*keep_slash=*/true);
  if (!options_.endpoint.empty())
    return fmt::format("{}/{}/{}", options_.endpoint, PercentEncode(options_.bucket), path);
  if (options_.bucket.find('.') != std::string::npos)
    return fmt::format("https://s3.{}.amazonaws.com/{}/{}", options_.region, options_.bucket, path);
  return fmt::format("https://{}.s3.{}.amazonaws.com/{}", options_.bucket, options_.region, path);
}

std::string S3Client::Address(std::string_view key) const {
  return fmt::format("s3://{}/{}", options_.bucket, key);
}

std::string S3Client::Scrub(std::string text) const {
  for (const Secret* secret : {&credentials_.secret_access_key, &credentials_.session_token})
    if (!secret->empty()) text = ReplaceAll(text, secret->Reveal(), "***");
  return text;
}

Result<HttpResponse> S3Client::Send(std::string_view method, std::string_view key, std::string body,
                                    HttpHeaders headers) {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  for (int64_t attempt = 0;; ++attempt) {
    const bool last = attempt >= options_.retry.max_retries;
    HttpRequest request;
    request.method = std::string(method);
    request.url = ObjectUrl(key);
    request.headers = headers;
    request.body = body;
    request.timeout = options_.request_timeout;
    if (auto signed_ok = SignRequest(request, credentials_, options_.region, options_.clock());
        !signed_ok)
      return std::unexpected(std::move(signed_ok.error()).With("while signing an S3 request"));

    auto response = http_.Send(request);
    if (!response) {
      Error e = std::move(response.error());
      e.message = Scrub(std::move(e.message));
      e.With(fmt::format("S3 {} {}", method, Address(key)));
      if (!e.retryable || last) return std::unexpected(std::move(e));
      LogDebug("s3: {} {} failed ({}); retry {} of {}", method, Address(key), e.message,
               attempt + 1, options_.retry.max_retries);
      options_.sleep(options_.retry.Backoff(attempt + 1, &rng));
      continue;
    }
    LogDebug("s3: {} {} -> HTTP {}", method, Address(key), response->status);
    if (Transient(response->status) && !last) {
      options_.sleep(
          options_.retry.Delay(attempt + 1, &rng, adapters::http::RetryAfter(*response)));
      continue;
    }
    return response;
  }
}

Error S3Client::Failure(std::string_view method, std::string_view key,
                        const HttpResponse& response) const {
  const S3ErrorBody body = ParseS3ErrorBody(response.body);
  std::string detail = body.code.empty() ? "" : " " + body.code;
  if (!body.message.empty()) detail += ": " + body.message;
  if (!body.request_id.empty()) detail += fmt::format(" (request id {})", body.request_id);
  Error e{ErrorKind::kState,
          Scrub(fmt::format("S3 {} {} failed: HTTP {}{}", method, Address(key), response.status,
                            detail)),
          {},
          ""};
  e.retryable = Transient(response.status);
  if (response.status == 401 || response.status == 403) {
    e.kind = ErrorKind::kConfig;
    e.hint = fmt::format(
        "check the AWS credentials (from {}), state.s3_region and the bucket's permissions",
        credentials_.source.empty() ? "the configuration" : credentials_.source);
  } else if (body.code == "NoSuchBucket") {
    e.kind = ErrorKind::kConfig;
    e.hint = "create the bucket, or fix state.s3_bucket";
  }
  return e;
}

Result<S3Object> S3Client::Get(std::string_view key) {
  auto response = Send("GET", key, "", {});
  if (!response) return std::unexpected(std::move(response.error()));
  if (response->status == 404) {
    const std::string code = ParseS3ErrorBody(response->body).code;
    if (code.empty() || code == "NoSuchKey") return S3Object{S3Status::kNotFound, "", "", -1};
  }
  if (!response->ok()) return std::unexpected(Failure("GET", key, *response));
  S3Object out;
  out.etag = HeaderOr(*response, "ETag");
  out.size = static_cast<int64_t>(response->body.size());
  out.body = std::move(response->body);
  return out;
}

Result<S3Object> S3Client::Head(std::string_view key) {
  auto response = Send("HEAD", key, "", {});
  if (!response) return std::unexpected(std::move(response.error()));
  if (response->status == 404) return S3Object{S3Status::kNotFound, "", "", -1};
  if (!response->ok()) return std::unexpected(Failure("HEAD", key, *response));
  return S3Object{S3Status::kOk, HeaderOr(*response, "ETag"), "", ContentLength(*response)};
}

Result<S3Object> S3Client::Put(std::string_view key, std::string body,
                               const S3Precondition& precondition) {
  HttpHeaders headers = {{"Content-Type", "application/octet-stream"}};
  if (precondition.kind == S3Precondition::Kind::kIfMatch)
    headers.emplace_back("If-Match", precondition.etag);
  else if (precondition.kind == S3Precondition::Kind::kIfNoneMatch)
    headers.emplace_back("If-None-Match", "*");
  const int64_t size = static_cast<int64_t>(body.size());
  auto response = Send("PUT", key, std::move(body), std::move(headers));
  if (!response) return std::unexpected(std::move(response.error()));
  const int status = response->status;
  if (status == 412 || status == 409 || status == 404) {
    const std::string code = ParseS3ErrorBody(response->body).code;
    const bool conflict = status == 412 || code == "ConditionalRequestConflict" ||
                          (status == 404 && precondition.kind == S3Precondition::Kind::kIfMatch &&
                           (code.empty() || code == "NoSuchKey"));
    if (conflict) {
      LogDebug("s3: PUT {} precondition failed (HTTP {} {})", Address(key), status, code);
      return S3Object{S3Status::kConflict, "", "", -1};
    }
  }
  if (!response->ok()) return std::unexpected(Failure("PUT", key, *response));
  return S3Object{S3Status::kOk, HeaderOr(*response, "ETag"), "", size};
}

}  // namespace rocky::state_sync
