#pragma once
// The command line of an emulator program: `--flag value` pairs, each bound to an option, and
// `--help`. A bad command line prints `<program>: <problem>` and the usage on stderr.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulators/common/parse_number.h"

namespace rocky::emulator {

class ProgramFlags {
 public:
  /// `usage` follows "usage: <program> " (several lines may be indented to line up); `about` is
  /// what --help says first.
  ProgramFlags(std::string program, std::string usage, std::string about);

  /// `--flag TEXT` sets `out`.
  void Text(std::string flag, std::string& out);
  /// `--flag TEXT`, repeatable: each appends to `out`.
  void Texts(std::string flag, std::vector<std::string>& out);
  /// `--flag N` sets `out` to a number, which must be above 0 when `positive`.
  template <typename T>
  void Number(std::string flag, T& out, bool positive = false) {
    Add(std::move(flag), positive ? "a positive number" : "a number",
        [&out, positive](std::string_view value) {
          auto number = ParseNumber<T>(value);
          if (!number || (positive && *number <= 0)) return false;
          out = *number;
          return true;
        });
  }

  /// Reads the command line: nullopt to go on, else the exit code to return (0 after --help, 2
  /// after a usage error).
  std::optional<int> Parse(int argc, char** argv) const;
  /// Prints `<program>: <problem>` and the usage on stderr; returns 2.
  int Usage(std::string_view problem) const;

 private:
  struct Flag {
    std::string name;
    std::string wants;  // "a number", … ("" for text)
    std::function<bool(std::string_view)> set;
  };
  void Add(std::string name, std::string wants, std::function<bool(std::string_view)> set);

  std::string program_;
  std::string usage_;
  std::string about_;
  std::vector<Flag> flags_;
};

}  // namespace rocky::emulator
