#include "cli/line_reader.h"

#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "base/file.h"

namespace rocky::cli {

namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Raw mode for as long as it lives: bytes as typed, no echo, no signals from Ctrl-C.
class RawMode {
 public:
  RawMode() {
    if (tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios raw = saved_;
    raw.c_iflag &= ~static_cast<tcflag_t>(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
    raw.c_lflag &= ~static_cast<tcflag_t>(ECHO | ICANON | IEXTEN | ISIG);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    ok_ = tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) == 0;
  }
  ~RawMode() {
    if (ok_) tcsetattr(STDIN_FILENO, TCSADRAIN, &saved_);
  }
  RawMode(const RawMode&) = delete;
  RawMode& operator=(const RawMode&) = delete;

 private:
  termios saved_{};
  bool ok_ = false;
};

// One byte of input; nullopt at the end of the input or on an error.
std::optional<char> ReadByte() {
  char c = 0;
  for (;;) {
    ssize_t n = read(STDIN_FILENO, &c, 1);
    if (n == 1) return c;
    if (n < 0 && errno == EINTR) continue;
    return std::nullopt;
  }
}

void Write(std::string_view text) {
  while (!text.empty()) {
    ssize_t n = write(STDOUT_FILENO, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text.remove_prefix(static_cast<size_t>(n));
  }
}

size_t Columns(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += !IsContinuation(c);
  return n;
}

enum class Key { kNone, kUp, kDown, kLeft, kRight, kHome, kEnd, kDelete };

// The rest of an escape sequence after ESC: `[A` … `[D`, `[H`/`[F`, `OH`/`OF`, `[1~` … `[8~`.
Key ReadEscape() {
  auto first = ReadByte();
  if (!first || (*first != '[' && *first != 'O')) return Key::kNone;
  auto second = ReadByte();
  if (!second) return Key::kNone;
  if (*second >= '0' && *second <= '9') {
    char digit = *second;
    for (auto next = ReadByte(); next && *next != '~'; next = ReadByte())
      if (!(*next >= '0' && *next <= '9') && *next != ';') return Key::kNone;
    switch (digit) {
      case '1':
      case '7':
        return Key::kHome;
      case '4':
      case '8':
        return Key::kEnd;
      case '3':
        return Key::kDelete;
      default:
        return Key::kNone;
    }
  }
  switch (*second) {
    case 'A':
      return Key::kUp;
    case 'B':
      return Key::kDown;
    case 'C':
      return Key::kRight;
    case 'D':
      return Key::kLeft;
    case 'H':
      return Key::kHome;
    case 'F':
      return Key::kEnd;
    default:
      return Key::kNone;
  }
}

}  // namespace

// ---- LineHistory ----

void LineHistory::Add(std::string entry) {
  if (entry.empty() || (!entries_.empty() && entries_.back() == entry)) return;
  entries_.push_back(std::move(entry));
  if (entries_.size() > max_)
    entries_.erase(entries_.begin(), entries_.begin() + static_cast<long>(entries_.size() - max_));
}

Result<void> LineHistory::Load(const std::string& path) {
  if (!FileExists(path)) return Ok();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorKind::kIo, "cannot read history file {}", path);
  std::string line;
  size_t lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    Add(std::move(line));
  }
  // Appending only grows the file: past twice the maximum, keep just what was loaded.
  if (lines > 2 * max_) {
    std::string kept;
    for (const std::string& e : entries_) kept += e + "\n";
    if (auto written = WriteFileAtomic(path, kept); !written) return written;
  }
  return Ok();
}

Result<void> LineHistory::Append(const std::string& path, std::string_view entry) {
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  std::ofstream out(path, std::ios::binary | std::ios::app);
  if (out) out << entry << '\n';
  if (!out) return Fail(ErrorKind::kIo, "cannot write history file {}", path);
  return Ok();
}

// ---- LineEdit ----

void LineEdit::Insert(std::string_view bytes) {
  text.insert(cursor, bytes);
  cursor += bytes.size();
}

void LineEdit::Backspace() {
  if (cursor == 0) return;
  size_t start = cursor - 1;
  while (start > 0 && IsContinuation(text[start])) --start;
  text.erase(start, cursor - start);
  cursor = start;
}

void LineEdit::Delete() {
  if (cursor >= text.size()) return;
  size_t end = cursor + 1;
  while (end < text.size() && IsContinuation(text[end])) ++end;
  text.erase(cursor, end - cursor);
}

void LineEdit::Left() {
  if (cursor == 0) return;
  --cursor;
  while (cursor > 0 && IsContinuation(text[cursor])) --cursor;
}

void LineEdit::Right() {
  if (cursor >= text.size()) return;
  ++cursor;
  while (cursor < text.size() && IsContinuation(text[cursor])) ++cursor;
}

void LineEdit::CutBefore() {
  text.erase(0, cursor);
  cursor = 0;
}

void LineEdit::CutAfter() { text.erase(cursor); }

void LineEdit::Replace(std::string_view line) {
  text = std::string(line);
  cursor = text.size();
}

size_t LineEdit::CursorColumn() const { return Columns(std::string_view(text).substr(0, cursor)); }

// ---- LineReader ----

LineReader::LineReader() : interactive_(IsTerminal(STDIN_FILENO) && IsTerminal(STDOUT_FILENO)) {}

std::optional<std::string> LineReader::ReadLine(std::string_view prompt) {
  interrupted_ = false;
  if (interactive_) return EditLine(prompt);
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::optional<std::string> LineReader::EditLine(std::string_view prompt) {
  std::fflush(stdout);
  RawMode raw;
  LineEdit edit;
  const std::vector<std::string>& entries = history_.entries();
  size_t position = entries.size();  // entries.size(): the line being typed
  std::string typed;                 // that line while the history is shown
  auto redraw = [&] {
    std::string out = "\r";
    out += prompt;
    out += edit.text;
    out += "\x1b[K\r";
    if (size_t column = Columns(prompt) + edit.CursorColumn(); column > 0)
      out += fmt::format("\x1b[{}C", column);
    Write(out);
  };
  auto show = [&](size_t to) {
    if (position == entries.size()) typed = edit.text;
    position = to;
    edit.Replace(position == entries.size() ? typed : entries[position]);
  };
  redraw();
  for (;;) {
    auto c = ReadByte();
    if (!c) {
      Write("\r\n");
      if (edit.text.empty()) return std::nullopt;
      return edit.text;
    }
    switch (*c) {
      case '\r':
      case '\n':
        edit.End();
        redraw();
        Write("\r\n");
        return edit.text;
      case 3:  // Ctrl-C: drop the line
        Write("^C\r\n");
        interrupted_ = true;
        return std::string();
      case 4:  // Ctrl-D: end of input on an empty line
        if (edit.text.empty()) {
          Write("\r\n");
          return std::nullopt;
        }
        edit.Delete();
        break;
      case 1:
        edit.Home();
        break;
      case 5:
        edit.End();
        break;
      case 2:
        edit.Left();
        break;
      case 6:
        edit.Right();
        break;
      case 8:
      case 127:
        edit.Backspace();
        break;
      case 11:
        edit.CutAfter();
        break;
      case 21:
        edit.CutBefore();
        break;
      case 16:
        if (position > 0) show(position - 1);
        break;
      case 14:
        if (position < entries.size()) show(position + 1);
        break;
      case 27:
        switch (ReadEscape()) {
          case Key::kUp:
            if (position > 0) show(position - 1);
            break;
          case Key::kDown:
            if (position < entries.size()) show(position + 1);
            break;
          case Key::kLeft:
            edit.Left();
            break;
          case Key::kRight:
            edit.Right();
            break;
          case Key::kHome:
            edit.Home();
            break;
          case Key::kEnd:
            edit.End();
            break;
          case Key::kDelete:
            edit.Delete();
            break;
          case Key::kNone:
            break;
        }
        break;
      case '\t':
        edit.Insert("  ");
        break;
      default:
        if (static_cast<unsigned char>(*c) >= 32) edit.Insert(std::string_view(&*c, 1));
        break;
    }
    redraw();
  }
}

}  // namespace rocky::cli
