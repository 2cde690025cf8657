// libFuzzer target for the .rocky front end: lexer, parser, lowering, the §3.2 layout, the SQL
// printer, and the formatter, over arbitrary bytes (the first byte picks the dialect). Besides
// the sanitizers' checks (no crash, leak, overflow, undefined behaviour) and no hang, it checks:
//   - lowered SQL parses with the SQL parser of the dialect it was lowered for;
//   - formatting is idempotent and keeps the meaning (the same lowered SQL).
// A broken property aborts, so libFuzzer reports it as a crash with the input.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "lang/format.h"
#include "lang/lower.h"
#include "sql/parser.h"
#include "sql/printer.h"

namespace {

[[noreturn]] void Broken(const char* what, std::string_view a, std::string_view b) {
  std::fprintf(stderr, "property broken: %s\n--- a ---\n%.*s\n--- b ---\n%.*s\n", what,
               static_cast<int>(a.size()), a.data(), static_cast<int>(b.size()), b.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 64 * 1024) return 0;
  const auto& dialects = rocky::sql::AllDialects();
  const rocky::sql::Dialect& dialect = *dialects[data[0] % dialects.size()];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  rocky::lang::LowerResult lowered = rocky::lang::Lower(text, "fuzz.rocky", dialect);
  std::string sql;
  if (lowered.ok()) {
    sql = lowered.Sql();
    for (const rocky::sql::Dialect* d : dialects)
      (void)rocky::sql::PrintQuery(*lowered.script, *lowered.query,
                                   rocky::sql::PrintOptions{.dialect = d});
    auto reparsed = rocky::sql::Parse(sql, dialect);
    if (!reparsed->ok())
      Broken("lowered SQL does not parse", sql, reparsed->diagnostics()[0].message);
  }

  rocky::lang::FormatResult formatted = rocky::lang::Format(text, "fuzz.rocky");
  if (formatted.ok()) {
    rocky::lang::FormatResult again = rocky::lang::Format(*formatted.text, "fuzz.rocky");
    if (!again.ok())
      Broken("formatted text does not parse", *formatted.text, again.diagnostics[0].message);
    if (*again.text != *formatted.text)
      Broken("formatting is not idempotent", *formatted.text, *again.text);
    rocky::lang::LowerResult relowered = rocky::lang::Lower(*formatted.text, "fuzz.rocky", dialect);
    if (relowered.ok() != lowered.ok() || relowered.Sql() != sql)
      Broken("formatting changed the meaning", sql, relowered.Sql());
  }
  return 0;
}
