#pragma once
// Holds queued through an emulator's control endpoint (`POST /_emulator/<service>/hold`): the
// next `count` statements whose text matches a regex wait `polls` polls before they run (-1:
// until cancelled), so a test can catch a statement while it runs. Thread-safe.

#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "base/error.h"

namespace rocky::emulator {

class StatementHolds {
 public:
  /// Queues a hold for the next `count` statements matching `match` (regex_search). Fails on a
  /// bad regex, a count below 1 or polls below -1.
  Result<void> Add(const std::string& match, int polls, int count);
  void Clear();
  /// The polls a statement with `text` is held for, using up one count of the first hold that
  /// matches it; 0 when none does.
  int Take(const std::string& text);

 private:
  struct Hold {
    std::regex pattern;
    int polls = -1;
    int count = 1;
  };
  std::mutex mu_;
  std::vector<Hold> holds_;
};

}  // namespace rocky::emulator
