#include "emulators/common/statement_holds.h"

namespace rocky::emulator {

Result<void> StatementHolds::Add(const std::string& match, int polls, int count) {
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

void StatementHolds::Clear() {
  std::lock_guard lock(mu_);
  holds_.clear();
}

int StatementHolds::Take(const std::string& text) {
  std::lock_guard lock(mu_);
  for (auto it = holds_.begin(); it != holds_.end(); ++it) {
    if (!std::regex_search(text, it->pattern)) continue;
    const int polls = it->polls;
    if (--it->count == 0) holds_.erase(it);
    return polls;
  }
  return 0;
}

}  // namespace rocky::emulator
