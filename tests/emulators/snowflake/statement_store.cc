#include "emulators/snowflake/statement_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "emulators/common/request_log.h"

namespace rocky::emulator::snowflake {

namespace {

bool IsOpen(StatementState state) {
  return state == StatementState::kPending || state == StatementState::kRunning;
}

}  // namespace

const char* StateName(StatementState state) {
  switch (state) {
    case StatementState::kPending:
      return "PENDING";
    case StatementState::kRunning:
      return "RUNNING";
    case StatementState::kSucceeded:
      return "SUCCEEDED";
    case StatementState::kFailed:
      return "FAILED";
    case StatementState::kCanceled:
      return "CANCELED";
    case StatementState::kTimedOut:
      return "TIMED_OUT";
  }
  return "PENDING";
}

std::string NewStatementHandle() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  uint64_t a = random(), b = random();
  return fmt::format("01b{:05x}-{:04x}-{:04x}-{:04x}-{:012x}", (a >> 44) & 0xFFFFF,
                     (a >> 28) & 0xFFFF, (a >> 12) & 0xFFFF, (b >> 48) & 0xFFFF,
                     b & 0xFFFFFFFFFFFF);
}

StatementRecord StatementStore::Submit(const SubmitRequest& request, bool& execute_now,
                                       bool& duplicate) {
  execute_now = false;
  duplicate = false;
  std::lock_guard lock(mu_);
  if (request.retry && !request.request_id.empty()) {
    if (auto it = by_request_id_.find(request.request_id); it != by_request_id_.end()) {
      duplicate = true;
      return statements_.at(it->second);
    }
  }
  StatementRecord r;
  r.handle = NewStatementHandle();
  r.request_id = request.request_id;
  r.text = request.text;
  r.context = request.context;
  r.multi_statement_count = request.multi_statement_count;
  r.multi = request.multi_statement_count != 1;
  r.timeout_secs = request.timeout_secs;
  r.nullable = request.nullable;
  r.created_ms = NowMs();
  r.polls_before_run = request.pending_polls;
  r.partition_rows = std::max<size_t>(1, request.partition_rows);
  for (auto it = holds_.begin(); it != holds_.end(); ++it) {
    if (!std::regex_search(r.text, it->pattern)) continue;
    r.hold_polls = it->polls;
    if (--it->count == 0) holds_.erase(it);
    break;
  }
  const bool waits = r.polls_before_run > 0 || r.hold_polls != 0 || request.async;
  if (!waits) {
    execute_now = true;
    r.executing = true;
    r.state = StatementState::kRunning;
  }
  order_.push_back(r.handle);
  if (!r.request_id.empty()) by_request_id_[r.request_id] = r.handle;
  statements_[r.handle] = r;
  return r;
}

std::optional<StatementRecord> StatementStore::Poll(const std::string& handle, bool& execute_now) {
  execute_now = false;
  std::lock_guard lock(mu_);
  auto it = statements_.find(handle);
  if (it == statements_.end()) return std::nullopt;
  StatementRecord& r = it->second;
  if (!IsOpen(r.state) || r.executing) return r;
  if (r.timeout_secs > 0 && NowMs() - r.created_ms >= int64_t{r.timeout_secs} * 1000) {
    r.state = StatementState::kTimedOut;
    r.finished_ms = NowMs();
    return r;
  }
  r.state = StatementState::kRunning;
  if (r.hold_polls != 0) {
    if (r.hold_polls > 0) --r.hold_polls;
  } else if (r.polls_before_run > 0) {
    --r.polls_before_run;
  } else {
    r.executing = true;
    execute_now = true;
  }
  return r;
}

void StatementStore::Finish(const std::string& handle, RequestOutcome outcome) {
  std::lock_guard lock(mu_);
  auto it = statements_.find(handle);
  if (it == statements_.end()) return;
  StatementRecord& r = it->second;
  r.executing = false;
  r.finished_ms = NowMs();
  r.state = outcome.result.error ? StatementState::kFailed : StatementState::kSucceeded;
  for (auto& child_outcome : outcome.children) {
    StatementRecord child;
    child.handle = NewStatementHandle();
    child.text = child_outcome.text;
    child.context = r.context;
    child.nullable = r.nullable;
    child.created_ms = r.created_ms;
    child.finished_ms = r.finished_ms;
    child.state = child_outcome.error ? StatementState::kFailed : StatementState::kSucceeded;
    child.partition_rows = r.partition_rows;
    child.parent = handle;
    child.outcome = std::make_shared<const StatementOutcome>(std::move(child_outcome));
    r.children.push_back(child.handle);
    order_.push_back(child.handle);
    statements_[child.handle] = std::move(child);
  }
  r.outcome = std::make_shared<const StatementOutcome>(std::move(outcome.result));
}

std::optional<StatementRecord> StatementStore::Get(const std::string& handle) const {
  std::lock_guard lock(mu_);
  auto it = statements_.find(handle);
  if (it == statements_.end()) return std::nullopt;
  return it->second;
}

StatementStore::CancelResult StatementStore::Cancel(const std::string& handle) {
  std::lock_guard lock(mu_);
  auto it = statements_.find(handle);
  if (it == statements_.end()) return CancelResult::kUnknown;
  StatementRecord& r = it->second;
  if (!IsOpen(r.state) || r.executing) return CancelResult::kAlreadyDone;
  r.state = StatementState::kCanceled;
  r.finished_ms = NowMs();
  cancelled_.push_back(handle);
  return CancelResult::kCanceled;
}

std::vector<std::string> StatementStore::cancelled() const {
  std::lock_guard lock(mu_);
  return cancelled_;
}

Result<void> StatementStore::AddHold(const std::string& match, int polls, int count) {
  if (count <= 0) return Fail(ErrorKind::kUsage, "hold count must be positive");
  if (polls < -1) return Fail(ErrorKind::kUsage, "hold polls must be -1 or more");
  Hold hold;
  try {
    hold.pattern = std::regex(match, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return Fail(ErrorKind::kUsage, "hold match '{}' is not a valid regex: {}", match, e.what());
  }
  hold.polls = polls;
  hold.count = count;
  std::lock_guard lock(mu_);
  holds_.push_back(std::move(hold));
  return Ok();
}

void StatementStore::ClearHolds() {
  std::lock_guard lock(mu_);
  holds_.clear();
}

std::vector<StatementRecord> StatementStore::Snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<StatementRecord> out;
  out.reserve(order_.size());
  for (const auto& handle : order_) out.push_back(statements_.at(handle));
  return out;
}

}  // namespace rocky::emulator::snowflake
