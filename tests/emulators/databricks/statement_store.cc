#include "emulators/databricks/statement_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>

namespace rocky::emulator::databricks {

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
    case StatementState::kTimedOut:  // never: Databricks statements have no deadline
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
  r.hold_polls = TakeHold(r.text);
  execute_now = request.wait_timeout_secs > 0 && !r.waits();
  if (execute_now)
    r.Claim();
  else if (request.wait_timeout_secs > 0 && request.cancel_on_timeout)
    r.Cancel(NowMs());  // it would not finish within wait_timeout
  InsertLocked(r.id, r);
  return r;
}

void StatementStore::Finish(const std::string& id, StatementOutcome outcome) {
  std::lock_guard lock(mu_);
  StatementRecord* r = FindLocked(id);
  if (!r) return;
  r->Finish(outcome.error.has_value(), NowMs());
  r->history_type = outcome.history_type;
  r->outcome = std::make_shared<const StatementOutcome>(std::move(outcome));
}

HistoryPage StatementStore::History(const HistoryFilter& filter) const {
  auto wanted = [](const std::vector<std::string>& set, const std::string& value) {
    return set.empty() || std::find(set.begin(), set.end(), value) != set.end();
  };
  std::vector<StatementRecord> matching;
  {
    std::lock_guard lock(mu_);
    for (auto key = order_.rbegin(); key != order_.rend(); ++key) {
      const StatementRecord& r = records_.at(*key);
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
