#pragma once
// A bump allocator for syntax trees. Nodes are trivially destructible structs that point at each
// other and at the source text; the arena frees them all at once. Blocks grow geometrically, so a
// parse makes O(log n) heap allocations whatever the number of nodes.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace rocky::sql {

class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  /// Raw storage aligned to `align` (a power of two, at most alignof(max_align_t)).
  void* Allocate(size_t size, size_t align) {
    uintptr_t p = (reinterpret_cast<uintptr_t>(cur_) + align - 1) & ~(uintptr_t(align) - 1);
    if (p + size > reinterpret_cast<uintptr_t>(end_)) return Grow(size, align);
    cur_ = reinterpret_cast<char*>(p + size);
    return reinterpret_cast<void*>(p);
  }

  /// Constructs a T in the arena. T must be trivially destructible: nothing is ever destroyed.
  template <typename T, typename... Args>
  T* New(Args&&... args) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    return new (Allocate(sizeof(T), alignof(T))) T{std::forward<Args>(args)...};
  }

  /// An uninitialised array of n T (trivially destructible).
  template <typename T>
  T* NewArray(size_t n) {
    static_assert(std::is_trivially_destructible_v<T>);
    return static_cast<T*>(Allocate(sizeof(T) * (n ? n : 1), alignof(T)));
  }

  /// Copies text into the arena (not NUL-terminated).
  std::string_view Copy(std::string_view s) {
    if (s.empty()) return {};
    char* p = NewArray<char>(s.size());
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }

  /// Bytes handed out plus unused tails of earlier blocks.
  size_t BytesReserved() const { return reserved_; }

 private:
  void* Grow(size_t size, size_t align) {
    size_t want = size + align;
    size_t block = next_block_;
    if (block < want) block = want;
    next_block_ = next_block_ < (size_t(1) << 24) ? next_block_ * 2 : next_block_;
    blocks_.emplace_back(new char[block]);
    reserved_ += block;
    cur_ = blocks_.back().get();
    end_ = cur_ + block;
    return Allocate(size, align);
  }

  char* cur_ = nullptr;
  char* end_ = nullptr;
  size_t next_block_ = 16 * 1024;
  size_t reserved_ = 0;
  std::vector<std::unique_ptr<char[]>> blocks_;
};

/// An immutable array living in an arena: a pointer and a length. Empty lists need no storage.
template <typename T>
struct List {
  const T* data = nullptr;
  uint32_t size = 0;

  const T* begin() const { return data; }
  const T* end() const { return data + size; }
  const T& operator[](size_t i) const { return data[i]; }
  bool empty() const { return size == 0; }
  const T& back() const { return data[size - 1]; }
};

}  // namespace rocky::sql
