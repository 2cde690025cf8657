#pragma once
// Warehouse type text normalisation shared by drift detection, the dialects and the conformance
// suite.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rocky::sdk {

/// Upper-cased, whitespace collapsed, aliases folded: STRING/TEXT→VARCHAR, INT→INTEGER,
/// LONG→BIGINT, REAL→FLOAT, DOUBLE PRECISION→DOUBLE, BOOL→BOOLEAN,
/// TIMESTAMP_NTZ/DATETIME→TIMESTAMP. Parameters are kept: `decimal(10, 2)` → `DECIMAL(10,2)`.
std::string NormalizeType(std::string_view type);

/// A normalized type split into its base name and integer parameters.
struct TypeShape {
  std::string base;
  std::vector<int> params;
};

/// `decimal(10, 2)` → {"DECIMAL", {10, 2}}; nullopt when a parameter is not an integer or the
/// parentheses do not close.
std::optional<TypeShape> ParseTypeShape(std::string_view type);

/// Whether changing a column from `from` (the target's type) to `to` (the source's type) is a
/// safe widening of runtime.md §7: INTEGER→BIGINT; SMALLINT→INTEGER/BIGINT;
/// TINYINT→SMALLINT/INTEGER/BIGINT; FLOAT→DOUBLE; INTEGER/BIGINT/FLOAT/DOUBLE/DECIMAL/BOOLEAN →
/// STRING (VARCHAR); DECIMAL(p,s)→DECIMAL(p2,s) with p2 ≥ p; VARCHAR(n)→VARCHAR(m) with m ≥ n, or
/// to unbounded VARCHAR. Type text is compared after sdk::NormalizeType.
bool IsSafeWidening(std::string_view from, std::string_view to);

/// Equal after normalisation.
bool TypesCompatible(std::string_view a, std::string_view b);

}  // namespace rocky::sdk
