#include "state_sync/s3_state_object.h"

namespace rocky::state_sync {

S3StateObject::S3StateObject(S3Client& client, std::string key)
    : client_(client), key_(std::move(key)) {}

Result<std::optional<state::RemoteObject::Fetched>> S3StateObject::Fetch() {
  auto got = client_.Get(key_);
  if (!got) return Fail(std::move(got.error()));
  if (got->status == S3Status::kNotFound) return std::optional<Fetched>{};
  return std::optional<Fetched>{Fetched{std::move(got->body), std::move(got->etag)}};
}

Result<std::optional<std::string>> S3StateObject::Store(
    std::string_view bytes, const std::optional<std::string>& expected) {
  S3Precondition condition =
      expected ? S3Precondition::IfMatch(*expected) : S3Precondition::IfAbsent();
  auto put = client_.Put(key_, std::string(bytes), condition);
  if (!put) return Fail(std::move(put.error()));
  if (put->status == S3Status::kConflict) return std::optional<std::string>{};
  return std::optional<std::string>{std::move(put->etag)};
}

}  // namespace rocky::state_sync
