#include "base/diagnostic_codec.h"

namespace rocky {

namespace {

constexpr uint8_t kFileWritten = 0xFF;  // the file's text follows

}  // namespace

void EncodeSpan(ByteWriter& w, const Span& span, std::span<const std::string* const> usual) {
  size_t which = 0;
  while (which < usual.size() && !(usual[which] && *usual[which] == span.file)) ++which;
  if (which < usual.size() && which < kFileWritten) {
    w.U8(static_cast<uint8_t>(which));
  } else {
    w.U8(kFileWritten);
    w.Str(span.file);
  }
  w.Int(span.line);
  w.Int(span.col);
  w.Int(span.len);
}

bool DecodeSpan(ByteReader& r, Span& span, std::span<const std::string* const> usual) {
  uint8_t which = 0;
  if (!r.U8(which)) return false;
  if (which == kFileWritten) {
    if (!r.Str(span.file)) return false;
  } else if (which < usual.size() && usual[which]) {
    span.file = *usual[which];
  } else {
    return false;
  }
  return r.Int(span.line) && r.Int(span.col) && r.Int(span.len);
}

void EncodeDiagnostics(ByteWriter& w, const std::vector<Diagnostic>& diagnostics) {
  w.Varint(diagnostics.size());
  for (const Diagnostic& d : diagnostics) {
    w.U8(static_cast<uint8_t>(d.severity));
    w.Str(d.code);
    w.Str(d.message);
    w.Opt(d.span, [&w](const Span& span) { EncodeSpan(w, span); });
    w.OptStr(d.model);
    w.OptStr(d.suggestion);
    w.Strs(d.notes);
  }
}

bool DecodeDiagnostics(ByteReader& r, std::vector<Diagnostic>& diagnostics) {
  uint64_t n = 0;
  if (!r.Count(n)) return false;
  diagnostics.resize(n);
  auto span = [&r](Span& s) { return DecodeSpan(r, s); };
  for (Diagnostic& d : diagnostics)
    if (!r.Enum(d.severity, Severity::kInfo) || !r.Str(d.code) || !r.Str(d.message) ||
        !r.Opt(d.span, span) || !r.OptStr(d.model) || !r.OptStr(d.suggestion) ||
        !r.Strs(d.notes))
      return false;
  return true;
}

}  // namespace rocky
