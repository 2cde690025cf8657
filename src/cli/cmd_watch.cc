// `rocky watch`: compiles the project, then recompiles whenever a model file changes (cli.md §4)
// and prints one compile summary per cycle: a short text summary on a terminal, one JSON object
// per line (JSON Lines) otherwise.
//
// Threads: SIGINT and SIGTERM are blocked before any thread starts, so every thread inherits the
// mask and the main thread alone takes them with sigwait. The first compile runs on the main
// thread after the watcher has started (an edit made meanwhile is not lost); later compiles run
// on the watcher's thread. One mutex keeps a cycle's compile and print together.

#include <fmt/format.h>
#include <signal.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <mutex>

#include "base/file_watcher.h"
#include "base/log.h"
#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/diagnostic_lines.h"
#include "cli/facade_options.h"
#include "facade/project_compile.h"

namespace rocky::cli {

namespace {

namespace fs = std::filesystem;

// A changed file as the user would name it: relative to the working folder when it lies below
// it, else as the watcher reported it.
std::string ShownPath(const std::string& path) {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  fs::path p = fs::path(path).lexically_normal();
  if (ec) return p.string();
  fs::path absolute = p.is_absolute() ? p : (cwd / p).lexically_normal();
  fs::path relative = absolute.lexically_relative(cwd);
  if (relative.empty() || *relative.begin() == "..") return p.string();
  return relative.string();
}

std::string ClockTime() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof text, "%H:%M:%S", &local);
  return text;
}

class Watcher {
 public:
  Watcher(Context& ctx, const config::Config& config)
      : ctx_(ctx), config_(config), project_(ProjectOptionsOf(ctx.args())) {}

  std::string ModelsDir() const { return facade::ModelsDir(config_, project_).string(); }

  // One cycle: compile and print the summary. `changed` is empty for the first compile.
  void Cycle(const std::vector<std::string>& changed) {
    std::lock_guard guard(mutex_);
    ++cycle_;
    std::vector<std::string> shown;
    for (const std::string& path : changed) shown.push_back(ShownPath(path));
    if (!shown.empty())
      LogInfo("{} file(s) changed ({}); recompiling", shown.size(), Join(shown, ", "));
    const auto start = std::chrono::steady_clock::now();
    facade::CompileOptions options;
    options.columns_needed = false;
    facade::CompiledProject compiled = facade::CompileProject(config_, project_, options);
    const int64_t duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::steady_clock::now() - start)
                                    .count();
    ctx_.json() ? PrintLine(compiled, shown, duration_ms)
                : PrintSummary(compiled, shown, duration_ms);
  }

 private:
  // `{version, command: "watch", event: "compiled", cycle, changed, models, execution_layers,
  // has_errors, errors, warnings, diagnostics, duration_ms}` on one line.
  void PrintLine(const facade::CompiledProject& compiled, const std::vector<std::string>& changed,
                 int64_t duration_ms) {
    Json paths = Json::Array();
    for (const std::string& p : changed) paths.Push(p);
    Json diagnostics = Json::Array();
    bool has_errors = false;
    for (const Diagnostic& d : compiled.diagnostics) {
      diagnostics.Push(facade::DiagnosticJson(d));
      has_errors = has_errors || d.severity == Severity::kError;
    }
    Json line = Json::Object()
                    .Set("version", "1.0.0")
                    .Set("command", "watch")
                    .Set("event", "compiled")
                    .Set("cycle", cycle_)
                    .Set("changed", std::move(paths))
                    .Set("models", static_cast<int64_t>(compiled.project.load.models.size()))
                    .Set("execution_layers", compiled.project.dag.dag.execution_layers())
                    .Set("has_errors", has_errors)
                    .Set("errors", Count(compiled, Severity::kError))
                    .Set("warnings", Count(compiled, Severity::kWarning))
                    .Set("diagnostics", std::move(diagnostics))
                    .Set("duration_ms", duration_ms);
    std::string text = line.Dump();
    text.push_back('\n');
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }

  void PrintSummary(const facade::CompiledProject& compiled,
                    const std::vector<std::string>& changed, int64_t duration_ms) {
    // Infos are summarized on the first cycle and left out after it (unless -v): while editing,
    // the errors and warnings are what changes.
    const bool verbose = ctx_.args().Has("verbose");
    std::vector<const Diagnostic*> shown;
    for (const Diagnostic& d : compiled.diagnostics)
      if (d.severity != Severity::kInfo || verbose || cycle_ == 1) shown.push_back(&d);
    std::string text = DiagnosticLines(shown, verbose ? InfoLines::kEach : InfoLines::kSummary);
    text +=
        fmt::format("[{}] Compiled {} model(s) in {} layer(s): {} error(s), {} warning(s) in {} ms",
                    ClockTime(), compiled.project.load.models.size(),
                    compiled.project.dag.dag.execution_layers(), Count(compiled, Severity::kError),
                    Count(compiled, Severity::kWarning), duration_ms);
    if (!changed.empty()) text += fmt::format(" (changed: {})", Join(changed, ", "));
    ctx_.PrintText(text);
  }

  static int64_t Count(const facade::CompiledProject& compiled, Severity severity) {
    int64_t n = 0;
    for (const Diagnostic& d : compiled.diagnostics) n += d.severity == severity;
    return n;
  }

  Context& ctx_;
  const config::Config& config_;
  facade::ProjectOptions project_;
  std::mutex mutex_;
  int64_t cycle_ = 0;
};

int RunWatch(Context& ctx) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  Watcher watcher(ctx, **config);
  const std::string dir = watcher.ModelsDir();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return ctx.ReportError(Error{ErrorKind::kNotFound,
                                 fmt::format("models folder '{}' not found", dir),
                                 {},
                                 "pass --models DIR, or run rocky watch in a project folder"});
  auto files = FileWatcher::Start(
      dir, {.extensions = {".sql", ".rocky", ".toml"}, .quiet = std::chrono::milliseconds(200)},
      [&watcher](const std::vector<std::string>& changed) { watcher.Cycle(changed); });
  if (!files) return ctx.ReportError(Error(files.error()).With("while watching " + dir));
  watcher.Cycle({});
  LogInfo("watching {} for changes to .sql, .rocky and .toml files (Ctrl-C stops)", dir);

  int signal = 0;
  sigwait(&stop_signals, &signal);
  LogInfo("stopping (signal {})", signal);
  (*files)->Stop();
  return 0;
}

}  // namespace

const CommandSpec& WatchCommand() {
  static const CommandSpec kSpec{
      .name = "watch",
      .summary = "Recompile the models whenever a model file changes",
      .description =
          "Compiles the project once and prints the summary, then watches the models folder\n"
          "(and every folder below it) and recompiles 200 ms after the last create, modify or\n"
          "delete of a .sql, .rocky or .toml file, printing a new summary each time. Only the\n"
          "changed models and what depends on them are checked again (the compile cache).\n"
          "Ctrl-C (SIGINT) or SIGTERM stops it with exit 0. Progress lines go to stderr.\n\n"
          "On a terminal each cycle prints the error and warning lines as `compile` does (infos\n"
          "only on the first cycle, or with -v), then\n"
          "`[HH:MM:SS] Compiled N model(s) in L layer(s): E error(s), W warning(s) in T ms\n"
          "(changed: files)`.\n\n"
          "In JSON mode (-o json, or stdout not a terminal) each cycle prints one line (JSON\n"
          "Lines), the first one with cycle 1 and no changed files:\n"
          "  {\"version\": \"1.0.0\", \"command\": \"watch\", \"event\": \"compiled\",\n"
          "   \"cycle\": N, \"changed\": [path], \"models\": N, \"execution_layers\": N,\n"
          "   \"has_errors\": bool, \"errors\": N, \"warnings\": N,\n"
          "   \"diagnostics\": [Diagnostic], \"duration_ms\": N}\n"
          "Paths are relative to the working folder when below it. The schema is\n"
          "watch.schema.json of `rocky export-schemas`.\n\n"
          "Examples:\n"
          "  rocky watch\n"
          "  rocky watch -o json | jq -c '{cycle, has_errors}'",
      .flags = {{"models", 0, "DIR", "the models folder (default: the pipeline's, else models/)"},
                {"contracts", 0, "DIR", "extra <model>.contract.toml files"},
                {"pipeline", 0, "P", "the transformation pipeline (its adapter sets the dialect)"}},
      .config_optional = true,
      .run = &RunWatch,
  };
  return kSpec;
}

}  // namespace rocky::cli
