#include "state_sync/tiered_state_object.h"

#include "base/log.h"

namespace rocky::state_sync {

TieredStateObject::TieredStateObject(S3StateObject& s3, ValkeyStateObject& valkey)
    : s3_(s3), valkey_(valkey) {}

Result<std::optional<state::RemoteObject::Fetched>> TieredStateObject::Fetch() {
  if (!s3_only_) {
    auto cached = valkey_.Fetch();
    if (cached && *cached) return cached;
    if (!cached)
      LogWarn("reading the state from Valkey failed ({}); reading S3", cached.error().Text());
  }
  return s3_.Fetch();
}

Result<std::optional<std::string>> TieredStateObject::Store(
    std::string_view bytes, const std::optional<std::string>& expected) {
  auto stored = s3_.Store(bytes, expected);
  if (!stored) return stored;
  if (!*stored) {
    s3_only_ = true;
    return stored;
  }
  if (auto mirrored = valkey_.Mirror(bytes, **stored); !mirrored)
    LogWarn("copying the state to Valkey failed ({}); S3 holds it", mirrored.error().Text());
  return stored;
}

}  // namespace rocky::state_sync
