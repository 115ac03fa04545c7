// Train/validation splits that do not change when rows are reordered or added.
#ifndef INSIGHTOS_BACKEND_SCORING_TRAINING_SPLIT_H_
#define INSIGHTOS_BACKEND_SCORING_TRAINING_SPLIT_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "insightos/time.h"

namespace insightos::scoring {

struct TrainValidationSplit {
  std::vector<std::size_t> train;       // row indices, ascending
  std::vector<std::size_t> validation;  // row indices, ascending
};

// 64-bit FNV-1a: small, fixed forever, the same on every platform.
std::uint64_t Fnv1a64(std::string_view bytes);

// For data without a time column: row i is held out when
// Fnv1a64(std::to_string(seed) + ":" + keys[i]) % 10000 < validation_fraction · 10000.
// A row's side depends only on its key and the seed. REQUIRES: 0 < fraction < 1.
TrainValidationSplit HashSplit(std::span<const std::string> keys, double validation_fraction, std::uint64_t seed);

// The time-based split of SPEC §8: the latest validation_fraction of rows (by time, e.g.
// sign-up) are held out, so validation measures scoring leads that came after training.
// Rows at the cut-off time all go to validation. REQUIRES: 0 < fraction < 1.
TrainValidationSplit TimeSplit(std::span<const TimestampMs> times, double validation_fraction);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_TRAINING_SPLIT_H_
