#include "compiler/compile_codec.h"

#include "base/diagnostic_codec.h"
#include "base/hash.h"

namespace rocky::compiler {

namespace {

constexpr int kMaxNesting = 64;

bool DecodeTypeAt(ByteReader& r, Type& type, int depth) {
  TypeKind kind{};
  if (depth > kMaxNesting || !r.Enum(kind, TypeKind::kUnknown)) return false;
  switch (kind) {
    case TypeKind::kDecimal: {
      uint8_t precision = 0, scale = 0;
      if (!r.U8(precision) || !r.U8(scale)) return false;
      type = precision == 0 ? Type::Decimal() : Type::Decimal(precision, scale);
      return true;
    }
    case TypeKind::kArray: {
      bool nested = false;
      if (!r.Bool(nested)) return false;
      if (!nested) {
        type = Type::Array();
        return true;
      }
      Type element;
      if (!DecodeTypeAt(r, element, depth + 1)) return false;
      type = Type::Array(std::move(element));
      return true;
    }
    case TypeKind::kMap: {
      bool nested = false;
      if (!r.Bool(nested)) return false;
      if (!nested) {
        type = Type::Map();
        return true;
      }
      Type key, value;
      if (!DecodeTypeAt(r, key, depth + 1) || !DecodeTypeAt(r, value, depth + 1)) return false;
      type = Type::Map(std::move(key), std::move(value));
      return true;
    }
    case TypeKind::kStruct: {
      uint64_t n = 0;
      if (!r.Count(n)) return false;
      std::vector<StructField> fields(n);
      for (StructField& f : fields)
        if (!r.Str(f.name) || !DecodeTypeAt(r, f.type, depth + 1)) return false;
      type = Type::Struct(std::move(fields));
      return true;
    }
    default:
      type = Type(kind);
      return true;
  }
}

void EncodeColumn(ByteWriter& w, const BoundColumn& c, bool with_sources) {
  w.Str(c.name);
  EncodeType(w, c.type.type);
  w.U8(static_cast<uint8_t>(c.type.nullable) | static_cast<uint8_t>(c.type.nullability_known) << 1);
  if (!with_sources) return;
  w.Varint(c.sources.size());
  for (const ColumnSource& s : c.sources) {
    w.Str(s.relation);
    w.Str(s.column);
    w.Str(s.transform);
  }
}

}  // namespace

void EncodeType(ByteWriter& w, const Type& type) {
  w.U8(static_cast<uint8_t>(type.kind()));
  switch (type.kind()) {
    case TypeKind::kDecimal:
      w.U8(static_cast<uint8_t>(type.precision()));
      w.U8(static_cast<uint8_t>(type.scale()));
      break;
    case TypeKind::kArray:
      w.Bool(type.parameterized());
      if (type.parameterized()) EncodeType(w, type.element());
      break;
    case TypeKind::kMap:
      w.Bool(type.parameterized());
      if (type.parameterized()) {
        EncodeType(w, type.key());
        EncodeType(w, type.value());
      }
      break;
    case TypeKind::kStruct:
      w.Varint(type.fields().size());
      for (const StructField& f : type.fields()) {
        w.Str(f.name);
        EncodeType(w, f.type);
      }
      break;
    default:
      break;
  }
}

bool DecodeType(ByteReader& r, Type& type) { return DecodeTypeAt(r, type, 0); }

uint64_t ShapeHash(const RelationShape& shape) {
  ByteWriter w;
  w.Bool(shape.partially_unknown);
  w.Varint(shape.columns.size());
  for (const BoundColumn& c : shape.columns) EncodeColumn(w, c, false);
  uint64_t h = Fnv1a64(w.bytes());
  return h == 0 ? 1 : h;
}

std::string EncodeCompiled(const CompiledHeader& header, const std::vector<Diagnostic>& diagnostics,
                           const std::vector<BoundColumn>& columns) {
  ByteWriter w;
  w.Bool(header.partially_unknown);
  w.Bool(header.bound);
  w.U64(header.shape_hash);
  EncodeDiagnostics(w, diagnostics);
  w.Varint(columns.size());
  for (const BoundColumn& c : columns) EncodeColumn(w, c, true);
  return w.Take();
}

bool DecodeCompiledHeader(std::string_view bytes, CompiledHeader& header,
                          std::vector<Diagnostic>& diagnostics, std::string_view& columns) {
  ByteReader r(bytes);
  if (!r.Bool(header.partially_unknown) || !r.Bool(header.bound) || !r.U64(header.shape_hash) ||
      !DecodeDiagnostics(r, diagnostics))
    return false;
  columns = bytes.substr(r.position());
  return true;
}

bool DecodeColumns(std::string_view bytes, std::vector<BoundColumn>& columns) {
  ByteReader r(bytes);
  uint64_t n = 0;
  if (!r.Count(n)) return false;
  columns.resize(n);
  for (BoundColumn& c : columns) {
    uint64_t sources = 0;
    uint8_t nulls = 0;
    if (!r.Str(c.name) || !DecodeType(r, c.type.type) || !r.U8(nulls) || nulls > 3 ||
        !r.Count(sources))
      return false;
    c.type.nullable = nulls & 1;
    c.type.nullability_known = nulls & 2;
    c.sources.resize(sources);
    for (ColumnSource& s : c.sources)
      if (!r.Str(s.relation) || !r.Str(s.column) || !r.Str(s.transform)) return false;
  }
  return r.done();
}

}  // namespace rocky::compiler
