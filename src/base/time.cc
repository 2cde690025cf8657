#include "base/time.h"

#include <cstdio>

#include <fmt/format.h>

namespace rocky {

using namespace std::chrono;

Timestamp NowUtc() { return time_point_cast<microseconds>(system_clock::now()); }

std::string FormatRfc3339(Timestamp t) {
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<microseconds> hms{t - day};
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(ymd.year()),
                                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                                hms.hours().count(), hms.minutes().count(), hms.seconds().count());
  auto frac = hms.subseconds().count();
  if (frac != 0) {
    std::string digits = fmt::format("{:06}", frac);
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  out += "Z";
  return out;
}

std::optional<Timestamp> ParseTimestamp(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  std::string str(text);
  int consumed = 0;
  if (std::sscanf(str.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3 || consumed != 10)
    return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  Timestamp t = sys_days{ymd};
  size_t pos = 10;
  if (pos == str.size()) return t;
  if (str[pos] != 'T' && str[pos] != ' ') return std::nullopt;
  ++pos;
  if (std::sscanf(str.c_str() + pos, "%2d:%2d:%2d%n", &h, &mi, &s, &consumed) != 3 || consumed != 8)
    return std::nullopt;
  if (h > 23 || mi > 59 || s > 60) return std::nullopt;
  pos += 8;
  t += hours{h} + minutes{mi} + seconds{s};
  if (pos < str.size() && str[pos] == '.') {
    ++pos;
    int64_t micros = 0;
    int digits = 0;
    while (pos < str.size() && std::isdigit(static_cast<unsigned char>(str[pos]))) {
      if (digits < 6) {
        micros = micros * 10 + (str[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    while (digits++ < 6) micros *= 10;
    t += microseconds{micros};
  }
  if (pos == str.size()) return t;
  if (str[pos] == 'Z' && pos + 1 == str.size()) return t;
  if ((str[pos] == '+' || str[pos] == '-') && str.size() - pos == 6 && str[pos + 3] == ':') {
    int oh = 0, om = 0;
    if (std::sscanf(str.c_str() + pos + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
    auto offset = hours{oh} + minutes{om};
    return str[pos] == '+' ? t - offset : t + offset;
  }
  return std::nullopt;
}

std::string MakeRunId(Timestamp t) {
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<microseconds> hms{t - day};
  return fmt::format("run-{:04}{:02}{:02}-{:02}{:02}{:02}-{:03}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                     hms.subseconds().count() / 1000);
}

int64_t MillisSince(steady_clock::time_point start) {
  return duration_cast<milliseconds>(steady_clock::now() - start).count();
}

int64_t MillisBetween(Timestamp from, Timestamp to) {
  return duration_cast<milliseconds>(to - from).count();
}

std::string SqlTimestampText(Timestamp t) {
  std::string rfc = FormatRfc3339(t);  // 2026-04-07T10:00:00[.f]Z
  rfc.pop_back();
  rfc[10] = ' ';
  if (size_t dot = rfc.find('.'); dot != std::string::npos) {
    std::string frac = rfc.substr(dot + 1);
    frac.append(6 - frac.size(), '0');
    rfc = rfc.substr(0, dot + 1) + frac;
  }
  return rfc;
}

}  // namespace rocky
