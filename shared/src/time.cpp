#include "insightos/time.h"

#include "insightos/decimal.h"
#include "insightos/utf8.h"

namespace insightos {

// Civil-from-days and days-from-civil use the era decomposition of the Gregorian 400-year
// cycle (146097 days), counting years from March so the leap day falls at the year's end.
std::int64_t DaysFromCivil(const CivilDate& date) {
  std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  std::int64_t era = FloorDiv(y, 400);
  std::int64_t year_of_era = y - era * 400;
  std::int64_t m = date.month;
  std::int64_t day_of_year = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
  std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate CivilFromDays(std::int64_t days) {
  days += 719468;
  std::int64_t era = FloorDiv(days, 146097);
  std::int64_t day_of_era = days - era * 146097;
  std::int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  std::int64_t mp = (5 * day_of_year + 2) / 153;
  CivilDate out;
  out.day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  out.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  out.year = static_cast<int>(year_of_era + era * 400 + (out.month <= 2 ? 1 : 0));
  return out;
}

bool IsValidCivilDate(const CivilDate& date) {
  if (date.month < 1 || date.month > 12 || date.day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (date.year % 4 == 0 && date.year % 100 != 0) || date.year % 400 == 0;
  int max_day = kDays[date.month - 1] + (date.month == 2 && leap ? 1 : 0);
  return date.day <= max_day;
}

namespace {

class TimestampScanner {
 public:
  explicit TimestampScanner(std::string_view text) : text_(text) {}

  bool Digits(std::size_t count, int* out) {
    if (pos_ + count > text_.size()) return false;
    int v = 0;
    for (std::size_t i = 0; i < count; ++i) {
      char c = text_[pos_ + i];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    pos_ += count;
    *out = v;
    return true;
  }
  bool Consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void Advance() { ++pos_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

Status BadTimestamp(std::string_view text, const char* why) {
  return Status::InvalidArgument("'" + AbbreviateUtf8(text, 40) + "' is not an ISO 8601 timestamp: " + why);
}

}  // namespace

Result<TimestampMs> ParseTimestamp(std::string_view text) {
  TimestampScanner s(text);
  CivilDate date;
  if (!s.Digits(4, &date.year) || !s.Consume('-') || !s.Digits(2, &date.month) || !s.Consume('-') ||
      !s.Digits(2, &date.day)) {
    return BadTimestamp(text, "expected YYYY-MM-DD");
  }
  if (date.year < 1000 || !IsValidCivilDate(date)) return BadTimestamp(text, "no such date");
  TimestampMs ms = DaysFromCivil(date) * kMillisPerDay;
  if (s.AtEnd()) return ms;
  if (!s.Consume('T') && !s.Consume('t') && !s.Consume(' ')) return BadTimestamp(text, "expected 'T' after the date");
  int hour = 0, minute = 0, second = 0;
  if (!s.Digits(2, &hour) || !s.Consume(':') || !s.Digits(2, &minute)) return BadTimestamp(text, "expected hh:mm");
  if (s.Consume(':') && !s.Digits(2, &second)) return BadTimestamp(text, "expected seconds");
  if (hour > 23 || minute > 59 || second > 60) return BadTimestamp(text, "time of day out of range");
  if (second == 60) second = 59;  // a leap second is folded into the second before it
  int millis = 0;
  if (s.Consume('.') || s.Consume(',')) {
    int digits = 0;
    while (s.Peek() >= '0' && s.Peek() <= '9') {
      if (digits < 3) millis = millis * 10 + (s.Peek() - '0');
      ++digits;
      s.Advance();
    }
    if (digits == 0) return BadTimestamp(text, "expected digits after the decimal point");
    for (int d = digits; d < 3; ++d) millis *= 10;
  }
  ms += hour * kMillisPerHour + minute * kMillisPerMinute + second * kMillisPerSecond + millis;
  if (s.AtEnd() || s.Consume('Z') || s.Consume('z')) {
    if (!s.AtEnd()) return BadTimestamp(text, "unexpected text after the time zone");
    return ms;
  }
  int sign = 0;
  if (s.Consume('+')) sign = 1;
  else if (s.Consume('-')) sign = -1;
  else return BadTimestamp(text, "expected 'Z' or a UTC offset");
  int off_h = 0, off_m = 0;
  if (!s.Digits(2, &off_h)) return BadTimestamp(text, "expected a UTC offset hour");
  if (s.Consume(':')) {
    if (!s.Digits(2, &off_m)) return BadTimestamp(text, "expected UTC offset minutes");
  } else if (!s.AtEnd() && !s.Digits(2, &off_m)) {
    return BadTimestamp(text, "expected UTC offset minutes");
  }
  if (off_h > 23 || off_m > 59) return BadTimestamp(text, "UTC offset out of range");
  if (!s.AtEnd()) return BadTimestamp(text, "unexpected text after the UTC offset");
  return ms - sign * (off_h * kMillisPerHour + off_m * kMillisPerMinute);
}

Result<TimestampMs> ParseDateOrTimestamp(std::string_view text) {
  if (text.size() == 8 && text.find_first_not_of("0123456789") == std::string_view::npos) {
    std::string iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) + "-" +
                      std::string(text.substr(6, 2));
    return ParseTimestamp(iso);
  }
  return ParseTimestamp(text);
}

namespace {
void AppendPadded(std::int64_t v, int width, std::string* out) {
  std::string digits = DecimalText(v);
  for (int i = static_cast<int>(digits.size()); i < width; ++i) out->push_back('0');
  out->append(digits);
}
}  // namespace

std::string FormatDate(TimestampMs ms) {
  CivilDate d = CivilFromDays(FloorDiv(ms, kMillisPerDay));
  std::string out;
  AppendPadded(d.year, 4, &out);
  out.push_back('-');
  AppendPadded(d.month, 2, &out);
  out.push_back('-');
  AppendPadded(d.day, 2, &out);
  return out;
}

std::string FormatTimestamp(TimestampMs ms) {
  std::int64_t within_day = ms - FloorDiv(ms, kMillisPerDay) * kMillisPerDay;
  std::string out = FormatDate(ms);
  out.push_back('T');
  AppendPadded(within_day / kMillisPerHour, 2, &out);
  out.push_back(':');
  AppendPadded(within_day / kMillisPerMinute % 60, 2, &out);
  out.push_back(':');
  AppendPadded(within_day / kMillisPerSecond % 60, 2, &out);
  out.push_back('.');
  AppendPadded(within_day % 1000, 3, &out);
  out.push_back('Z');
  return out;
}

}  // namespace insightos
