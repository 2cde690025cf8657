// duckdb_exec FILE SQL: runs SQL (one or more statements) against a DuckDB file through Rocky's
// DuckDB adapter. Lets end-to-end cases land data without a DuckDB CLI.
#include <cstdio>

#include "adapters/duckdb/duckdb_adapter.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: duckdb_exec FILE SQL\n");
    return 2;
  }
  auto db = rocky::adapters::duckdb::OpenDuckDbAdapter(std::string(argv[1]));
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().message.c_str());
    return 1;
  }
  auto r = db->warehouse->ExecuteStatement({"test", "", argv[2], true});
  if (!r) {
    std::fprintf(stderr, "%s\n", r.error().message.c_str());
    return 1;
  }
  return 0;
}
