#include "cli/args.h"

#include "base/strings.h"
#include "cli/command.h"

namespace rocky::cli {

std::optional<std::string> ParsedArgs::Get(std::string_view flag) const {
  auto it = values_.find(std::string(flag));
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> ParsedArgs::GetAll(std::string_view flag) const {
  auto it = values_.find(std::string(flag));
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

void ParsedArgs::Rename(const std::string& from, const std::string& to) {
  auto it = values_.find(from);
  if (from == to || it == values_.end()) return;
  auto& target = values_[to];
  target.insert(target.end(), it->second.begin(), it->second.end());
  values_.erase(from);
}

int ParsedArgs::Count(std::string_view flag) const {
  auto it = values_.find(std::string(flag));
  return it == values_.end() ? 0 : static_cast<int>(it->second.size());
}

const std::vector<FlagSpec>& GlobalFlags() {
  static const std::vector<FlagSpec> kFlags = {
      {"config", 'c', "PATH", "configuration file (default: rocky.toml)"},
      {"output", 'o', "FORMAT", "json or table (default: table on a terminal, else json)"},
      {"state-path", 0, "PATH", "state store file (default: [state].path or .rocky/state.db)"},
      {"verbose", 'v', "", "-v debug logs, -vv trace (overrides ROCKY_LOG)", true},
      {"version", 'V', "", "print the version"},
      {"help", 'h', "", "show help"},
  };
  return kFlags;
}

namespace {

const FlagSpec* FindFlag(const std::vector<FlagSpec>& flags, std::string_view name, char short_name) {
  for (const auto& f : flags) {
    if (short_name ? f.short_name == short_name : f.name == name) return &f;
  }
  return nullptr;
}

std::vector<std::string> FlagNames(const CommandSpec* command) {
  std::vector<std::string> names;
  for (const auto& f : GlobalFlags()) names.push_back(std::string(f.name));
  if (command)
    for (const auto& f : command->flags) names.push_back(std::string(f.name));
  return names;
}

bool DeclaresFlag(const CommandSpec* command, std::string_view name) {
  return command && !name.empty() && FindFlag(command->flags, name, 0) != nullptr;
}

}  // namespace

std::string GlobalFlagKey(const CommandSpec* command, std::string_view name) {
  return DeclaresFlag(command, name) ? "global:" + std::string(name) : std::string(name);
}

Result<ParsedCommandLine> ParseCommandLine(const std::vector<std::string>& argv,
                                           const CommandSpec* (*find)(std::string_view)) {
  ParsedCommandLine out;
  bool flags_done = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (!flags_done && arg == "--") {
      flags_done = true;
      continue;
    }
    const bool is_flag = !flags_done && arg.size() > 1 && arg[0] == '-';
    if (!is_flag) {
      if (!out.command) {
        out.command = find(arg);
        if (!out.command) {
          std::vector<std::string> names;
          for (const auto* c : AllCommands()) names.push_back(std::string(c->name));
          auto hint = DidYouMean(arg, names);
          return Fail(ErrorKind::kUsage, "unknown command '{}'{}", arg,
                      hint ? "; did you mean '" + *hint + "'?" : "; run 'rocky --help' for the list");
        }
        for (const auto& g : GlobalFlags())
          out.args.Rename(std::string(g.name), GlobalFlagKey(out.command, g.name));
      } else {
        out.args.AddPositional(arg);
      }
      continue;
    }
    // -vv style: repeated short switches.
    if (arg[1] != '-' && arg.size() > 2 && arg.find_first_not_of(arg[1], 1) == std::string::npos &&
        arg[1] == 'v') {
      for (size_t k = 1; k < arg.size(); ++k) out.args.Add("verbose", "");
      continue;
    }
    std::string name;
    char short_name = 0;
    std::optional<std::string> inline_value;
    if (arg[1] == '-') {
      name = arg.substr(2);
      if (auto eq = name.find('='); eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
    } else {
      short_name = arg[1];
      if (arg.size() > 2) inline_value = arg.substr(2);
    }
    // A command's own long flag wins over a global of the same name (GlobalFlagKey).
    const FlagSpec* spec = nullptr;
    bool global = false;
    if (DeclaresFlag(out.command, name)) {
      spec = FindFlag(out.command->flags, name, 0);
    } else if ((spec = FindFlag(GlobalFlags(), name, short_name))) {
      global = true;
    } else if (out.command) {
      spec = FindFlag(out.command->flags, name, short_name);
    }
    if (!spec) {
      auto hint = short_name ? std::nullopt : DidYouMean(name, FlagNames(out.command));
      std::string where = out.command ? " for 'rocky " + std::string(out.command->name) + "'" : "";
      return Fail(ErrorKind::kUsage, "unknown flag '{}'{}{}", arg, where,
                  hint ? "; did you mean '--" + *hint + "'?" : "");
    }
    std::string value;
    if (!spec->value_name.empty()) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < argv.size()) {
        value = argv[++i];
      } else {
        return Fail(ErrorKind::kUsage, "flag '--{}' needs a value ({})", spec->name,
                    spec->value_name);
      }
    } else if (inline_value) {
      return Fail(ErrorKind::kUsage, "flag '--{}' takes no value", spec->name);
    }
    const std::string key =
        global ? GlobalFlagKey(out.command, spec->name) : std::string(spec->name);
    if (!spec->repeatable && out.args.Has(key) && spec->name != "help")
      return Fail(ErrorKind::kUsage, "flag '--{}' given more than once", spec->name);
    out.args.Add(key, std::move(value));
  }
  return out;
}

}  // namespace rocky::cli
