#pragma once
// A compact binary encoding for caches: little-endian fixed integers, LEB128 varints and
// length-prefixed strings. ByteReader never reads past its input: every getter returns false on
// truncated or malformed input and the reader stays failed, so a damaged cache file is detected
// and ignored rather than trusted. ContentHasher combines fields (strings by their
// ContentHash64, which covers the length) into a 64-bit key, so `("ab", "c")` and `("a", "bc")`
// differ.

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/hash.h"

namespace rocky {

class ByteWriter {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void Bool(bool v) { U8(v ? 1 : 0); }
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  /// Zig-zag signed varint.
  void Int(int64_t v) { Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void U64(uint64_t v) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(v >> (8 * i));
    out_.append(bytes, 8);
  }
  void Str(std::string_view s) {
    Varint(s.size());
    out_.append(s.data(), s.size());
  }
  /// A presence flag, then the value written by `put(value)` when there is one.
  template <typename T, typename Put>
  void Opt(const std::optional<T>& v, Put put) {
    Bool(v.has_value());
    if (v) put(*v);
  }
  void OptStr(const std::optional<std::string>& s) {
    Opt(s, [this](const std::string& v) { Str(v); });
  }
  void OptInt(const std::optional<int64_t>& v) {
    Opt(v, [this](int64_t x) { Int(x); });
  }
  void Strs(const std::vector<std::string>& v) {
    Varint(v.size());
    for (const std::string& s : v) Str(s);
  }

  /// Bytes as they are (no length prefix).
  void Raw(std::string_view s) { out_.append(s.data(), s.size()); }
  void Reserve(size_t n) { out_.reserve(n); }
  void Clear() { out_.clear(); }

  const std::string& bytes() const { return out_; }
  std::string Take() { return std::move(out_); }
  size_t size() const { return out_.size(); }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  bool U8(uint8_t& v) {
    if (!Need(1)) return false;
    v = static_cast<uint8_t>(in_[pos_++]);
    return true;
  }
  bool Bool(bool& v) {
    uint8_t b = 0;
    if (!U8(b) || b > 1) return Fail();
    v = b == 1;
    return true;
  }
  bool Varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t b = 0;
      if (!U8(b)) return false;
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return Fail();
  }
  bool Int(int64_t& v) {
    uint64_t z = 0;
    if (!Varint(z)) return false;
    v = static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
    return true;
  }
  bool Int(int& v) {
    int64_t wide = 0;
    if (!Int(wide) || wide < INT32_MIN || wide > INT32_MAX) return Fail();
    v = static_cast<int>(wide);
    return true;
  }
  bool U64(uint64_t& v) {
    if (!Need(8)) return false;
    v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(in_[pos_ + i])) << (8 * i);
    pos_ += 8;
    return true;
  }
  /// A view into the input (valid while the input is).
  bool View(std::string_view& s) {
    uint64_t n = 0;
    if (!Varint(n) || !Need(n)) return Fail();
    s = in_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool Str(std::string& s) {
    std::string_view v;
    if (!View(v)) return false;
    s.assign(v);
    return true;
  }
  /// What ByteWriter::Opt wrote: `get(value&)` reads the value when the flag says there is one.
  template <typename T, typename Get>
  bool Opt(std::optional<T>& v, Get get) {
    bool has = false;
    if (!Bool(has)) return false;
    if (!has) {
      v.reset();
      return true;
    }
    return get(v.emplace());
  }
  bool OptStr(std::optional<std::string>& s) {
    return Opt(s, [this](std::string& v) { return Str(v); });
  }
  bool OptInt(std::optional<int64_t>& v) {
    return Opt(v, [this](int64_t& x) { return Int(x); });
  }
  bool Strs(std::vector<std::string>& v) {
    uint64_t n = 0;
    if (!Count(n)) return false;
    v.resize(n);
    for (std::string& s : v)
      if (!Str(s)) return false;
    return true;
  }
  /// An element count, refused when larger than the bytes left (each element takes >= 1 byte).
  bool Count(uint64_t& n) {
    if (!Varint(n) || n > in_.size() - pos_) return Fail();
    return true;
  }
  /// An enum stored as U8, refused above `max`.
  template <typename E>
  bool Enum(E& e, E max) {
    uint8_t v = 0;
    if (!U8(v) || v > static_cast<uint8_t>(max)) return Fail();
    e = static_cast<E>(v);
    return true;
  }

  bool ok() const { return ok_; }
  bool done() const { return ok_ && pos_ == in_.size(); }
  size_t position() const { return pos_; }

 private:
  bool Need(uint64_t n) {
    if (!ok_ || n > in_.size() - pos_) return Fail();
    return true;
  }
  bool Fail() {
    ok_ = false;
    return false;
  }

  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

/// FNV-1a over length-prefixed fields: a cache key made of several parts.
class ContentHasher {
 public:
  /// A string by its ContentHash64 (which covers its length).
  ContentHasher& Add(std::string_view s) { return U64(ContentHash64(s)); }
  ContentHasher& U64(uint64_t v) {
    h_ = Mix((h_ ^ Mix(v + 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL);
    return *this;
  }
  uint64_t value() const { return h_; }

 private:
  static uint64_t Mix(uint64_t w) {
    w ^= w >> 30;
    w *= 0xBF58476D1CE4E5B9ULL;
    w ^= w >> 27;
    w *= 0x94D049BB133111EBULL;
    return w ^ (w >> 31);
  }
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace rocky
