#include "backend/storage/postgres_array.h"

#include <cstdio>

namespace insightos::storage {

std::string PostgresTextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('"');
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

std::string PostgresIntArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += values[i];
  }
  out.push_back('}');
  return out;
}

std::string PostgresDoubleArray(const std::vector<double>& values) {
  std::string out = "{";
  char number[32];
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    std::snprintf(number, sizeof number, "%.17g", values[i]);
    out += number;
  }
  out.push_back('}');
  return out;
}

}  // namespace insightos::storage
