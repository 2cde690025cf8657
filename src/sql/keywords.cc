#include "sql/keywords.h"

#include <array>
#include <cstring>

namespace rocky::sql {

namespace {

constexpr std::string_view kNames[] = {
    "",
#define ROCKY_SQL_KW_NAME(name) #name,
    ROCKY_SQL_KEYWORDS(ROCKY_SQL_KW_NAME)
#undef ROCKY_SQL_KW_NAME
};

constexpr size_t kTableSize = 1024;  // power of two, well above 2x the keyword count

bool SameIgnoringCase(std::string_view upper, std::string_view word) {
  if (upper.size() != word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    if (c != upper[i]) return false;
  }
  return true;
}

struct Table {
  std::array<uint16_t, kTableSize> slots{};
  Table() {
    for (int k = 1; k < kKeywordCount; ++k) {
      size_t i = CaseFoldHash(kNames[k]) & (kTableSize - 1);
      while (slots[i] != 0) i = (i + 1) & (kTableSize - 1);
      slots[i] = static_cast<uint16_t>(k);
    }
  }
};

const Table& KeywordTable() {
  static const Table table;
  return table;
}

}  // namespace

static_assert(sizeof(kNames) / sizeof(kNames[0]) == kKeywordCount);
static_assert(kKeywordCount * 2 < kTableSize);

std::string_view KeywordName(Keyword k) { return kNames[static_cast<int>(k)]; }

Keyword LookupKeyword(std::string_view word, uint32_t hash) {
  if (word.size() < 2 || word.size() > 17) return Keyword::kNone;
  const Table& t = KeywordTable();
  size_t i = hash & (kTableSize - 1);
  while (uint16_t k = t.slots[i]) {
    if (SameIgnoringCase(kNames[k], word)) return static_cast<Keyword>(k);
    i = (i + 1) & (kTableSize - 1);
  }
  return Keyword::kNone;
}

}  // namespace rocky::sql
