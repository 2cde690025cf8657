#include "cli/diagnostic_lines.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "base/strings.h"
#include "compiler/binder.h"
#include "facade/project_models.h"

namespace rocky::cli {

namespace {

// What an info code says, for its summary line: the known codes by name, others by the text of
// their first message before any ':'.
std::string InfoTitle(const Diagnostic& first) {
  if (first.code == compiler::kStarUsedCode) return "SELECT * used";
  if (first.code == compiler::kUnknownTypesCode) return "output has columns of unknown type";
  if (first.code == compiler::kUnknownFunctionCode) return "unknown function";
  return first.message.substr(0, first.message.find(':'));
}

// `info[I001]: SELECT * used, in 5 model(s): a, b, c and 2 more` per code, in code order.
std::string InfoSummary(const std::vector<const Diagnostic*>& infos) {
  constexpr size_t kNamed = 3;
  std::map<std::string, std::vector<const Diagnostic*>> by_code;
  for (const Diagnostic* d : infos) by_code[d->code].push_back(d);
  std::string text;
  for (const auto& [code, list] : by_code) {
    std::vector<std::string> models;
    size_t without_model = 0;
    for (const Diagnostic* d : list) {
      if (!d->model) ++without_model;
      else if (std::find(models.begin(), models.end(), *d->model) == models.end())
        models.push_back(*d->model);
    }
    std::string where;
    if (!models.empty()) {
      std::vector<std::string> named(models.begin(),
                                     models.begin() + std::min(models.size(), kNamed));
      where = fmt::format(", in {} model(s): {}", models.size(), Join(named, ", "));
      if (models.size() > kNamed) where += fmt::format(" and {} more", models.size() - kNamed);
    }
    if (without_model > 0) where += fmt::format(" ({} outside models)", without_model);
    text += fmt::format("info[{}]: {}{}\n", code, InfoTitle(*list.front()), where);
  }
  if (!text.empty()) text += "(info diagnostics are summarized by code; -v lists each one)\n";
  return text;
}

}  // namespace

std::string DiagnosticLines(const std::vector<const Diagnostic*>& diagnostics, InfoLines infos) {
  std::string text;
  std::vector<const Diagnostic*> info;
  for (const Diagnostic* d : diagnostics) {
    if (d->severity == Severity::kInfo && infos == InfoLines::kSummary) {
      info.push_back(d);
      continue;
    }
    const char* label = d->severity == Severity::kError     ? "error"
                        : d->severity == Severity::kWarning ? "warning"
                                                            : "info";
    text += fmt::format("{}[{}]: {}\n", label, d->code, facade::DiagnosticText(*d));
  }
  return text + InfoSummary(info);
}

std::string DiagnosticLines(const std::vector<Diagnostic>& diagnostics, InfoLines infos) {
  std::vector<const Diagnostic*> all;
  for (const Diagnostic& d : diagnostics) all.push_back(&d);
  return DiagnosticLines(all, infos);
}

}  // namespace rocky::cli
