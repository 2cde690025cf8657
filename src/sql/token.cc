#include "sql/token.h"

namespace rocky::sql {

std::string_view TokenKindName(TokenKind k) {
  static constexpr std::string_view kNames[] = {
#define ROCKY_SQL_TOKEN_NAME(name, text) text,
      ROCKY_SQL_TOKENS(ROCKY_SQL_TOKEN_NAME)
#undef ROCKY_SQL_TOKEN_NAME
  };
  return kNames[static_cast<int>(k)];
}

}  // namespace rocky::sql
