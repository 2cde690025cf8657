#include "valkey/remote_run_lock.h"

namespace rocky::valkey {

Result<std::unique_ptr<RemoteRunLock>> RemoteRunLock::Acquire(
    const ValkeyUrl& url, std::string_view key_prefix, std::string_view pipeline,
    const LockHolder& holder, std::chrono::milliseconds ttl, std::function<void()> on_lost,
    ValkeyOptions options) {
  std::unique_ptr<RemoteRunLock> out(new RemoteRunLock());
  auto client = ValkeyClient::Connect(url, std::move(options));
  if (!client) return Fail(std::move(client.error()).With("while taking the distributed run lock"));
  out->client_ = std::move(*client);
  auto lock = AcquireRunLock(*out->client_, key_prefix, pipeline, holder, ttl);
  if (!lock) {
    if (lock.error().kind != ErrorKind::kConflict)
      lock.error().With("while taking the distributed run lock");
    return Fail(std::move(lock.error()));
  }
  out->lock_.emplace(std::move(*lock));
  out->renewer_ = std::make_unique<LockRenewer>(*out->lock_, std::move(on_lost));
  return out;
}

}  // namespace rocky::valkey
