#pragma once
// What `rocky estimate` (cli.md §5) reads from a warehouse's EXPLAIN text. Each warehouse prints
// its own plan format; the estimate is filled only from what the text states:
// - DuckDB: operator boxes with `~N rows` (or `Rows`; older versions `EC: N`); the first one is
//   the root.
// - Databricks `EXPLAIN COST`: `Statistics(sizeInBytes=1.5 KiB, rowCount=10)` per plan node;
//   the first one is the root. Plain `EXPLAIN` states neither.
// - Snowflake: `bytesAssigned=N` in the GlobalStats row (bytes only), in `EXPLAIN USING TEXT`
//   and in the default tabular plan as WarehouseAdapter::Explain writes it (`column=value`).

#include <cstdint>
#include <optional>
#include <string_view>

namespace rocky::runtime {

struct ExplainEstimate {
  std::optional<int64_t> bytes_scanned;
  std::optional<int64_t> rows;
};

ExplainEstimate ParseExplainEstimate(std::string_view plan);

}  // namespace rocky::runtime
