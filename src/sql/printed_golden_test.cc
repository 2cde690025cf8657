// Printed SQL as data (tests/sql/printed/<dialect>/*.test): each case is SQL parsed in the
// folder's dialect, the text the printer gives for it, and optionally the table references the
// walker finds. Every case must parse as one statement, print exactly as written and round-trip.
//
// A file holds cases separated by blank lines:
//   -- a comment line (optional, any number)
//   SELECT … (the input, one or more lines)
//   ----
//   SELECT … (the printed text, one or more lines)
//   refs: a, s.b, c=cte (optional: CollectTableReferences as written, CTEs marked)
// ROCKY_UPDATE_GOLDEN=1 rewrites the printed text and refs of every case from the printer.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/strings.h"
#include "sql/parser.h"
#include "sql/printer.h"
#include "sql/roundtrip.h"
#include "sql/table_references.h"

namespace rocky::sql {
namespace {

namespace fs = std::filesystem;

struct GoldenCase {
  std::vector<std::string> comments;
  std::string input;
  std::string printed;
  std::string refs;  // "" when the case does not check references
  bool has_refs = false;
  int line = 0;
};

std::vector<GoldenCase> ReadCases(const fs::path& path) {
  std::ifstream in(path);
  std::vector<GoldenCase> out;
  GoldenCase current;
  enum class Part { kInput, kPrinted } part = Part::kInput;
  std::string line;
  int n = 0;
  auto flush = [&] {
    if (!current.input.empty()) out.push_back(current);
    current = GoldenCase{};
    part = Part::kInput;
  };
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) {
      flush();
      continue;
    }
    if (part == Part::kInput && current.input.empty() && line.rfind("--", 0) == 0 &&
        line != "----") {
      current.comments.push_back(line);
      continue;
    }
    if (line == "----") {
      part = Part::kPrinted;
      continue;
    }
    if (part == Part::kInput) {
      if (current.input.empty()) current.line = n;
      current.input += (current.input.empty() ? "" : "\n") + line;
    } else if (line.rfind("refs:", 0) == 0) {
      current.has_refs = true;
      current.refs = std::string(Trim(std::string_view(line).substr(5)));
    } else {
      current.printed += (current.printed.empty() ? "" : "\n") + line;
    }
  }
  flush();
  return out;
}

std::string RefsOf(const Script& script, const Statement& tree) {
  std::vector<std::string> names;
  for (const TableReference& r : CollectTableReferences(script, tree)) {
    std::string text(script.Text(r.span));
    if (r.is_cte()) text += "=cte";
    names.push_back(text);
  }
  return ::rocky::Join(names, ", ");
}

void WriteCases(const fs::path& path, const std::vector<GoldenCase>& cases) {
  std::ofstream out(path);
  for (size_t i = 0; i < cases.size(); ++i) {
    if (i) out << "\n";
    for (const std::string& c : cases[i].comments) out << c << "\n";
    out << cases[i].input << "\n----\n" << cases[i].printed << "\n";
    if (cases[i].has_refs) out << "refs: " << cases[i].refs << "\n";
  }
}

void CheckFolder(const Dialect& dialect) {
  const fs::path folder = fs::path(ROCKY_SQL_TEST_DIR) / "printed" / std::string(dialect.name);
  if (!fs::exists(folder)) GTEST_SKIP() << "no cases for " << dialect.name;
  const bool update = std::getenv("ROCKY_UPDATE_GOLDEN") != nullptr;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  size_t total = 0;
  for (const fs::path& file : files) {
    std::vector<GoldenCase> cases = ReadCases(file);
    for (GoldenCase& c : cases) {
      ++total;
      const std::string where = file.filename().string() + ":" + std::to_string(c.line);
      auto script = Parse(c.input, dialect);
      if (!script->ok() || script->statements().size() != 1 ||
          !script->statements()[0].tree) {
        ADD_FAILURE() << where << ": " << dialect.name << " does not parse " << c.input << "\n  "
                      << (script->diagnostics().empty() ? "not one statement"
                                                        : script->diagnostics()[0].message);
        continue;
      }
      const Statement& tree = *script->statements()[0].tree;
      const std::string printed = PrintStatement(*script, tree);
      RoundTripResult r = CheckRoundTrip(*script, tree);
      EXPECT_TRUE(r.ok) << where << ": " << r.message << "\n  " << r.printed;
      const std::string refs = RefsOf(*script, tree);
      if (update) {
        c.printed = printed;
        if (c.has_refs) c.refs = refs;
        continue;
      }
      EXPECT_EQ(printed, c.printed) << where << ": " << c.input;
      if (c.has_refs) {
        EXPECT_EQ(refs, c.refs) << where << ": table references of " << c.input;
      }
    }
    if (update) WriteCases(file, cases);
  }
  EXPECT_GT(total, 0u);
}

TEST(PrintedGoldenTest, DuckDb) { CheckFolder(DuckDbDialect()); }
TEST(PrintedGoldenTest, Databricks) { CheckFolder(DatabricksDialect()); }
TEST(PrintedGoldenTest, Snowflake) { CheckFolder(SnowflakeDialect()); }

}  // namespace
}  // namespace rocky::sql
