#include "lsp/transport.h"

#include <charconv>

#include "base/log.h"
#include "base/strings.h"

namespace rocky::lsp {

namespace {

constexpr size_t kMaxMessageBytes = size_t{256} << 20;

}  // namespace

std::optional<std::string> Transport::Read() {
  while (true) {
    std::optional<size_t> length;
    bool bad = false;
    bool any_header = false;
    std::string line;
    while (true) {
      if (!std::getline(in_, line)) return std::nullopt;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) {
        if (!any_header) continue;  // stray blank lines between messages
        break;
      }
      any_header = true;
      size_t colon = line.find(':');
      if (colon == std::string::npos) {
        LogError("lsp: bad header line '{}'", line.substr(0, 80));
        bad = true;
        continue;
      }
      std::string_view name = Trim(std::string_view(line).substr(0, colon));
      std::string_view value = Trim(std::string_view(line).substr(colon + 1));
      if (EqualsIgnoreCase(name, "Content-Length")) {
        size_t n = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec != std::errc() || end != value.data() + value.size() || n > kMaxMessageBytes) {
          LogError("lsp: bad Content-Length '{}'", value);
          bad = true;
        } else {
          length = n;
        }
      }
    }
    if (!length) {
      if (!bad) LogError("lsp: message without Content-Length skipped");
      continue;
    }
    std::string body(*length, '\0');
    in_.read(body.data(), static_cast<std::streamsize>(*length));
    if (static_cast<size_t>(in_.gcount()) != *length) {
      LogError("lsp: input ended inside a message ({} of {} bytes)", in_.gcount(), *length);
      return std::nullopt;
    }
    return body;
  }
}

std::string Frame(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

void Transport::Write(std::string_view body) {
  std::string framed = Frame(body);
  std::lock_guard lock(write_mutex_);
  out_.write(framed.data(), static_cast<std::streamsize>(framed.size()));
  out_.flush();
}

}  // namespace rocky::lsp
