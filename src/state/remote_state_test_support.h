#pragma once
// Shared by the remote state tests (state, state_sync, the S3 emulator's): a watermark written in
// one call, and a store's watermarks as a map to compare. Only test binaries include this header.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "base/time.h"
#include "state/state_store.h"

namespace rocky::state::test_support {

using Marks = std::map<std::string, std::string>;

/// Sets `table`'s watermark to `value` (updated at a fixed time).
inline void SetMark(StateStore& store, const std::string& table, const std::string& value) {
  ASSERT_TRUE(store.SetWatermark({table, value, *ParseTimestamp("2026-04-07T10:00:00Z")}));
}

/// table key → last value of the store at `path`, opened read-only.
inline Marks MarksAt(const std::string& path) {
  Marks out;
  auto store = StateStore::Open(path, OpenMode::kReadOnly);
  EXPECT_TRUE(store) << store.error().message;
  if (!store) return out;
  auto marks = store->ListWatermarks();
  EXPECT_TRUE(marks);
  if (!marks) return out;
  for (const auto& w : *marks) out[w.table_key] = w.last_value;
  return out;
}

}  // namespace rocky::state::test_support
