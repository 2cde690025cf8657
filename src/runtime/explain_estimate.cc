#include "runtime/explain_estimate.h"

#include <cctype>
#include <cmath>
#include <string>

namespace rocky::runtime {

namespace {

// The number at `i` (spaces skipped; digits with `,` separators, an optional fraction) and
// where it ends.
std::optional<std::pair<double, size_t>> NumberAt(std::string_view text, size_t i) {
  while (i < text.size() && text[i] == ' ') ++i;
  std::string digits;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) ||
                             ((text[i] == ',' || text[i] == '.') && !digits.empty()))) {
    if (text[i] != ',') digits += text[i];
    ++i;
  }
  if (digits.empty()) return std::nullopt;
  return std::make_pair(std::stod(digits), i);
}

// The number after the first `marker` that a number follows.
std::optional<std::pair<double, size_t>> NumberAfter(std::string_view text,
                                                     std::string_view marker) {
  for (size_t at = text.find(marker); at != std::string_view::npos;
       at = text.find(marker, at + 1)) {
    if (auto n = NumberAt(text, at + marker.size())) return n;
  }
  return std::nullopt;
}

// `1.5 KiB`, `10.0 B`, `3 GiB`: Spark's size units.
std::optional<int64_t> SparkSize(std::string_view text) {
  auto n = NumberAfter(text, "sizeInBytes=");
  if (!n) return std::nullopt;
  std::string_view rest = text.substr(n->second);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  double scale = 1;
  constexpr std::pair<std::string_view, double> kUnits[] = {
      {"KiB", 1024.0},          {"MiB", 1048576.0},          {"GiB", 1073741824.0},
      {"TiB", 1099511627776.0}, {"PiB", 1125899906842624.0}, {"EiB", 1152921504606846976.0}};
  for (const auto& [unit, factor] : kUnits)
    if (rest.starts_with(unit)) scale = factor;
  return static_cast<int64_t>(std::llround(n->first * scale));
}

std::optional<int64_t> Whole(std::optional<std::pair<double, size_t>> n) {
  if (!n) return std::nullopt;
  return static_cast<int64_t>(std::llround(n->first));
}

}  // namespace

ExplainEstimate ParseExplainEstimate(std::string_view plan) {
  ExplainEstimate e;
  // DuckDB: `~N rows`.
  for (size_t at = plan.find('~'); at != std::string_view::npos; at = plan.find('~', at + 1)) {
    auto n = NumberAt(plan, at + 1);
    if (!n) continue;
    std::string_view rest = plan.substr(n->second);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.starts_with("row") || rest.starts_with("Row")) {
      e.rows = static_cast<int64_t>(std::llround(n->first));
      break;
    }
  }
  if (!e.rows) e.rows = Whole(NumberAfter(plan, "EC: "));
  // Databricks EXPLAIN COST.
  if (!e.rows) e.rows = Whole(NumberAfter(plan, "rowCount="));
  e.bytes_scanned = SparkSize(plan);
  // Snowflake EXPLAIN USING TEXT.
  if (!e.bytes_scanned) e.bytes_scanned = Whole(NumberAfter(plan, "bytesAssigned="));
  return e;
}

}  // namespace rocky::runtime
