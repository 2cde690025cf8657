#include "base/diagnostic.h"

#include <fmt/format.h>

namespace rocky {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kError: return "Error";
    case Severity::kWarning: return "Warning";
    case Severity::kInfo: return "Info";
  }
  return "Error";
}

std::string FormatLocated(const Span& span, const std::string& message) {
  if (span.file.empty()) return message;
  if (span.line <= 0) return fmt::format("{}: {}", span.file, message);
  if (span.col <= 0) return fmt::format("{}:{}: {}", span.file, span.line, message);
  return fmt::format("{}:{}:{}: {}", span.file, span.line, span.col, message);
}

bool HasErrors(const std::vector<Diagnostic>& diags) {
  for (const auto& d : diags)
    if (d.severity == Severity::kError) return true;
  return false;
}

}  // namespace rocky
