#pragma once
// Byte codecs of type-check results for the compile cache (core/model_cache.h): types, output
// columns with their lineage, and a shape hash that changes whenever a relation's columns,
// types or nullability do (what downstream cache keys are made of).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_codec.h"
#include "base/diagnostic.h"
#include "compiler/binder.h"
#include "compiler/types.h"

namespace rocky::compiler {

void EncodeType(ByteWriter& w, const Type& type);
bool DecodeType(ByteReader& r, Type& type);

/// Hash of a relation's names, types and nullability (lineage ignored); never 0.
uint64_t ShapeHash(const RelationShape& shape);

/// One model's type-check result: output columns with lineage, flags and its diagnostics.
std::string EncodeCompiled(const std::vector<BoundColumn>& columns, bool partially_unknown,
                           bool bound, const std::vector<Diagnostic>& diagnostics);
bool DecodeCompiled(std::string_view bytes, std::vector<BoundColumn>& columns,
                    bool& partially_unknown, bool& bound, std::vector<Diagnostic>& diagnostics);

}  // namespace rocky::compiler
