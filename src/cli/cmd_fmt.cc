// `rocky fmt [PATHS…] [--check]`: formats .rocky files (dsl.md §4), searching folders
// recursively. Writes `reformatted <path>` / `would reformat <path>` lines to stderr.

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "base/file.h"
#include "cli/command.h"
#include "cli/context.h"
#include "lang/format.h"

namespace rocky::cli {

namespace {

namespace fs = std::filesystem;

// The .rocky files under `root` (or `root` itself when it is a file), skipping hidden folders
// such as .git and .rocky below the root.
Result<std::vector<std::string>> CollectFiles(const std::string& root) {
  std::error_code ec;
  fs::file_status st = fs::status(root, ec);
  if (ec || !fs::exists(st)) return Fail(ErrorKind::kNotFound, "path not found: {}", root);
  if (!fs::is_directory(st)) return std::vector<std::string>{fs::path(root).lexically_normal().string()};
  std::vector<std::string> out;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) return Fail(ErrorKind::kIo, "cannot list {}: {}", root, ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return Fail(ErrorKind::kIo, "cannot list {}: {}", root, ec.message());
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    if (it->is_directory(ec)) {
      if (name.starts_with(".")) it.disable_recursion_pending();
      continue;
    }
    if (p.extension() == ".rocky" && it->is_regular_file(ec))
      out.push_back(p.lexically_normal().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void PrintDiagnostic(const std::string& path, const Diagnostic& d) {
  Span span = d.span.value_or(Span{path});
  if (span.file.empty()) span.file = path;
  std::string line = fmt::format("error[{}]: {}\n", d.code, FormatLocated(span, d.message));
  if (d.suggestion) line += fmt::format("  help: {}\n", *d.suggestion);
  std::fputs(line.c_str(), stderr);
}

int RunFmt(Context& ctx) {
  bool check = ctx.args().Has("check");
  std::vector<std::string> roots = ctx.args().positionals();
  if (roots.empty()) roots.push_back(".");
  std::vector<std::string> files;
  for (const std::string& root : roots) {
    auto found = CollectFiles(root);
    if (!found) return ctx.ReportError(found.error());
    for (std::string& f : *found)
      if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(std::move(f));
  }

  std::vector<std::string> changed;
  int failed = 0;
  for (const std::string& path : files) {
    auto text = ReadFile(path);
    if (!text) return ctx.ReportError(text.error());
    lang::FormatResult result = lang::Format(*text, path);
    if (!result.ok()) {
      ++failed;
      for (const Diagnostic& d : result.diagnostics) PrintDiagnostic(path, d);
      continue;
    }
    const std::string& formatted = *result.text;
    if (formatted == *text) continue;
    changed.push_back(path);
    if (check) {
      std::fputs(fmt::format("would reformat {}\n", path).c_str(), stderr);
      continue;
    }
    if (auto ok = WriteFileAtomic(path, formatted); !ok) return ctx.ReportError(ok.error());
    std::fputs(fmt::format("reformatted {}\n", path).c_str(), stderr);
  }

  if (ctx.json()) {
    ctx.EmitJson("fmt", Json::Object()
                            .Set("check", check)
                            .Set("files_checked", static_cast<int64_t>(files.size()))
                            .Set("files_changed", Json::ArrayOf(changed)));
  } else {
    std::string summary = fmt::format(
        "{} {} {}, {} left unchanged", changed.size(), changed.size() == 1 ? "file" : "files",
        check ? "would be reformatted" : "reformatted",
        files.size() - changed.size() - static_cast<size_t>(failed));
    if (failed) summary += fmt::format(", {} could not be parsed", failed);
    ctx.PrintText(summary);
  }
  return failed > 0 || (check && !changed.empty()) ? 1 : 0;
}

}  // namespace

const CommandSpec& FmtCommand() {
  static const CommandSpec kSpec{
      .name = "fmt",
      .summary = "Format .rocky files",
      .description =
          "Rewrites .rocky files in canonical form: one step per line, blocks one item per line,\n"
          "canonical spacing, comments and single blank lines kept. Folders are searched\n"
          "recursively (hidden folders are skipped). A file that does not parse is reported and\n"
          "left unchanged. With --check nothing is written: the files that would change are\n"
          "listed and the exit code is 1 if there are any.\n\n"
          "Examples:\n"
          "  rocky fmt\n"
          "  rocky fmt models/ --check",
      .positionals = {{"PATHS", "files or folders (default: .)", false, true}},
      .flags = {{"check", 0, "", "report files that would change, write nothing"}},
      .config_optional = true,
      .run = &RunFmt,
  };
  return kSpec;
}

}  // namespace rocky::cli
