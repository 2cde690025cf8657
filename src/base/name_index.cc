#include "base/name_index.h"

#include <algorithm>
#include <cstring>

namespace rocky {

namespace {

// ASCII upper case to lower case in each of the eight bytes of `w` (other bytes unchanged).
uint64_t LowerWord(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  const uint64_t low7 = w & (0x7f * kOnes);
  const uint64_t at_least_a = low7 + (0x80 - 'A') * kOnes;  // high bit set when byte >= 'A'
  const uint64_t above_z = low7 + (0x7f - 'Z') * kOnes;     // high bit set when byte > 'Z'
  const uint64_t upper = at_least_a & ~above_z & ~w & (0x80 * kOnes);
  return w | (upper >> 2);  // 0x80 >> 2 == 0x20
}

// The bytes [i, i + 8) of `s`, zero-padded past its end.
uint64_t WordAt(std::string_view s, size_t i) {
  uint64_t w = 0;
  if (s.size() - i >= 8) std::memcpy(&w, s.data() + i, 8);  // a fixed size: one load
  else std::memcpy(&w, s.data() + i, s.size() - i);
  return w;
}

}  // namespace

uint64_t NameIndex::Hash(std::string_view name) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ name.size();
  for (size_t i = 0; i < name.size(); i += 8) {
    h = (h ^ LowerWord(WordAt(name, i))) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
  }
  h ^= h >> 29;
  h *= 0x94D049BB133111EBULL;
  h ^= h >> 32;
  return h == 0 ? 1 : h;
}

bool NameIndex::Same(const Slot& slot, std::string_view name) const {
  if (slot.length != name.size()) return false;
  std::string_view stored(pool_.data() + slot.offset, slot.length);
  if (stored == name) return true;
  for (size_t i = 0; i < name.size(); i += 8)
    if (LowerWord(WordAt(stored, i)) != LowerWord(WordAt(name, i))) return false;
  return true;
}

void NameIndex::Rehash(size_t capacity) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{});
  const size_t mask = capacity - 1;
  for (const Slot& s : old) {
    if (s.hash == 0) continue;
    size_t i = s.hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

void NameIndex::Reserve(size_t names) {
  size_t capacity = 16;
  while (capacity < names * 2) capacity *= 2;
  if (capacity > slots_.size()) Rehash(capacity);
  pool_.reserve(names * 24);
}

std::pair<uint32_t, bool> NameIndex::Insert(std::string_view name, uint32_t index) {
  if ((size_ + 1) * 2 > slots_.size()) Rehash(slots_.empty() ? 16 : slots_.size() * 2);
  const uint64_t h = Hash(name);
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  for (; slots_[i].hash != 0; i = (i + 1) & mask)
    if (slots_[i].hash == h && Same(slots_[i], name)) return {slots_[i].value, false};
  slots_[i] = Slot{h, static_cast<uint32_t>(pool_.size()), static_cast<uint32_t>(name.size()), index};
  pool_.append(name);
  ++size_;
  return {index, true};
}

std::optional<uint32_t> NameIndex::Find(std::string_view name) const {
  if (slots_.empty()) return std::nullopt;
  const uint64_t h = Hash(name);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask; slots_[i].hash != 0; i = (i + 1) & mask)
    if (slots_[i].hash == h && Same(slots_[i], name)) return slots_[i].value;
  return std::nullopt;
}

}  // namespace rocky
