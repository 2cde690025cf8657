#pragma once
// The state file as one S3 object (runtime.md §11.2): the RemoteObject of the `s3` backend.
// Fetch is a GET (404 NoSuchKey: no object); Store is a PUT with `If-Match: <etag>`, or
// `If-None-Match: *` when no object was seen, and a failed precondition is a conflict.

#include <string>

#include "state/remote_state.h"
#include "state_sync/s3_client.h"

namespace rocky::state_sync {

class S3StateObject : public state::RemoteObject {
 public:
  /// `client` must outlive this object; `key` is `<s3_prefix>state.db`.
  S3StateObject(S3Client& client, std::string key);

  std::string_view backend() const override { return "s3"; }
  Result<std::optional<Fetched>> Fetch() override;
  Result<std::optional<std::string>> Store(std::string_view bytes,
                                           const std::optional<std::string>& expected) override;

 private:
  S3Client& client_;
  std::string key_;
};

}  // namespace rocky::state_sync
