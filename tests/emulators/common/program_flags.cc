#include "emulators/common/program_flags.h"

#include <fmt/format.h>

#include <cstdio>

namespace rocky::emulator {

ProgramFlags::ProgramFlags(std::string program, std::string usage, std::string about)
    : program_(std::move(program)), usage_(std::move(usage)), about_(std::move(about)) {}

void ProgramFlags::Add(std::string name, std::string wants,
                       std::function<bool(std::string_view)> set) {
  flags_.push_back({std::move(name), std::move(wants), std::move(set)});
}

void ProgramFlags::Text(std::string flag, std::string& out) {
  Add(std::move(flag), "", [&out](std::string_view value) {
    out = value;
    return true;
  });
}

void ProgramFlags::Texts(std::string flag, std::vector<std::string>& out) {
  Add(std::move(flag), "", [&out](std::string_view value) {
    out.emplace_back(value);
    return true;
  });
}

std::optional<int> ProgramFlags::Parse(int argc, char** argv) const {
  for (int i = 1; i < argc; ++i) {
    const std::string_view name = argv[i];
    if (name == "--help" || name == "-h") {
      Usage(about_);
      return 0;
    }
    const Flag* flag = nullptr;
    for (const auto& f : flags_)
      if (f.name == name) flag = &f;
    if (i + 1 >= argc) return Usage(fmt::format("{} needs a value", name));
    const std::string_view value = argv[++i];
    if (!flag) return Usage(fmt::format("unknown option {}", name));
    if (!flag->set(value))
      return Usage(fmt::format("{} needs {}, not '{}'", name, flag->wants, value));
  }
  return std::nullopt;
}

int ProgramFlags::Usage(std::string_view problem) const {
  fmt::print(stderr, "{0}: {1}\nusage: {0} {2}\n", program_, problem, usage_);
  return 2;
}

}  // namespace rocky::emulator
