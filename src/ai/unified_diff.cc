#include "ai/unified_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace rocky::ai {

namespace {

struct Line {
  std::string_view text;  // without the newline
  bool newline = true;
  bool operator==(const Line&) const = default;
};

std::vector<Line> Lines(std::string_view text) {
  std::vector<Line> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back({text.substr(start), false});
      break;
    }
    lines.push_back({text.substr(start, end - start), true});
    start = end + 1;
  }
  return lines;
}

enum class Op { kKeep, kRemove, kAdd };

struct Edit {
  Op op;
  size_t old_index;  // the line in the old text (kKeep, kRemove) or before which it is added
  size_t new_index;
};

// The edit script of a longest common subsequence.
std::vector<Edit> EditScript(const std::vector<Line>& a, const std::vector<Line>& b) {
  const size_t n = a.size(), m = b.size();
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<Edit> edits;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      edits.push_back({Op::kKeep, i++, j++});
    } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      edits.push_back({Op::kAdd, i, j++});
    } else {
      edits.push_back({Op::kRemove, i++, j});
    }
  }
  // Removals before additions within a run of changes, as diff prints them.
  for (size_t k = 0; k < edits.size();) {
    if (edits[k].op == Op::kKeep) {
      ++k;
      continue;
    }
    size_t end = k;
    while (end < edits.size() && edits[end].op != Op::kKeep) ++end;
    std::stable_partition(edits.begin() + k, edits.begin() + end,
                          [](const Edit& e) { return e.op == Op::kRemove; });
    k = end;
  }
  // The positions again, in the new order.
  size_t old_pos = 0, new_pos = 0;
  for (Edit& e : edits) {
    e.old_index = old_pos;
    e.new_index = new_pos;
    if (e.op != Op::kAdd) ++old_pos;
    if (e.op != Op::kRemove) ++new_pos;
  }
  return edits;
}

std::string Range(size_t start, size_t count) {
  // A hunk of no lines names the line before it.
  return fmt::format("{},{}", count == 0 ? start : start + 1, count);
}

void AppendLine(std::string& out, char mark, const Line& line) {
  out += mark;
  out += line.text;
  out += '\n';
  if (!line.newline) out += "\\ No newline at end of file\n";
}

}  // namespace

std::string UnifiedDiff(std::string_view old_text, std::string_view new_text,
                        std::string_view old_label, std::string_view new_label, int context) {
  const std::vector<Line> a = Lines(old_text), b = Lines(new_text);
  const std::vector<Edit> edits = EditScript(a, b);
  const size_t ctx = static_cast<size_t>(std::max(context, 0));
  std::string out;
  size_t k = 0;
  while (k < edits.size()) {
    while (k < edits.size() && edits[k].op == Op::kKeep) ++k;
    if (k == edits.size()) break;
    // A hunk: from `ctx` lines before the first change to `ctx` lines after the last change
    // that is no more than 2 * ctx unchanged lines from the next.
    const size_t first = k >= ctx ? k - ctx : 0;
    size_t last = k;  // one past the last change
    while (true) {
      while (last < edits.size() && edits[last].op != Op::kKeep) ++last;
      size_t keep = last;
      while (keep < edits.size() && edits[keep].op == Op::kKeep) ++keep;
      if (keep < edits.size() && keep - last <= 2 * ctx) {
        last = keep;
        continue;
      }
      break;
    }
    const size_t end = std::min(edits.size(), last + ctx);
    size_t old_count = 0, new_count = 0;
    for (size_t e = first; e < end; ++e) {
      if (edits[e].op != Op::kAdd) ++old_count;
      if (edits[e].op != Op::kRemove) ++new_count;
    }
    if (out.empty()) out = fmt::format("--- a/{}\n+++ b/{}\n", old_label, new_label);
    out += fmt::format("@@ -{} +{} @@\n", Range(edits[first].old_index, old_count),
                       Range(edits[first].new_index, new_count));
    for (size_t e = first; e < end; ++e) {
      const Edit& edit = edits[e];
      if (edit.op == Op::kKeep)
        AppendLine(out, ' ', a[edit.old_index]);
      else if (edit.op == Op::kRemove)
        AppendLine(out, '-', a[edit.old_index]);
      else
        AppendLine(out, '+', b[edit.new_index]);
    }
    k = end;
  }
  return out;
}

}  // namespace rocky::ai
