#pragma once
// The round-trip check shared by the tests and `rocky sql parse --roundtrip`: print a statement,
// parse the text again in the same dialect, compare the trees.

#include <string>

#include "sql/parser.h"

namespace rocky::sql {

struct RoundTripResult {
  bool ok = false;
  std::string printed;
  std::string message;  // why it failed: a reparse error or "tree differs"
};

RoundTripResult CheckRoundTrip(const Script& script, const Statement& statement);

}  // namespace rocky::sql
