// Conformance over sqlglot's corpora (tests/corpora/sql): every TPC-H statement parses and
// round-trips; at least 97 % of identity.sql's lines do (the failing lines are printed).

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sql/parser.h"
#include "sql/roundtrip.h"

namespace rocky::sql {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string CorpusPath(const char* name) {
  return std::string(ROCKY_CORPUS_DIR) + "/" + name;
}

TEST(CorpusTest, TpchParsesAndRoundTrips) {
  std::string text = ReadFile(CorpusPath("tpc-h.sql"));
  ASSERT_FALSE(text.empty());
  auto script = Parse(text, GenericDialect(), ParseOptions{"tpc-h.sql"});
  for (const Diagnostic& d : script->diagnostics())
    ADD_FAILURE() << FormatLocated(*d.span, d.message);
  EXPECT_EQ(script->statements().size(), 44u);
  int roundtrip_ok = 0;
  for (const ScriptStatement& s : script->statements()) {
    if (!s.tree) continue;
    RoundTripResult r = CheckRoundTrip(*script, *s.tree);
    if (r.ok) ++roundtrip_ok;
    else ADD_FAILURE() << script->Locate(s.range).line << ": " << r.message << "\n" << r.printed;
  }
  EXPECT_EQ(roundtrip_ok, static_cast<int>(script->statements().size()));
}

TEST(CorpusTest, IdentityLinesParseAndRoundTrip) {
  std::string text = ReadFile(CorpusPath("identity.sql"));
  ASSERT_FALSE(text.empty());
  std::istringstream lines(text);
  std::string line;
  int n = 0, inputs = 0, ok = 0, opaque = 0;
  std::string failures;
  while (std::getline(lines, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (line.rfind("--", 0) == 0) continue;
    ++inputs;
    ParseOptions options;
    options.allow_expressions = true;
    auto script = Parse(line, GenericDialect(), options);
    std::string why;
    if (!script->diagnostics().empty()) {
      why = "parse: " + script->diagnostics()[0].message;
    } else if (script->statements().size() != 1) {
      why = "not one statement";
    } else {
      RoundTripResult r = CheckRoundTrip(*script, *script->statements()[0].tree);
      if (!r.ok) why = r.message + " | " + r.printed;
      else if (script->statements()[0].tree->kind == StatementKind::kOpaque) ++opaque;
    }
    if (why.empty()) ++ok;
    else failures += "  " + std::to_string(n) + ": " + line + "\n      " + why + "\n";
  }
  double rate = inputs ? 100.0 * ok / inputs : 0;
  std::printf("identity.sql: %d/%d inputs parse and round-trip (%.1f %%), %d as opaque commands\n",
              ok, inputs, rate, opaque);
  std::printf("failing lines:\n%s", failures.c_str());
  EXPECT_GE(rate, 97.0);
}

}  // namespace
}  // namespace rocky::sql
