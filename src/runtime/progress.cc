#include "runtime/progress.h"

#include <unistd.h>

#include <algorithm>

#include "base/file.h"
#include "base/log.h"
#include "base/time.h"

namespace rocky::runtime {
namespace {

constexpr int kBarWidth = 24;
constexpr std::string_view kClearLine = "\r\x1b[K";

std::string FormatElapsed(int64_t ms) {
  int64_t secs = ms / 1000;
  if (secs < 60) return fmt::format("{}.{}s", secs, (ms % 1000) / 100);
  return fmt::format("{}m{:02}s", secs / 60, secs % 60);
}

}  // namespace

ProgressMode DetectProgressMode(bool json_logs) {
  return !json_logs && IsTerminal(STDERR_FILENO) ? ProgressMode::kBar : ProgressMode::kLines;
}

ProgressReporter::ProgressReporter(ProgressMode mode)
    : ProgressReporter(
          mode, [](std::string_view line) { Log::Write(LogLevel::kInfo, line); }, stderr) {}

ProgressReporter::ProgressReporter(ProgressMode mode, LineSink sink, std::FILE* bar_out)
    : mode_(mode), sink_(std::move(sink)), bar_out_(bar_out) {}

void ProgressReporter::Start(int64_t total_units, std::string label, std::string verb) {
  std::lock_guard lock(mutex_);
  total_ = total_units;
  done_ = 0;
  failed_ = 0;
  label_ = std::move(label);
  verb_ = std::move(verb);
  started_ = std::chrono::steady_clock::now();
  if (mode_ == ProgressMode::kBar) DrawBar();
}

void ProgressReporter::UnitFinished(std::string_view name, state::UnitStatus status,
                                    int64_t duration_ms, std::string_view detail) {
  std::lock_guard lock(mutex_);
  ++done_;
  if (status == state::UnitStatus::kFailed) ++failed_;
  if (mode_ == ProgressMode::kQuiet) return;

  std::string line;
  switch (status) {
    case state::UnitStatus::kSuccess:
      line = fmt::format("{} {} in {} ms", verb_, name, duration_ms);
      if (!detail.empty()) line += fmt::format(" ({})", detail);
      break;
    case state::UnitStatus::kFailed:
      line = fmt::format("FAILED {}", name);
      if (!detail.empty()) line += fmt::format(": {}", detail);
      break;
    case state::UnitStatus::kSkipped:
      line = fmt::format("skipped {}", name);
      if (!detail.empty()) line += fmt::format(" ({})", detail);
      break;
  }
  // On a terminal only failures scroll above the bar; the bar itself shows the rest.
  if (mode_ == ProgressMode::kLines || status == state::UnitStatus::kFailed) Emit(line);
  if (mode_ == ProgressMode::kBar) DrawBar();
}

void ProgressReporter::Finish(std::string_view summary) {
  std::lock_guard lock(mutex_);
  if (mode_ == ProgressMode::kQuiet) return;
  if (mode_ == ProgressMode::kBar && bar_visible_) {
    DrawBar();
    std::fputc('\n', bar_out_);
    std::fflush(bar_out_);
    bar_visible_ = false;
  }
  if (!summary.empty()) Emit(std::string(summary));
}

void ProgressReporter::Emit(const std::string& line) {
  if (mode_ == ProgressMode::kLines) {
    if (sink_) sink_(line);
    return;
  }
  std::string text = bar_visible_ ? std::string(kClearLine) : std::string();
  text += line;
  text.push_back('\n');
  std::fwrite(text.data(), 1, text.size(), bar_out_);
  bar_visible_ = false;
  std::fflush(bar_out_);
}

void ProgressReporter::DrawBar() {
  int filled = total_ > 0 ? static_cast<int>(std::min(done_, total_) * kBarWidth / total_) : 0;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kBarWidth - filled), '.');
  std::string text(kClearLine);
  if (!label_.empty()) text += label_ + " ";
  text += fmt::format("[{}] {}/{}", bar, done_, total_);
  if (failed_ > 0) text += fmt::format(", {} failed", failed_);
  text += fmt::format(", {}", FormatElapsed(MillisSince(started_)));
  std::fwrite(text.data(), 1, text.size(), bar_out_);
  std::fflush(bar_out_);
  bar_visible_ = true;
}

}  // namespace rocky::runtime
