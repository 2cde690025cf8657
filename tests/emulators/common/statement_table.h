#pragma once
// The statements an emulator accepted, by key (a Databricks statement id, a Snowflake statement
// handle), in the order they were added, each following the life cycle of statement_lifecycle.h,
// with the holds queued for the statements to come (statement_holds.h). A service's statement
// store derives from it and adds its own submit and finish under `mu_`. Thread-safe.

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/error.h"
#include "emulators/common/request_log.h"
#include "emulators/common/statement_holds.h"
#include "emulators/common/statement_lifecycle.h"

namespace rocky::emulator {

enum class CancelResult { kUnknown, kCanceled, kAlreadyDone };

/// `R` derives from StatementLifecycle.
template <typename R>
class StatementTable {
 public:
  using Record = R;
  using CancelResult = emulator::CancelResult;

  /// The snapshot of a record; nullopt for an unknown key.
  std::optional<Record> Get(const std::string& key) const {
    std::lock_guard lock(mu_);
    auto it = records_.find(key);
    if (it == records_.end()) return std::nullopt;
    return it->second;
  }

  /// A poll (StatementLifecycle::Poll): the snapshot after it; `execute_now` tells the caller to
  /// run the statement and finish it. nullopt for an unknown key.
  std::optional<Record> Poll(const std::string& key, bool& execute_now) {
    execute_now = false;
    std::lock_guard lock(mu_);
    auto it = records_.find(key);
    if (it == records_.end()) return std::nullopt;
    execute_now = it->second.Poll(NowMs());
    return it->second;
  }

  CancelResult Cancel(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = records_.find(key);
    if (it == records_.end()) return CancelResult::kUnknown;
    if (!it->second.Cancel(NowMs())) return CancelResult::kAlreadyDone;
    cancelled_.push_back(key);
    return CancelResult::kCanceled;
  }
  /// Keys of the statements Cancel cancelled, in order.
  std::vector<std::string> cancelled() const {
    std::lock_guard lock(mu_);
    return cancelled_;
  }

  /// Every record, in the order they were added.
  std::vector<Record> Snapshot() const {
    std::lock_guard lock(mu_);
    std::vector<Record> out;
    out.reserve(order_.size());
    for (const auto& key : order_) out.push_back(records_.at(key));
    return out;
  }

  /// Holds the next `count` statements whose text matches `match` (regex_search) for `polls`
  /// polls (-1: until cancelled). Fails on a bad regex.
  Result<void> AddHold(const std::string& match, int polls, int count) {
    return holds_.Add(match, polls, count);
  }
  void ClearHolds() { holds_.Clear(); }
  StatementHolds& holds() { return holds_; }

 protected:
  /// The polls a new statement with `text` is held for (StatementHolds::Take).
  int TakeHold(const std::string& text) { return holds_.Take(text); }
  /// Adds a copy of `record` under `key`; the caller holds `mu_`.
  void InsertLocked(const std::string& key, const Record& record) {
    order_.push_back(key);
    records_[key] = record;
  }
  /// The record of `key`, or nullptr; the caller holds `mu_`.
  Record* FindLocked(const std::string& key) {
    auto it = records_.find(key);
    return it == records_.end() ? nullptr : &it->second;
  }

  mutable std::mutex mu_;           // guards what follows
  std::vector<std::string> order_;  // keys by insertion
  std::unordered_map<std::string, Record> records_;

 private:
  StatementHolds holds_;
  std::vector<std::string> cancelled_;  // guarded by mu_
};

}  // namespace rocky::emulator
