#pragma once
// The state file as two Valkey keys (runtime.md §11.2): `<prefix>state.db` holds the file and
// `<prefix>state.db.etag` the SHA-256 hex of its content. Fetch reads both in one MGET; Store
// writes both in one compare-and-set script that checks the etag (or, with none expected, that
// there is no state yet), so a concurrent writer's change is a conflict, never overwritten.

#include <string>

#include "state/remote_state.h"
#include "valkey/valkey_client.h"

namespace rocky::state_sync {

class ValkeyStateObject : public state::RemoteObject {
 public:
  /// `client` must outlive this object; `prefix` is `state.valkey_prefix`.
  ValkeyStateObject(valkey::ValkeyClient& client, std::string prefix);

  std::string_view backend() const override { return "valkey"; }
  Result<std::optional<Fetched>> Fetch() override;
  Result<std::optional<std::string>> Store(std::string_view bytes,
                                           const std::optional<std::string>& expected) override;

  /// Writes `bytes` with `etag` unconditionally, both keys at once (the tiered backend's copy of
  /// what S3, the authority, holds).
  Result<void> Mirror(std::string_view bytes, std::string_view etag);

  const std::string& data_key() const { return data_key_; }
  const std::string& etag_key() const { return etag_key_; }

 private:
  valkey::ValkeyClient& client_;
  std::string data_key_;
  std::string etag_key_;
};

}  // namespace rocky::state_sync
