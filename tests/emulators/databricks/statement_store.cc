#include "emulators/databricks/statement_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "emulators/common/request_log.h"

namespace rocky::emulator::databricks {

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
  }
  return "PENDING";
}

const char* HistoryStatusName(StatementState state) {
  switch (state) {
    case StatementState::kPending:
      return "QUEUED";
    case StatementState::kRunning:
      return "RUNNING";
    case StatementState::kSucceeded:
      return "FINISHED";
    case StatementState::kFailed:
      return "FAILED";
    case StatementState::kCanceled:
      return "CANCELED";
  }
  return "QUEUED";
}

std::string NewStatementId() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  uint64_t a = random(), b = random();
  return fmt::format("01ef{:04x}-{:04x}-1{:03x}-{:04x}-{:012x}", (a >> 48) & 0xFFFF,
                     (a >> 32) & 0xFFFF, (a >> 20) & 0xFFF, 0x8000 | ((b >> 48) & 0x3FFF),
                     b & 0xFFFFFFFFFFFF);
}

StatementRecord StatementStore::Submit(const SubmitRequest& request, bool& execute_now) {
  StatementRecord r;
  r.id = NewStatementId();
  r.warehouse_id = request.warehouse_id;
  r.text = request.text;
  r.catalog = request.catalog;
  r.schema = request.schema;
  r.history_type = request.history_type;
  r.submitted_ms = NowMs();
  r.polls_before_run = request.pending_polls;
  r.chunk_rows = std::max<size_t>(1, request.chunk_rows);
  r.row_limit = request.row_limit;

  std::lock_guard lock(mu_);
  for (auto it = holds_.begin(); it != holds_.end(); ++it) {
    if (!std::regex_search(r.text, it->pattern)) continue;
    r.hold_polls = it->polls;
    if (--it->count == 0) holds_.erase(it);
    break;
  }
  bool waits = r.polls_before_run > 0 || r.hold_polls != 0;
  execute_now = request.wait_timeout_secs > 0 && !waits;
  if (execute_now) {
    r.executing = true;
    r.state = StatementState::kRunning;
  } else if (request.wait_timeout_secs > 0 && request.cancel_on_timeout) {
    r.state = StatementState::kCanceled;  // it would not finish within wait_timeout
    r.finished_ms = NowMs();
  }
  order_.push_back(r.id);
  statements_[r.id] = r;
  return r;
}

std::optional<StatementRecord> StatementStore::Poll(const std::string& id, bool& execute_now) {
  execute_now = false;
  std::lock_guard lock(mu_);
  auto it = statements_.find(id);
  if (it == statements_.end()) return std::nullopt;
  StatementRecord& r = it->second;
  bool open = r.state == StatementState::kPending || r.state == StatementState::kRunning;
  if (!open || r.executing) return r;
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

void StatementStore::Finish(const std::string& id, StatementOutcome outcome) {
  std::lock_guard lock(mu_);
  auto it = statements_.find(id);
  if (it == statements_.end()) return;
  StatementRecord& r = it->second;
  r.executing = false;
  r.finished_ms = NowMs();
  r.history_type = outcome.history_type;
  r.state = outcome.error ? StatementState::kFailed : StatementState::kSucceeded;
  r.outcome = std::make_shared<const StatementOutcome>(std::move(outcome));
}

std::optional<StatementRecord> StatementStore::Get(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = statements_.find(id);
  if (it == statements_.end()) return std::nullopt;
  return it->second;
}

StatementStore::CancelResult StatementStore::Cancel(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = statements_.find(id);
  if (it == statements_.end()) return CancelResult::kUnknown;
  StatementRecord& r = it->second;
  bool open = r.state == StatementState::kPending || r.state == StatementState::kRunning;
  if (!open || r.executing) return CancelResult::kAlreadyDone;
  r.state = StatementState::kCanceled;
  r.finished_ms = NowMs();
  cancelled_.push_back(id);
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

HistoryPage StatementStore::History(const HistoryFilter& filter) const {
  auto wanted = [](const std::vector<std::string>& set, const std::string& value) {
    return set.empty() || std::find(set.begin(), set.end(), value) != set.end();
  };
  std::vector<StatementRecord> matching;
  {
    std::lock_guard lock(mu_);
    for (auto id = order_.rbegin(); id != order_.rend(); ++id) {
      const StatementRecord& r = statements_.at(*id);
      if (!wanted(filter.warehouse_ids, r.warehouse_id) || !wanted(filter.statement_ids, r.id) ||
          !wanted(filter.statuses, HistoryStatusName(r.state)))
        continue;
      if (filter.start_time_ms && r.submitted_ms < *filter.start_time_ms) continue;
      if (filter.end_time_ms && r.submitted_ms > *filter.end_time_ms) continue;
      matching.push_back(r);
    }
  }
  std::stable_sort(matching.begin(), matching.end(),
                   [](const auto& a, const auto& b) { return a.submitted_ms > b.submitted_ms; });
  HistoryPage page;
  size_t end = std::min(matching.size(), filter.offset + filter.max_results);
  for (size_t i = filter.offset; i < end; ++i) page.queries.push_back(std::move(matching[i]));
  if (end < matching.size()) page.next_offset = end;
  return page;
}

}  // namespace rocky::emulator::databricks
