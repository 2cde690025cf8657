// duckdb_exec FILE SQL      runs SQL (one or more statements) against a DuckDB file
// duckdb_exec -q FILE SQL   runs one query and prints its rows, one per line, cells joined by '|'
// Lets end-to-end cases land and inspect data without a DuckDB CLI, through Rocky's adapter.
#include <cstdio>
#include <string>

#include "adapters/duckdb/duckdb_adapter.h"

int main(int argc, char** argv) {
  bool query = argc == 4 && std::string(argv[1]) == "-q";
  if (argc != 3 && !query) {
    std::fprintf(stderr, "usage: duckdb_exec [-q] FILE SQL\n");
    return 2;
  }
  const char* file = argv[query ? 2 : 1];
  const char* sql = argv[query ? 3 : 2];
  auto db = rocky::adapters::duckdb::OpenDuckDbAdapter(std::string(file));
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().message.c_str());
    return 1;
  }
  if (!query) {
    auto r = db->warehouse->ExecuteStatement({"test", "", sql, true});
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().message.c_str());
      return 1;
    }
    return 0;
  }
  auto r = db->warehouse->ExecuteQuery(sql);
  if (!r) {
    std::fprintf(stderr, "%s\n", r.error().message.c_str());
    return 1;
  }
  for (const auto& row : r->rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) line += "|";
      line += rocky::sdk::ValueToString(row[i]);
    }
    std::printf("%s\n", line.c_str());
  }
  return 0;
}
