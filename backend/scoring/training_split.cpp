#include "backend/scoring/training_split.h"

#include <algorithm>
#include <cmath>

namespace insightos::scoring {

std::uint64_t Fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

TrainValidationSplit HashSplit(std::span<const std::string> keys, double validation_fraction, std::uint64_t seed) {
  TrainValidationSplit split;
  const auto cut = static_cast<std::uint64_t>(std::llround(validation_fraction * 10000));
  const std::string prefix = std::to_string(seed) + ":";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    bool held_out = Fnv1a64(prefix + keys[i]) % 10000 < cut;
    (held_out ? split.validation : split.train).push_back(i);
  }
  return split;
}

TrainValidationSplit TimeSplit(std::span<const TimestampMs> times, double validation_fraction) {
  TrainValidationSplit split;
  if (times.empty()) return split;
  std::vector<TimestampMs> sorted(times.begin(), times.end());
  std::sort(sorted.begin(), sorted.end());
  auto train_count = static_cast<std::size_t>(std::floor((1 - validation_fraction) * static_cast<double>(times.size())));
  train_count = std::min(train_count, times.size() - 1);
  const TimestampMs cutoff = sorted[train_count];
  for (std::size_t i = 0; i < times.size(); ++i) (times[i] < cutoff ? split.train : split.validation).push_back(i);
  return split;
}

}  // namespace insightos::scoring
