#include "emulators/snowflake/statement_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>

namespace rocky::emulator::snowflake {

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
      return records_.at(it->second);
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
  if (r.timeout_secs > 0) r.deadline_ms = r.created_ms + int64_t{r.timeout_secs} * 1000;
  r.polls_before_run = request.pending_polls;
  r.partition_rows = std::max<size_t>(1, request.partition_rows);
  r.hold_polls = TakeHold(r.text);
  if (!r.waits() && !request.async) {
    execute_now = true;
    r.Claim();
  }
  if (!r.request_id.empty()) by_request_id_[r.request_id] = r.handle;
  InsertLocked(r.handle, r);
  return r;
}

void StatementStore::Finish(const std::string& handle, RequestOutcome outcome) {
  std::lock_guard lock(mu_);
  StatementRecord* r = FindLocked(handle);
  if (!r) return;
  r->Finish(outcome.result.error.has_value(), NowMs());
  for (auto& child_outcome : outcome.children) {
    StatementRecord child;
    child.handle = NewStatementHandle();
    child.text = child_outcome.text;
    child.context = r->context;
    child.nullable = r->nullable;
    child.created_ms = r->created_ms;
    child.Finish(child_outcome.error.has_value(), r->finished_ms);
    child.partition_rows = r->partition_rows;
    child.parent = handle;
    child.outcome = std::make_shared<const StatementOutcome>(std::move(child_outcome));
    r->children.push_back(child.handle);
    InsertLocked(child.handle, child);
  }
  r->outcome = std::make_shared<const StatementOutcome>(std::move(outcome.result));
}

}  // namespace rocky::emulator::snowflake
