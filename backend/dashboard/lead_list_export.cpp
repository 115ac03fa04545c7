#include "backend/dashboard/lead_list_export.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <unordered_map>

#include "insightos/json.h"
#include "insightos/scoring/lead_score.h"

namespace insightos::dashboard {

namespace {

// Interns strings into a dictionary, returning each one's index.
class Dictionary {
 public:
  explicit Dictionary(std::vector<std::string>* entries) : entries_(entries) {}
  std::size_t Index(std::string_view s) {
    auto [it, added] = index_.try_emplace(std::string(s), entries_->size());
    if (added) entries_->emplace_back(s);
    return it->second;
  }

 private:
  std::vector<std::string>* entries_;
  std::unordered_map<std::string, std::size_t> index_;
};

// The slot of a lead_list row (column 3, lead_tier) in LeadExport::tier_counts.
std::size_t TierSlot(const storage::SqlRow& row) {
  if (row.IsNull(3)) return 4;
  const std::string tier = row.GetText(3);
  return tier.size() == 1 && tier[0] >= 'A' && tier[0] <= 'D' ? static_cast<std::size_t>(tier[0] - 'A') : 4;
}

double Round1(double v) { return std::round(v * 10) / 10; }

// One page of leads, column by column, as JSON text.
class PageBuilder {
 public:
  void Add(const storage::SqlRow& row, Dictionary& labels, Dictionary& campaigns) {
    const char* sep = count_ == 0 ? "" : ",";
    ids_ += sep;
    AppendJsonString(row.GetText(0), &ids_);
    emails_ += sep;
    if (row.IsNull(1)) emails_ += "null";
    else AppendJsonString(row.GetText(1), &emails_);
    const std::optional<double> score = row.GetOptionalDouble(2);
    const std::optional<double> previous = row.GetOptionalDouble(5);
    scores_ += sep;
    deltas_ += sep;
    if (score) {
      AppendJsonNumber(Round1(*score), &scores_);
      const std::string tier = row.GetText(3);
      tiers_ += tier.size() == 1 ? tier[0] : '-';
      const scoring::ScoreTrend trend = scoring::CompareWithPrevious(previous, *score);
      trends_ += scoring::TrendDirectionName(trend.direction)[0];
      AppendJsonNumber(Round1(trend.delta), &deltas_);
    } else {
      scores_ += "null";
      tiers_ += '-';
      trends_ += 'n';
      deltas_ += "0";
    }
    campaigns_ += sep;
    campaigns_ += std::to_string(campaigns.Index(row.GetText(6)));
    last_ += sep;
    if (row.IsNull(7)) last_ += "null";
    else last_ += std::to_string(row.GetInt(7) / 1000);
    reasons_ += sep;
    reasons_ += '[';
    if (!row.IsNull(4)) {
      const nlohmann::json reasons = nlohmann::json::parse(row.GetText(4), nullptr, false);
      bool first = true;
      if (reasons.is_array()) {
        for (const nlohmann::json& r : reasons) {
          if (!r.is_object() || !r.contains("text") || !r["text"].is_string()) continue;
          if (!first) reasons_ += ',';
          first = false;
          reasons_ += std::to_string(labels.Index(ReasonLabel(r["text"].get_ref<const std::string&>())));
          reasons_ += ',';
          const nlohmann::json& points = r.contains("points") ? r["points"] : nlohmann::json();
          AppendJsonNumber(points.is_number() ? Round1(points.get<double>()) : 0.0, &reasons_);
        }
      }
    }
    reasons_ += ']';
    ++count_;
  }

  std::size_t count() const { return count_; }

  std::string Finish() {
    std::string out;
    out.reserve(ids_.size() + emails_.size() + scores_.size() + reasons_.size() + 256);
    out += "{\"ids\":[" + ids_ + "],\"emails\":[" + emails_ + "],\"scores\":[" + scores_ + "],\"tiers\":";
    AppendJsonString(tiers_, &out);
    out += ",\"trends\":";
    AppendJsonString(trends_, &out);
    out += ",\"deltas\":[" + deltas_ + "],\"campaigns\":[" + campaigns_ + "],\"last\":[" + last_ + "],\"reasons\":[" +
           reasons_ + "]}";
    *this = PageBuilder();
    return out;
  }

 private:
  std::size_t count_ = 0;
  std::string ids_, emails_, scores_, tiers_, trends_, deltas_, campaigns_, last_, reasons_;
};

}  // namespace

std::string_view ReasonLabel(std::string_view text) {
  const std::size_t colon = text.rfind(": ");
  if (colon == std::string_view::npos || colon == 0) return text;
  const std::string tail(text.substr(colon + 2));
  if (tail.size() < 2 || (tail[0] != '+' && tail[0] != '-')) return text;
  char* end = nullptr;
  std::strtod(tail.c_str(), &end);
  if (end != tail.c_str() + tail.size() || !std::isdigit(static_cast<unsigned char>(tail.back()))) return text;
  return text.substr(0, colon);
}

nlohmann::json LeadExport::TierCountsJson() const {
  return {{"leads", leads},
          {"tiers",
           {{"A", tier_counts[0]}, {"B", tier_counts[1]}, {"C", tier_counts[2]}, {"D", tier_counts[3]},
            {"unscored", tier_counts[4]}}}};
}

std::string LeadPageScript(std::size_t index, const std::string& page_json) {
  return "insightosLeads(" + std::to_string(index) + "," + page_json + ");\n";
}

LeadExport ExportLeadList(storage::SqlConnection& db, const LeadExportOptions& options, const PageFileWriter& write) {
  LeadExport out;
  Dictionary labels(&out.reason_labels);
  Dictionary campaigns(&out.campaigns);
  PageBuilder page;
  auto finish_page = [&] {
    if (out.first_page_json.empty() && out.page_files.empty()) {
      out.first_page_json = page.Finish();
      return;
    }
    char name[32];
    std::snprintf(name, sizeof name, "leads/%04zu.js", out.page_files.size() + 1);
    write(name, LeadPageScript(out.page_files.size() + 1, page.Finish()));
    out.page_files.push_back(name);
  };
  // NULLS LAST: unscored leads (new sign-ups the score job has not reached) come after the
  // scored ones in both databases.
  db.Query("SELECT user_id, email, lead_score, lead_tier, lead_reasons, previous_score, campaign, last_activity_at "
           "FROM lead_list ORDER BY lead_score DESC NULLS LAST, user_id",
           {}, [&](const storage::SqlRow& row) {
             page.Add(row, labels, campaigns);
             ++out.leads;
             ++out.tier_counts[TierSlot(row)];
             const std::size_t limit = out.first_page_json.empty() && out.page_files.empty() ? options.first_page
                                                                                               : options.page_size;
             if (page.count() == limit) finish_page();
           });
  if (page.count() > 0 || out.leads == 0) finish_page();
  return out;
}

}  // namespace insightos::dashboard
