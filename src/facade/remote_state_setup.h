#pragma once
// The remote state backend a run syncs with (config.md §9, runtime.md §11): built from
// `[state]`, owning its clients. `local` has none.

#include <memory>

#include "base/error.h"
#include "config/config.h"
#include "state/remote_state.h"

namespace rocky::facade {

class RemoteStateBackend {
 public:
  virtual ~RemoteStateBackend() = default;
  virtual state::RemoteObject& object() = 0;
};

/// Null for the local backend. Missing AWS credentials or an unusable Valkey URL are errors
/// (the run warns and goes on without remote sync).
Result<std::unique_ptr<RemoteStateBackend>> OpenRemoteState(const config::StateConfig& state);

/// Where the remote state lives, for messages, never with a secret:
/// `s3://bucket/prefix/state.db`, `valkey 127.0.0.1:6379 key rocky:state.db`, or both for tiered.
std::string RemoteStateLocation(const config::StateConfig& state);

}  // namespace rocky::facade
