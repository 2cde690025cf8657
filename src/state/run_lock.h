#pragma once
// The local run lock (runtime.md §11.3): one exclusive, non-blocking OS lock per pipeline on
// `<state dir>/locks/<pipeline>.lock`. The file holds `{pid, host, run_id, started_at}` so a
// refused run can say who holds the lock. The OS lock, not the file, is the truth: a file left
// by a process that died holds no lock and is simply taken over. A clean release deletes the file
// while still holding the lock; acquirers check that the file they locked is still the one at the
// path, so a delete racing with an acquire never lets two runs in.
//
// Pipeline names outside `[A-Za-z0-9_-]` are percent-encoded into the file name (`a.b` →
// `a%2Eb.lock`), so no name can reach outside the locks folder and distinct names never share a
// file.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/lock_holder.h"

namespace rocky::state {

/// What a lock file says about the run that holds (or last held) it.
using rocky::LockHolder;

/// One lock file as seen from outside (for `doctor`).
struct LockStatus {
  std::string pipeline;
  std::string path;
  /// True when a live process holds the OS lock; false for a stale file.
  bool held = false;
  /// The file's contents when they parse.
  std::optional<LockHolder> holder;
};

class RunLock {
 public:
  /// Takes the lock of `pipeline` under `state_dir` (creating `locks/`), polling for up to `wait`
  /// while another run holds it. On timeout fails with kConflict and exactly
  /// `pipeline 'P' is already running (lock held by <host>:<pid> since <time>)`.
  static Result<RunLock> Acquire(const std::string& state_dir, const std::string& pipeline,
                                 const std::string& run_id,
                                 std::chrono::milliseconds wait = std::chrono::milliseconds{0});

  /// Reports whether the pipeline's lock is held, without taking it. A missing file reports
  /// `held = false` and no holder.
  static Result<LockStatus> Probe(const std::string& state_dir, const std::string& pipeline);

  /// Every lock file under `<state_dir>/locks`, sorted by pipeline. A missing folder is empty.
  static Result<std::vector<LockStatus>> List(const std::string& state_dir);

  /// `<state_dir>/locks/<encoded pipeline>.lock`.
  static std::string LockPath(const std::string& state_dir, std::string_view pipeline);

  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&& other) noexcept;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  /// Releases the lock.
  ~RunLock();

  /// Deletes the lock file and releases the OS lock. Idempotent.
  void Release();

  bool held() const { return fd_ >= 0; }
  const std::string& pipeline() const { return pipeline_; }
  const std::string& path() const { return path_; }
  const LockHolder& holder() const { return holder_; }

 private:
  RunLock() = default;

  int fd_ = -1;
  std::string pipeline_;
  std::string path_;
  LockHolder holder_;
};

}  // namespace rocky::state
