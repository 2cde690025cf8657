#pragma once
// Whole numbers in request parameters and on emulator command lines.

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>

namespace rocky::emulator {

/// `text` as a number of type `T` (std::from_chars: no sign but '-', no spaces); nullopt unless
/// all of it is one.
template <typename T>
std::optional<T> ParseNumber(std::string_view text) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace rocky::emulator
