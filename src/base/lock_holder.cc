#include "base/lock_holder.h"

#include <fmt/format.h>
#include <unistd.h>

#include "base/json.h"

namespace rocky {

namespace {

std::string HostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof(buf) - 1) != 0 || buf[0] == '\0') return "localhost";
  return buf;
}

}  // namespace

LockHolder LockHolder::Current(std::string run_id) {
  return LockHolder{static_cast<int64_t>(::getpid()), HostName(), std::move(run_id), NowUtc()};
}

std::string LockHolder::ToJson() const {
  return Json::Object()
      .Set("pid", pid)
      .Set("host", host)
      .Set("run_id", run_id)
      .Set("started_at", FormatRfc3339(started_at))
      .Dump();
}

std::optional<LockHolder> LockHolder::FromJson(std::string_view text) {
  auto json = Json::Parse(text);
  if (!json || !json->IsObject()) return std::nullopt;
  LockHolder holder;
  if ((*json)["pid"].IsInt()) holder.pid = (*json)["pid"].AsInt();
  holder.host = (*json)["host"].AsString();
  holder.run_id = (*json)["run_id"].AsString();
  if (auto started = ParseTimestamp((*json)["started_at"].AsString())) holder.started_at = *started;
  return holder;
}

std::string DescribeLockHolder(const std::optional<LockHolder>& holder) {
  if (!holder || holder->host.empty()) return "an unknown process";
  auto since = std::chrono::floor<std::chrono::seconds>(holder->started_at);
  return fmt::format("{}:{} since {}", holder->host, holder->pid, FormatRfc3339(since));
}

std::string PipelineRunningMessage(std::string_view pipeline,
                                   const std::optional<LockHolder>& holder) {
  std::string text = fmt::format("pipeline '{}' is already running (lock held by {})", pipeline,
                                 DescribeLockHolder(holder));
  if (holder && !holder->run_id.empty()) text += "; its run id: " + holder->run_id;
  return text;
}

}  // namespace rocky
