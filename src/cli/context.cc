#include "cli/context.h"

#include <cstdio>
#include <filesystem>

#include "base/diagnostic.h"
#include "base/file.h"
#include "base/log.h"
#include "cli/command.h"
#include "config/config.h"
#include "facade/process_cache.h"

namespace rocky::cli {

namespace fs = std::filesystem;

Context::Context(const CommandSpec& command, ParsedArgs args, OutputMode mode)
    : command_(command), args_(std::move(args)), mode_(mode) {}

Context::~Context() = default;

std::string Context::ConfigPath() const { return args_.Get("config").value_or("rocky.toml"); }

Result<const config::Config*> Context::Config() {
  if (config_) return config_.get();
  const std::string path = ConfigPath();
  if (!args_.Has("config") && !FileExists(path)) {
    if (command_.config_optional) {
      config_ =
          std::make_unique<config::Config>(config::DefaultConfig(fs::current_path().string()));
      return config_.get();
    }
    return std::unexpected(
        Error{ErrorKind::kConfig, "config file not found: " + path, {},
              "run 'rocky init' (or 'rocky playground') to create a project, or pass -c PATH"});
  }
  config::ConfigLoad load = config::LoadConfig(path);
  std::string first_error;
  for (const auto& issue : load.issues) {
    Span span{issue.file.value_or(""), issue.line.value_or(0), 0, 0};
    if (issue.severity == "warn") {
      LogWarn("{}", FormatLocated(span, issue.message));
    } else if (issue.severity == "error" && first_error.empty()) {
      first_error = issue.message;
    }
  }
  if (!load.config) {
    return std::unexpected(Error{ErrorKind::kConfig,
                                 first_error.empty() ? "invalid configuration" : first_error,
                                 {},
                                 "fix " + path + " and check it with 'rocky validate'"});
  }
  config_ = std::make_unique<config::Config>(std::move(*load.config));
  return config_.get();
}

Result<std::string> Context::StatePath() {
  if (auto p = args_.Get("state-path")) return *p;
  auto config = Config();
  if (!config) return std::unexpected(config.error());
  return StatePath(**config);
}

std::string Context::StatePath(const config::Config& config) const {
  if (auto p = args_.Get("state-path")) return *p;
  return config::ResolveStatePath(config);
}

rocky::Cache* Context::ProcessCache(const config::Config& config) {
  if (!cache_) cache_ = facade::MakeProcessCache(config.cache);
  return cache_.get();
}

void Context::EmitJson(std::string_view command_name, Json body) {
  Json doc = Json::Object().Set("version", "1.0.0").Set("command", command_name);
  for (size_t i = 0; i < body.keys().size(); ++i)
    doc.Set(body.keys()[i], std::move(body.items()[i]));
  std::string text = doc.Dump(2);
  text.push_back('\n');
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

void Context::PrintText(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (text.empty() || text.back() != '\n') std::fputc('\n', stdout);
  std::fflush(stdout);
}

int Context::ReportError(const Error& error) { return PrintError(error); }

int PrintError(const Error& error) {
  std::string text = "error: " + error.message + "\n";
  for (const auto& c : error.context) text += "  caused by: " + c + "\n";
  if (!error.hint.empty()) text += "  hint: " + error.hint + "\n";
  std::fflush(stdout);
  std::fwrite(text.data(), 1, text.size(), stderr);
  return error.kind == ErrorKind::kUsage ? 2 : 1;
}

}  // namespace rocky::cli
