#pragma once
// Byte codecs (byte_codec.h) of spans and diagnostics, for caches of compile results.

#include <vector>

#include "base/byte_codec.h"
#include "base/diagnostic.h"

namespace rocky {

void EncodeSpan(ByteWriter& w, const Span& span);
bool DecodeSpan(ByteReader& r, Span& span);
void EncodeOptSpan(ByteWriter& w, const std::optional<Span>& span);
bool DecodeOptSpan(ByteReader& r, std::optional<Span>& span);
void EncodeDiagnostics(ByteWriter& w, const std::vector<Diagnostic>& diagnostics);
bool DecodeDiagnostics(ByteReader& r, std::vector<Diagnostic>& diagnostics);

}  // namespace rocky
