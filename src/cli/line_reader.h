#pragma once
// Input lines for a REPL (`rocky shell`), with a history.
//
// When stdin and stdout are both terminals, a small line editor runs the terminal in raw mode
// while a line is typed: a prompt, left/right (and Ctrl-B/Ctrl-F), Home/End (Ctrl-A/Ctrl-E),
// Backspace/Delete, Ctrl-U and Ctrl-K to cut before/after the cursor, Up/Down (Ctrl-P/Ctrl-N)
// through the history, Ctrl-C to drop the line, Ctrl-D on an empty line to end the input. The
// terminal is restored before ReadLine returns. Otherwise lines are read as they come, with no
// prompt and no echo, so piped input and output stay clean.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace rocky::cli {

class LineHistory {
 public:
  explicit LineHistory(size_t max_entries = 1000) : max_(max_entries) {}

  /// Adds an entry at the end: empty entries and repeats of the last one are skipped, and the
  /// oldest entries go once there are more than the maximum.
  void Add(std::string entry);
  const std::vector<std::string>& entries() const { return entries_; }

  /// Reads a history file (one entry per line, oldest first) into this history. A missing
  /// file is an empty history.
  Result<void> Load(const std::string& path);
  /// Appends one entry to the file, creating it (and its folder) when missing.
  static Result<void> Append(const std::string& path, std::string_view entry);

 private:
  size_t max_;
  std::vector<std::string> entries_;
};

/// The editing state of one line: the text and the cursor, a byte offset on a UTF-8 boundary.
/// Separate from the terminal so the keys can be tested.
struct LineEdit {
  std::string text;
  size_t cursor = 0;

  void Insert(std::string_view bytes);
  void Backspace();
  void Delete();
  void Left();
  void Right();
  void Home() { cursor = 0; }
  void End() { cursor = text.size(); }
  void CutBefore();
  void CutAfter();
  void Replace(std::string_view line);
  /// Terminal columns before the cursor (code points).
  size_t CursorColumn() const;
};

class LineReader {
 public:
  /// Reads stdin; edits lines itself when stdin and stdout are terminals.
  LineReader();

  bool interactive() const { return interactive_; }
  LineHistory& history() { return history_; }

  /// The next line without its line end; nullopt at the end of the input. `prompt` is shown
  /// only when interactive.
  std::optional<std::string> ReadLine(std::string_view prompt);
  /// Whether the last line was dropped with Ctrl-C (ReadLine then returned an empty line).
  bool interrupted() const { return interrupted_; }

 private:
  std::optional<std::string> EditLine(std::string_view prompt);

  bool interactive_ = false;
  bool interrupted_ = false;
  LineHistory history_;
};

}  // namespace rocky::cli
