#pragma once
// Function signatures per dialect, as data: for each function name its category and the rule that
// gives its result type and nullability from its argument types (models.md §8). One table holds
// the functions every dialect shares; each dialect adds (or overrides) its own names. The generic
// dialect knows the shared table plus the names only dialects define (when several define one, the
// first of DuckDB, Databricks, Snowflake wins), so an ANSI project never sees a false "unknown
// function". Names are matched case-insensitively. CAST / TRY_CAST / SAFE_CAST, CASE and operators
// are the binder's: they are not functions here.

#include <cstdint>
#include <span>
#include <string_view>

#include "compiler/types.h"

namespace rocky::compiler {

enum class FunctionCategory : uint8_t {
  kScalar,
  kAggregate,  // also usable as a window function with OVER
  kWindow,     // only with OVER
};

/// How the result type follows from the arguments. `arg` below is FunctionSignature::arg.
enum class ReturnRule : uint8_t {
  /// FunctionSignature::fixed
  kFixed,
  /// the type of argument `arg` (Unknown when absent)
  kArg,
  /// common supertype of the arguments from `arg` on (Unknown when none)
  kSupertype,
  /// SUM of argument `arg`: int → Int64, Decimal(p,s) → Decimal(38,s), float → Float64
  kSum,
  /// AVG of argument `arg`: Decimal for decimals (unparameterized), else Float64
  kAvg,
  /// Array<type of argument `arg`>
  kArrayOf,
  /// Array<common supertype of the arguments from `arg` on>
  kArrayOfSupertype,
  /// the element type of the array (or value type of the map) argument `arg`
  kElementOf,
  /// the type of the first Date / Timestamp / TimestampNtz argument
  kTemporalArg,
  /// argument `arg` an integer → Timestamp; a date or timestamp → Int64
  kEpoch,
};

/// When the result may be NULL. "Arguments" are those from `null_from` on.
enum class NullRule : uint8_t {
  /// nullable when any argument is (most scalars); not null without arguments
  kAnyArg,
  /// nullable only when every argument is (COALESCE, NVL, DuckDB CONCAT)
  kAllArgs,
  /// never NULL (COUNT, ROW_NUMBER, CURRENT_DATE)
  kNever,
  /// may be NULL whatever the arguments (aggregates, LAG, NULLIF, TRY_TO_DATE)
  kAlways,
};

struct FunctionSignature {
  /// The upper-case names sharing this signature, `|`-separated: "LENGTH|LEN|CHAR_LENGTH".
  std::string_view names;
  FunctionCategory category = FunctionCategory::kScalar;
  ReturnRule rule = ReturnRule::kFixed;
  Type fixed;  // ReturnRule::kFixed
  uint8_t arg = 0;
  NullRule nulls = NullRule::kAnyArg;
  uint8_t null_from = 0;
};

/// The signature of `name` (case-insensitive) in `dialect` ("generic"/"ansi", "duckdb",
/// "databricks"/"spark", "snowflake"; anything else reads as generic); nullptr for an unknown
/// function, whose result the binder types Unknown (and reports).
const FunctionSignature* LookupFunction(std::string_view name, std::string_view dialect);

/// The result of calling `signature` with arguments of the given types (COUNT(*): no arguments).
ColumnType ResultType(const FunctionSignature& signature, std::span<const ColumnType> args);

/// Every signature of a dialect's table (shared ones first), for completion and documentation.
std::span<const FunctionSignature* const> FunctionsOf(std::string_view dialect);

}  // namespace rocky::compiler
