#include "base/name_index.h"

namespace rocky {

namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

uint64_t NameIndex::Hash(std::string_view name) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) {
    h ^= static_cast<unsigned char>(Lower(c));
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 29;
  return h == 0 ? 1 : h;
}

bool NameIndex::Same(const Slot& slot, std::string_view name) const {
  if (slot.length != name.size()) return false;
  const char* stored = pool_.data() + slot.offset;
  for (size_t i = 0; i < name.size(); ++i)
    if (Lower(stored[i]) != Lower(name[i])) return false;
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
