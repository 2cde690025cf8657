#pragma once
// Problems in user input (TOML, SQL, .rocky, the model graph): values, never exceptions.

#include <optional>
#include <string>
#include <vector>

namespace rocky {

/// A location in a source file. Lines and columns are 1-based; 0 means unknown.
struct Span {
  std::string file;
  int line = 0;
  int col = 0;
  int len = 0;
};

enum class Severity { kError, kWarning, kInfo };

/// "Error" / "Warning" / "Info", as in JSON output.
const char* SeverityName(Severity s);

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;  // stable code such as "E010", "V002"; may be empty
  std::string message;
  std::optional<Span> span;
  std::optional<std::string> model;
  std::optional<std::string> suggestion;
  std::vector<std::string> notes;
};

/// "file:line:col: message" (or "file:line: message" when the column is unknown).
std::string FormatLocated(const Span& span, const std::string& message);

bool HasErrors(const std::vector<Diagnostic>& diags);

}  // namespace rocky
