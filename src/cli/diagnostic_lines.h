#pragma once
// Diagnostics as terminal lines (`compile`, `ci`): `error[E010]: file:line:col: message
// (suggestion)` for the errors and warnings, infos summarized by code unless asked for each.

#include <string>
#include <vector>

#include "base/diagnostic.h"

namespace rocky::cli {

/// How info diagnostics print on a terminal: one line per code with its model count (the
/// default: a 10k-model project over undescribed sources has ten thousand of them), or each one
/// (`-v`). JSON output always carries every diagnostic.
enum class InfoLines { kSummary, kEach };

/// `error[E010]: file:line:col: message (suggestion)` lines for the errors and warnings, then
/// the infos as `infos` says.
std::string DiagnosticLines(const std::vector<Diagnostic>& diagnostics,
                            InfoLines infos = InfoLines::kSummary);
std::string DiagnosticLines(const std::vector<const Diagnostic*>& diagnostics,
                            InfoLines infos = InfoLines::kSummary);

}  // namespace rocky::cli
