#include "sql/symbol.h"

#include <cstring>
#include <string>

#include "sql/keywords.h"

namespace rocky::sql {

SymbolTable::SymbolTable(Arena& arena) : arena_(arena) {
  entries_.reserve(256);
  entries_.push_back(Entry{});
  slots_.assign(512, 0);
}

Symbol SymbolTable::Intern(std::string_view spelling, uint32_t hash) {
  return Insert(spelling, hash, false);
}
Symbol SymbolTable::Intern(std::string_view spelling) {
  return Insert(spelling, CaseFoldHash(spelling), false);
}
Symbol SymbolTable::InternCopy(std::string_view spelling) {
  return Insert(spelling, CaseFoldHash(spelling), true);
}

Symbol SymbolTable::Insert(std::string_view spelling, uint32_t hash, bool copy) {
  size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (uint32_t id = slots_[i]) {
    const Entry& e = entries_[id];
    if (e.hash == hash && e.text.size() == spelling.size() &&
        std::memcmp(e.text.data(), spelling.data(), spelling.size()) == 0)
      return Symbol{id};
    i = (i + 1) & mask;
  }
  uint32_t id = static_cast<uint32_t>(entries_.size());
  entries_.push_back(Entry{copy ? arena_.Copy(spelling) : spelling, hash, 0});
  slots_[i] = id;
  if (entries_.size() * 2 > slots_.size()) Rehash();
  return Symbol{id};
}

void SymbolTable::Rehash() {
  std::vector<uint32_t> slots(slots_.size() * 2, 0);
  size_t mask = slots.size() - 1;
  for (uint32_t id = 1; id < entries_.size(); ++id) {
    size_t i = entries_[id].hash & mask;
    while (slots[i]) i = (i + 1) & mask;
    slots[i] = id;
  }
  slots_.swap(slots);
}

Symbol SymbolTable::CaseFolded(Symbol s) {
  if (!s.valid()) return s;
  if (uint32_t f = entries_[s.id].folded) return Symbol{f};
  std::string_view text = entries_[s.id].text;
  bool lower = true;
  for (char c : text)
    if (c >= 'A' && c <= 'Z') lower = false;
  Symbol folded = s;
  if (!lower) {
    std::string tmp(text);
    for (char& c : tmp)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    folded = InternCopy(tmp);
  }
  entries_[s.id].folded = folded.id;
  return folded;
}

bool SymbolTable::EqualIgnoringCase(Symbol a, Symbol b) {
  return a == b || CaseFolded(a) == CaseFolded(b);
}

}  // namespace rocky::sql
