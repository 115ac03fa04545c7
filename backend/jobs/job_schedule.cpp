#include "backend/jobs/job_schedule.h"

#include <charconv>

namespace insightos::jobs {

namespace {
std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool ParseInt(std::string_view s, std::int64_t* out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}
}  // namespace

TimestampMs JobSchedule::NextAfter(TimestampMs after) const {
  if (every_ms > 0) return (FloorDiv(after, every_ms) + 1) * every_ms;
  const TimestampMs day = FloorDiv(after, kMillisPerDay) * kMillisPerDay;
  const TimestampMs today = day + daily_at_ms;
  return today > after ? today : today + kMillisPerDay;
}

Result<std::vector<JobSchedule>> ParseJobSchedules(std::string_view text) {
  std::vector<JobSchedule> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view entry = Trim(text.substr(pos, comma - pos));
    pos = comma + 1;
    if (entry.empty()) continue;
    const std::string where = "schedule '" + std::string(entry) + "'";
    const std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos || eq == 0) return Status::InvalidArgument(where + ": expected JOB=every 15m or JOB=daily 03:30");
    JobSchedule s;
    s.job = std::string(Trim(entry.substr(0, eq)));
    std::string_view when = Trim(entry.substr(eq + 1));
    if (when.rfind("every ", 0) == 0) {
      std::string_view amount = Trim(when.substr(6));
      if (amount.size() < 2) return Status::InvalidArgument(where + ": expected a number and m or h");
      std::int64_t n = 0;
      const char unit = amount.back();
      if (!ParseInt(amount.substr(0, amount.size() - 1), &n) || n <= 0 || (unit != 'm' && unit != 'h')) {
        return Status::InvalidArgument(where + ": expected a positive number of minutes (m) or hours (h)");
      }
      s.every_ms = n * (unit == 'm' ? kMillisPerMinute : kMillisPerHour);
    } else if (when.rfind("daily ", 0) == 0) {
      std::string_view clock = Trim(when.substr(6));
      std::int64_t h = 0, m = 0;
      if (clock.size() != 5 || clock[2] != ':' || !ParseInt(clock.substr(0, 2), &h) || !ParseInt(clock.substr(3), &m) ||
          h > 23 || m > 59) {
        return Status::InvalidArgument(where + ": expected daily HH:MM (UTC)");
      }
      s.daily_at_ms = h * kMillisPerHour + m * kMillisPerMinute;
    } else {
      return Status::InvalidArgument(where + ": expected 'every ...' or 'daily HH:MM'");
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace insightos::jobs
