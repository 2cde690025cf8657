#pragma once
// Who holds a lock: the local run lock file (state/run_lock.h) and the Valkey lock's `<key>:info`
// value (valkey/distributed_lock.h) both store `{pid, host, run_id, started_at}` as JSON, so a
// refused run can say who is in the way.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/time.h"

namespace rocky {

struct LockHolder {
  int64_t pid = 0;
  std::string host;
  std::string run_id;
  Timestamp started_at{};

  /// This process, now: getpid(), gethostname() ("localhost" when unknown), NowUtc().
  static LockHolder Current(std::string run_id);

  /// `{"pid":…,"host":…,"run_id":…,"started_at":"<RFC 3339>"}`.
  std::string ToJson() const;
  /// The holder in `text`, or nullopt when it is not such a JSON object.
  static std::optional<LockHolder> FromJson(std::string_view text);
};

/// `<host>:<pid> since <started_at to the second>`, or "an unknown process" when there is no
/// holder or it names no host.
std::string DescribeLockHolder(const std::optional<LockHolder>& holder);

/// The refusal of a run whose pipeline lock is held (runtime.md §1):
/// `pipeline 'P' is already running (lock held by <DescribeLockHolder>)`, followed by
/// `; its run id: <run_id>` when the holder names its run (issue 17: the message names host, pid
/// and run id; the spec's text stays a prefix for tools that match it).
std::string PipelineRunningMessage(std::string_view pipeline,
                                   const std::optional<LockHolder>& holder);

}  // namespace rocky
