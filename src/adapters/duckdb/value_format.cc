#include "adapters/duckdb/value_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace rocky::adapters::duckdb {

namespace {

// DuckDB's infinite dates and timestamps are the extreme representable values.
constexpr int32_t kDateInfinity = std::numeric_limits<int32_t>::max();
constexpr int64_t kTimestampInfinity = std::numeric_limits<int64_t>::max();
constexpr int64_t kMicrosPerDay = int64_t{86'400} * 1'000'000;

struct CivilDate {
  int64_t year;
  int month;
  int day;
};

// Proleptic Gregorian calendar from a day count. Counting starts on 0000-03-01 so that the leap
// day ends a 400-year era of 146097 days; inside an era, years are 365 days plus leap corrections.
CivilDate CivilFromDays(int64_t days_since_epoch) {
  constexpr int64_t kEpochShift = 719'468;  // days from 0000-03-01 to 1970-01-01
  constexpr int64_t kDaysPerEra = 146'097;
  int64_t shifted = days_since_epoch + kEpochShift;
  int64_t era = (shifted >= 0 ? shifted : shifted - (kDaysPerEra - 1)) / kDaysPerEra;
  int64_t day_of_era = shifted - era * kDaysPerEra;
  int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t month_from_march = (5 * day_of_year + 2) / 153;
  int day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  int month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

// `YYYY-MM-DD`, and the `(BC)` marker DuckDB puts after dates before year 1 (year 0 is 1 BC).
std::string DatePart(const CivilDate& d, bool* before_christ) {
  *before_christ = d.year <= 0;
  int64_t shown = *before_christ ? 1 - d.year : d.year;
  return fmt::format("{:04}-{:02}-{:02}", shown, d.month, d.day);
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

std::string FormatDate(int32_t days_since_epoch) {
  if (days_since_epoch == kDateInfinity) return "infinity";
  if (days_since_epoch == -kDateInfinity) return "-infinity";
  bool bc = false;
  std::string text = DatePart(CivilFromDays(days_since_epoch), &bc);
  return bc ? text + " (BC)" : text;
}

std::string FormatTimestamp(int64_t micros_since_epoch) {
  if (micros_since_epoch == kTimestampInfinity) return "infinity";
  if (micros_since_epoch == -kTimestampInfinity) return "-infinity";
  int64_t days = FloorDiv(micros_since_epoch, kMicrosPerDay);
  int64_t in_day = micros_since_epoch - days * kMicrosPerDay;
  bool bc = false;
  std::string text = DatePart(CivilFromDays(days), &bc);
  if (bc) text += " (BC)";
  int64_t seconds = in_day / 1'000'000;
  int64_t micros = in_day % 1'000'000;
  text += fmt::format(" {:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  if (micros != 0) {
    std::string fraction = fmt::format("{:06}", micros);
    fraction.erase(fraction.find_last_not_of('0') + 1);
    text += '.';
    text += fraction;
  }
  return text;
}

std::string FormatUint128(unsigned __int128 value) {
  if (value == 0) return "0";
  std::string digits;
  while (value != 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::string FormatInt128(__int128 value) {
  if (value >= 0) return FormatUint128(static_cast<unsigned __int128>(value));
  // Negate in unsigned arithmetic so the minimum value does not overflow.
  return "-" + FormatUint128(-static_cast<unsigned __int128>(value));
}

std::string FormatDecimal(__int128 unscaled, int scale) {
  bool negative = unscaled < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(unscaled)
                                         : static_cast<unsigned __int128>(unscaled);
  std::string digits = FormatUint128(magnitude);
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale))
      digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<size_t>(scale), 1, '.');
  }
  return negative ? "-" + digits : digits;
}

}  // namespace rocky::adapters::duckdb
