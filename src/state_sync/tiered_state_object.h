#pragma once
// The `tiered` backend (runtime.md §11): S3 is the authority, Valkey a fast copy. A download
// reads Valkey first and falls back to S3 on a miss or an error; an upload writes S3 with its
// condition, then mirrors the content and S3's etag into Valkey (best effort: a Valkey failure is
// logged, not an upload failure). After a conflict the state is read from S3 only, since the
// Valkey copy may be the stale one.

#include "state/remote_state.h"
#include "state_sync/s3_state_object.h"
#include "state_sync/valkey_state_object.h"

namespace rocky::state_sync {

class TieredStateObject : public state::RemoteObject {
 public:
  /// Both must outlive this object.
  TieredStateObject(S3StateObject& s3, ValkeyStateObject& valkey);

  std::string_view backend() const override { return "tiered"; }
  Result<std::optional<Fetched>> Fetch() override;
  Result<std::optional<std::string>> Store(std::string_view bytes,
                                           const std::optional<std::string>& expected) override;

 private:
  S3StateObject& s3_;
  ValkeyStateObject& valkey_;
  bool s3_only_ = false;  // after a conflict
};

}  // namespace rocky::state_sync
