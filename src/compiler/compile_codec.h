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

/// The part of a model's cached type-check result that every compile needs; its columns are
/// decoded only when something reads them.
struct CompiledHeader {
  bool partially_unknown = false;
  bool bound = false;
  uint64_t shape_hash = 0;  // ShapeHash of the output
};

/// One model's type-check result: the header, its diagnostics, then the output columns with
/// lineage.
std::string EncodeCompiled(const CompiledHeader& header, const std::vector<Diagnostic>& diagnostics,
                           const std::vector<BoundColumn>& columns);
/// The header and diagnostics; `columns` is set to the encoded columns for DecodeColumns.
bool DecodeCompiledHeader(std::string_view bytes, CompiledHeader& header,
                          std::vector<Diagnostic>& diagnostics, std::string_view& columns);
bool DecodeColumns(std::string_view columns, std::vector<BoundColumn>& out);

}  // namespace rocky::compiler
