// SQL parse throughput on one core: the TPC-H corpus repeated to at least 10 MB, parsed whole
// (lexer + parser + arena) several times; prints the best MB/s. Usage:
//   sql_parse_bench TPCH_FILE [OUT_FILE]   (OUT_FILE: where to write the repeated input)

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "sql/parser.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: sql_parse_bench TPCH_FILE [OUT_FILE]\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string unit = ss.str();
  if (unit.empty()) return 2;
  if (unit.back() != '\n') unit += '\n';
  std::string text;
  while (text.size() < 10u * 1000 * 1000) text += unit;
  if (argc > 2) std::ofstream(argv[2], std::ios::binary) << text;

  using Clock = std::chrono::steady_clock;
  double best = 1e100;
  size_t statements = 0;
  for (int run = 0; run < 5; ++run) {
    auto t0 = Clock::now();
    auto script = rocky::sql::Parse(text, rocky::sql::GenericDialect());
    double s = std::chrono::duration<double>(Clock::now() - t0).count();
    if (!script->ok()) {
      std::fprintf(stderr, "parse failed: %s\n", script->diagnostics()[0].message.c_str());
      return 1;
    }
    statements = script->statements().size();
    if (s < best) best = s;
  }
  double mb = static_cast<double>(text.size()) / 1e6;
  std::printf("rocky   %.1f MB, %zu statements: %.3f s, %.1f MB/s\n", mb, statements, best, mb / best);
  return 0;
}
