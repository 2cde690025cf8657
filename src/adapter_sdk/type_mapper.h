#pragma once
// Warehouse type text normalisation shared by drift detection and the conformance suite.

#include <string>
#include <string_view>

namespace rocky::sdk {

/// Upper-cased, whitespace collapsed, aliases folded: STRING/TEXT→VARCHAR, INT→INTEGER,
/// LONG→BIGINT, REAL→FLOAT, DOUBLE PRECISION→DOUBLE, BOOL→BOOLEAN,
/// TIMESTAMP_NTZ/DATETIME→TIMESTAMP. Parameters are kept: `decimal(10, 2)` → `DECIMAL(10,2)`.
std::string NormalizeType(std::string_view type);

/// Equal after normalisation.
bool TypesCompatible(std::string_view a, std::string_view b);

}  // namespace rocky::sdk
