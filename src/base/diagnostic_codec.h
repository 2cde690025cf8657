#pragma once
// Byte codecs (byte_codec.h) of spans and diagnostics, for caches of compile results.

#include <span>
#include <string>
#include <vector>

#include "base/byte_codec.h"
#include "base/diagnostic.h"

namespace rocky {

/// A span whose file is one of `usual` (say the model file and its config file, which most spans
/// of a model name) is stored with that file's index instead of its text; decoding takes the
/// same list. Null entries never match.
void EncodeSpan(ByteWriter& w, const Span& span, std::span<const std::string* const> usual = {});
bool DecodeSpan(ByteReader& r, Span& span, std::span<const std::string* const> usual = {});
void EncodeOptSpan(ByteWriter& w, const std::optional<Span>& span);
bool DecodeOptSpan(ByteReader& r, std::optional<Span>& span);
void EncodeDiagnostics(ByteWriter& w, const std::vector<Diagnostic>& diagnostics);
bool DecodeDiagnostics(ByteReader& r, std::vector<Diagnostic>& diagnostics);

}  // namespace rocky
