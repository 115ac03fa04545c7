#include "backend/scoring/csv_lead_table.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "insightos/csv.h"
#include "insightos/scoring/feature_spec.h"

namespace insightos::scoring {

namespace {

// Below this many rows "every value distinct" says little about a column being an id.
constexpr std::size_t kMinRowsForIdentifier = 20;

std::optional<double> ParseNumber(const std::string& folded) {
  if (folded.empty() || folded.size() > 64) return std::nullopt;
  Result<JsonValue> v = ParseJson(folded);  // exactly the JSON number grammar: no "0x1", no "inf"
  if (!v.ok() || !v->is_number() || !std::isfinite(v->as_number())) return std::nullopt;
  return v->as_number();
}

Result<std::uint8_t> ParseLabel(const std::string& raw) {
  std::string v = FoldCategory(raw);
  if (v == "1" || v == "yes" || v == "true" || v == "1.0") return std::uint8_t{1};
  if (v == "0" || v == "no" || v == "false" || v == "0.0") return std::uint8_t{0};
  return Status::InvalidArgument("label \"" + raw + "\" is not 0/1, yes/no or true/false");
}

}  // namespace

Result<CsvLeadTable> ReadCsvLeadTable(std::string_view text, const std::string& file, const CsvLeadOptions& options) {
  Result<CsvTable> csv = ReadCsvTable(text);
  if (!csv.ok()) return Status(csv.status().code(), file + ": " + csv.status().message());
  const CsvTable& t = *csv;
  const int label_col = t.ColumnIndex(options.label);
  if (label_col < 0) return Status::NotFound(file + ": no column named \"" + options.label + "\" (the --label)");
  for (const std::string& name : options.exclude) {
    if (t.ColumnIndex(name) < 0) return Status::NotFound(file + ": no column named \"" + name + "\" to exclude");
  }
  if (t.rows.empty()) return Status::InvalidArgument(file + ": no data rows");
  // Column names become trait keys and feature names, so they must be unique; a nameless
  // column is allowed only when it is empty (a trailing comma on every line).
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    for (std::size_t d = 0; d < c; ++d) {
      if (t.header[d] == t.header[c] && !t.header[c].empty()) {
        return Status::InvalidArgument(file + " line 1: column name \"" + t.header[c] + "\" appears twice (columns " +
                                       std::to_string(d + 1) + " and " + std::to_string(c + 1) + ")");
      }
    }
    if (!t.header[c].empty()) continue;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      if (!FoldCategory(t.rows[r][c]).empty()) {
        return Status::InvalidArgument(file + " line " + std::to_string(t.row_lines[r]) + ", column " +
                                       std::to_string(c + 1) + ": a value in a column without a name");
      }
    }
  }

  CsvLeadTable out;
  out.file = file;
  out.lines = t.row_lines;
  out.labels.resize(t.rows.size());
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    Result<std::uint8_t> y = ParseLabel(t.rows[r][static_cast<std::size_t>(label_col)]);
    if (!y.ok()) {
      return Status::InvalidArgument(file + " line " + std::to_string(t.row_lines[r]) + ", column \"" + options.label +
                                     "\": " + y.status().message());
    }
    out.labels[r] = *y;
  }

  // Clean every cell once: folded text, "" when missing.
  const std::size_t n = t.rows.size();
  std::vector<std::vector<std::string>> cells(t.header.size(), std::vector<std::string>(n));
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    for (std::size_t r = 0; r < n; ++r) {
      std::string v = FoldCategory(t.rows[r][c]);
      if (std::find(options.missing_values.begin(), options.missing_values.end(), v) != options.missing_values.end()) {
        v.clear();
      }
      cells[c][r] = std::move(v);
    }
  }

  out.traits.assign(n, JsonValue::Object());
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    if (static_cast<int>(c) == label_col) continue;
    CsvColumnProfile p;
    p.name = t.header[c];
    std::unordered_set<std::string> distinct;
    bool numeric = true, integral = true;
    for (const std::string& v : cells[c]) {
      if (v.empty()) {
        ++p.missing;
        continue;
      }
      distinct.insert(v);
      if (!numeric) continue;
      std::optional<double> d = ParseNumber(v);
      numeric = d.has_value();
      integral = numeric && integral && *d == std::floor(*d);
    }
    p.distinct = distinct.size();
    p.numeric = numeric && p.distinct > 0;
    if (std::find(options.exclude.begin(), options.exclude.end(), p.name) != options.exclude.end()) {
      p.dropped = "excluded";
    } else if (p.distinct == 0) {
      p.dropped = "all missing";
    } else if (p.distinct == 1 && p.missing == 0) {
      p.dropped = "constant";
    } else if (n >= kMinRowsForIdentifier && p.distinct == n && (!p.numeric || integral)) {
      p.dropped = "identifier";
      if (out.key_column.empty()) {
        out.key_column = p.name;
        out.row_keys.resize(n);
        for (std::size_t r = 0; r < n; ++r) out.row_keys[r] = t.rows[r][c];
      }
    }
    if (p.dropped.empty()) {
      for (std::size_t r = 0; r < n; ++r) {
        const std::string& v = cells[c][r];
        if (v.empty()) continue;
        out.traits[r].Set(p.name, p.numeric ? JsonValue::Number(*ParseNumber(v)) : JsonValue::String(v));
      }
    }
    out.columns.push_back(std::move(p));
  }
  if (out.key_column.empty()) {
    out.row_keys.resize(n);
    for (std::size_t r = 0; r < n; ++r) out.row_keys[r] = "line " + std::to_string(out.lines[r]);
  }
  return out;
}

}  // namespace insightos::scoring
