#pragma once
// Case-insensitive (ASCII) names to dense indexes, for the tens of thousands of model names a
// project has: one open-addressing table and one character pool, so building it allocates a few
// times instead of once per name, and a look-up lower-cases nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rocky {

class NameIndex {
 public:
  void Reserve(size_t names);
  /// Adds `name` → `index` unless an equal name (ignoring ASCII case) is there; returns the
  /// stored index and whether `name` was added.
  std::pair<uint32_t, bool> Insert(std::string_view name, uint32_t index);
  std::optional<uint32_t> Find(std::string_view name) const;
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t hash = 0;  // 0: empty
    uint32_t offset = 0;
    uint32_t length = 0;
    uint32_t value = 0;
  };
  static uint64_t Hash(std::string_view name);
  bool Same(const Slot& slot, std::string_view name) const;
  void Rehash(size_t capacity);

  std::vector<Slot> slots_;
  std::string pool_;
  size_t size_ = 0;
};

}  // namespace rocky
