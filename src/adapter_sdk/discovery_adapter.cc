#include "adapter_sdk/discovery_adapter.h"

#include "base/time.h"

namespace rocky::sdk {

bool HasNewData(const std::optional<std::string>& last_sync_at,
                const std::optional<std::string>& cursor) {
  if (!last_sync_at) return false;
  if (!cursor) return true;
  auto at = ParseTimestamp(*last_sync_at);
  auto since = ParseTimestamp(*cursor);
  if (at && since) return *at > *since;
  return *last_sync_at > *cursor;  // unreadable: the RFC 3339 text order
}

}  // namespace rocky::sdk
