#pragma once
// Interned identifier spellings. A Symbol is a dense id for one exact spelling ("Orders" and
// "orders" are different symbols); CaseFolded() maps a symbol to its lower-case twin so name
// comparisons under a dialect's folding rules are integer compares. Spellings point into the
// source text or into the owner's arena; the table allocates nothing per lookup of a known name.

#include <cstdint>
#include <string_view>
#include <vector>

#include "sql/arena.h"

namespace rocky::sql {

struct Symbol {
  uint32_t id = 0;  // 0: no symbol
  bool valid() const { return id != 0; }
  friend bool operator==(Symbol a, Symbol b) { return a.id == b.id; }
};

class SymbolTable {
 public:
  /// `arena` holds copies of spellings that do not live in the source (decoded quoted names).
  explicit SymbolTable(Arena& arena);

  /// Interns a spelling that stays valid as long as the table (source text or arena memory).
  Symbol Intern(std::string_view spelling, uint32_t case_fold_hash);
  Symbol Intern(std::string_view spelling);
  /// Interns a spelling from transient memory (copied into the arena when new).
  Symbol InternCopy(std::string_view spelling);

  std::string_view Spelling(Symbol s) const { return entries_[s.id].text; }
  /// The symbol of the ASCII-lower-cased spelling.
  Symbol CaseFolded(Symbol s);
  bool EqualIgnoringCase(Symbol a, Symbol b);
  size_t size() const { return entries_.size() - 1; }

 private:
  struct Entry {
    std::string_view text;
    uint32_t hash = 0;
    uint32_t folded = 0;  // 0 until computed
  };
  Symbol Insert(std::string_view spelling, uint32_t hash, bool copy);
  void Rehash();

  Arena& arena_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> slots_;  // open addressing over entry ids; 0 = empty
};

}  // namespace rocky::sql
