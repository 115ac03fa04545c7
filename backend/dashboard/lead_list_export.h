// The lead list of the dashboard: every lead from the lead_list view, best score first, in
// column-oriented pages. The first page goes into the page's data file, so the top leads show
// at once; the rest are files the page loads when asked (a million leads must not slow the
// first paint). Memory stays constant: rows stream from the database into one page at a time.
//
// Page format (docs/dashboard.md, "Lead pages"): {"ids":[..], "emails":[..], "scores":[..],
// "tiers":"ABD-..", "trends":"uds n..", "deltas":[..], "campaigns":[index..], "last":[s..],
// "reasons":[[label index, points, ...], ...]} with scores rounded to 0.1, "-" for an unscored
// lead, trends u(p)/d(own)/s(teady)/n(ew) as scoring::CompareWithPrevious decides, last
// activity in epoch seconds (null if none), and reason labels and campaigns as indices into
// dictionaries that come with the data file.
#ifndef INSIGHTOS_BACKEND_DASHBOARD_LEAD_LIST_EXPORT_H_
#define INSIGHTOS_BACKEND_DASHBOARD_LEAD_LIST_EXPORT_H_

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/storage/sql_connection.h"

namespace insightos::dashboard {

struct LeadExportOptions {
  std::size_t first_page = 1000;   // leads in the data file
  std::size_t page_size = 25000;   // leads per further page file
};

struct LeadExport {
  std::int64_t leads = 0;
  std::string first_page_json;               // the first page, as JSON text
  std::vector<std::string> page_files;       // relative names of the further pages, in order
  std::vector<std::string> reason_labels;    // dictionary for "reasons"
  std::vector<std::string> campaigns;        // dictionary for "campaigns"
  // Leads by lead_tier: A, B, C, D, then unscored (no tier, or one outside A-D). Counted while
  // the rows stream past, so the tier counts need no query of their own and agree with the
  // list by construction.
  std::array<std::int64_t, 5> tier_counts{};

  // The data file's "tiers": {"leads": n, "tiers": {"A": n, "B": n, "C": n, "D": n, "unscored": n}}.
  nlohmann::json TierCountsJson() const;
};

// Called with a relative file name ("leads/0001.js") and its whole content.
using PageFileWriter = std::function<void(const std::string& name, const std::string& content)>;

// REQUIRES: options' sizes > 0.
LeadExport ExportLeadList(storage::SqlConnection& db, const LeadExportOptions& options, const PageFileWriter& write);

// A reason's text without the points the scorer appends ("3 projects created: +12.4" ->
// "3 projects created"), so that equal phrases share one dictionary entry; the text as it is
// when it does not end in ": <signed number>".
std::string_view ReasonLabel(std::string_view text);

// The JavaScript statement a page file holds: "insightosLeads(<index>,<page json>);\n".
std::string LeadPageScript(std::size_t index, const std::string& page_json);

}  // namespace insightos::dashboard

#endif  // INSIGHTOS_BACKEND_DASHBOARD_LEAD_LIST_EXPORT_H_
