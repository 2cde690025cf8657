#include "valkey/distributed_lock.h"

#include <fmt/format.h>

#include <thread>

#include "base/log.h"
#include "base/uuid.h"

namespace rocky::valkey {

namespace {

// services.md §2: the token is 128 random bits as hex.
constexpr size_t kTokenBytes = 16;

}  // namespace

std::string RunLockName(std::string_view pipeline) { return fmt::format("lock:run:{}", pipeline); }

std::string FillLockName(std::string_view cache_key) {
  return fmt::format("lock:fill:{}", cache_key);
}

DistributedLock::DistributedLock(ValkeyClient& client, std::string key, std::string token,
                                 std::chrono::milliseconds ttl, LockHolder holder)
    : client_(&client),
      key_(std::move(key)),
      token_(std::move(token)),
      ttl_(ttl),
      holder_(std::move(holder)) {}

DistributedLock::DistributedLock(DistributedLock&& other) noexcept
    : client_(std::exchange(other.client_, nullptr)),
      key_(std::move(other.key_)),
      token_(std::move(other.token_)),
      ttl_(other.ttl_),
      holder_(std::move(other.holder_)) {}

DistributedLock& DistributedLock::operator=(DistributedLock&& other) noexcept {
  if (this != &other) {
    (void)Release();
    client_ = std::exchange(other.client_, nullptr);
    key_ = std::move(other.key_);
    token_ = std::move(other.token_);
    ttl_ = other.ttl_;
    holder_ = std::move(other.holder_);
  }
  return *this;
}

DistributedLock::~DistributedLock() {
  if (auto released = Release(); !released)
    LogWarn("could not release the Valkey lock {}: {}", key_, released.error().Text());
}

Result<LockAttempt> DistributedLock::TryAcquire(ValkeyClient& client, std::string key,
                                                const LockHolder& holder,
                                                std::chrono::milliseconds ttl) {
  std::string token = RandomHexToken(kTokenBytes);
  auto won = client.Eval(kAcquireScript, {key, key + ":info"},
                         {token, std::to_string(ttl.count()), holder.ToJson()});
  if (!won) return Fail(std::move(won.error()).With(fmt::format("while locking {}", key)));
  if (won->type != ReplyType::kInteger)
    return Fail(ErrorKind::kAdapter, "unexpected reply locking {}: {}", key, won->Describe());
  LockAttempt attempt;
  if (won->integer == 1) {
    attempt.lock.emplace(DistributedLock(client, std::move(key), std::move(token), ttl, holder));
    return attempt;
  }
  // The winner's :info came with its lock; a holder that wrote none (an older writer) may still
  // be writing it: give it a moment.
  for (int i = 0; i < 10 && !attempt.holder; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto info = client.Get(key + ":info");
    if (!info) return Fail(std::move(info.error()).With(fmt::format("while reading {}:info", key)));
    if (*info) attempt.holder = LockHolder::FromJson(**info);
  }
  return attempt;
}

Result<bool> DistributedLock::Renew() {
  if (client_ == nullptr) return false;
  auto reply = client_->Eval(kRenewScript, {key_}, {token_, std::to_string(ttl_.count())});
  if (!reply) return Fail(std::move(reply.error()).With(fmt::format("while renewing {}", key_)));
  if (reply->type != ReplyType::kInteger)
    return Fail(ErrorKind::kAdapter, "unexpected reply renewing {}: {}", key_, reply->Describe());
  if (reply->integer == 0) return false;
  if (auto info = client_->Command({"PEXPIRE", info_key(), std::to_string(ttl_.count())}); !info)
    LogDebug("could not extend {}: {}", info_key(), info.error().Text());
  return true;
}

Result<bool> DistributedLock::Release() {
  if (client_ == nullptr) return false;
  ValkeyClient* client = std::exchange(client_, nullptr);
  auto reply = client->Eval(kReleaseScript, {key_}, {token_});
  if (!reply) return Fail(std::move(reply.error()).With(fmt::format("while releasing {}", key_)));
  return reply->type == ReplyType::kInteger && reply->integer == 1;
}

Result<DistributedLock> AcquireRunLock(ValkeyClient& client, std::string_view key_prefix,
                                       std::string_view pipeline, const LockHolder& holder,
                                       std::chrono::milliseconds ttl) {
  auto attempt = DistributedLock::TryAcquire(
      client, fmt::format("{}{}", key_prefix, RunLockName(pipeline)), holder, ttl);
  if (!attempt) return Fail(std::move(attempt.error()));
  if (!attempt->lock)
    return Fail(ErrorKind::kConflict, "{}", PipelineRunningMessage(pipeline, attempt->holder));
  return std::move(*attempt->lock);
}

}  // namespace rocky::valkey
