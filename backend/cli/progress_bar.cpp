#include "backend/cli/progress_bar.h"

#include <unistd.h>

#include <algorithm>

namespace insightos::cli {

std::string WithThousandsSeparators(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

ProgressBar::ProgressBar(std::string unit, std::uint64_t total)
    : ProgressBar(std::move(unit), total, isatty(STDERR_FILENO) == 1) {}

ProgressBar::ProgressBar(std::string unit, std::uint64_t total, bool enabled)
    : unit_(std::move(unit)), total_(total), enabled_(enabled) {}

void ProgressBar::Update(std::uint64_t done) {
  if (!enabled_) return;
  const Clock::time_point now = Clock::now();
  if (done < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  Draw(done, std::chrono::duration<double>(now - start_).count());
}

void ProgressBar::Draw(std::uint64_t done, double elapsed) {
  constexpr int kWidth = 30;
  const double fraction = total_ == 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total_));
  const int filled = static_cast<int>(fraction * kWidth);
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  const double eta = rate > 0 ? static_cast<double>(total_ - std::min(done, total_)) / rate : 0;
  std::fprintf(stderr, "\r[%.*s%.*s] %3d%% %s/%s %s, %.0f %s/s, ETA %.0fs ", filled,
               "##############################", kWidth - filled, "------------------------------",
               static_cast<int>(fraction * 100), WithThousandsSeparators(done).c_str(),
               WithThousandsSeparators(total_).c_str(), unit_.c_str(), rate, unit_.c_str(), eta);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace insightos::cli
