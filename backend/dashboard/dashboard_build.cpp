#include "backend/dashboard/dashboard_build.h"

#include <chrono>
#include <stdexcept>

#include "backend/analytics/attribution.h"
#include "backend/dashboard/dashboard_assets.h"
#include "backend/dashboard/dashboard_sections.h"
#include "backend/dashboard/site_folder.h"
#include "backend/storage/sql_connection.h"
#include "insightos/time.h"

namespace insightos::dashboard {

namespace {

constexpr char kDataFile[] = "data.js";

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool PlainTag(const std::string& s, std::size_t min, std::size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

// The data file: one assignment, so it loads with a <script> tag from file:// (where fetch()
// is not allowed). The first lead page, already JSON text, goes in as the last member.
std::string DataScript(const nlohmann::json& data, const nlohmann::json& leads, const std::string& first_page_json) {
  std::string text = data.dump();  // an object: ends with '}'
  std::string lead_text = leads.dump();
  lead_text.pop_back();
  text.pop_back();
  return "window.INSIGHTOS_DASHBOARD=" + text + (data.empty() ? "" : ",") + "\"leads\":" + lead_text +
         ",\"first_page\":" + first_page_json + "}};\n";
}

// One consistent, read-only view of the database for every section, so the counts on the page
// agree with each other. SQLite: a deferred transaction (a reader never blocks the collector's
// writes or the job's heartbeat); PostgreSQL: REPEATABLE READ.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(storage::SqlConnection& db) : db_(db) {
    if (db_.dialect() == storage::SqlDialect::kPostgres) {
      db_.Begin();
      db_.Execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    } else {
      db_.ExecuteScript("BEGIN DEFERRED");
    }
  }
  ~ReadSnapshot() {
    try {
      if (db_.dialect() == storage::SqlDialect::kPostgres) db_.Rollback();
      else db_.ExecuteScript("ROLLBACK");
    } catch (const std::exception&) {
      // Nothing was written; closing the connection ends the transaction anyway.
    }
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  storage::SqlConnection& db_;
};

}  // namespace

Status ValidateDashboardOptions(const DashboardOptions& o) {
  if (o.out_dir.empty()) return Status::InvalidArgument("the output folder is empty");
  if (o.currency.size() != 3 || !std::all_of(o.currency.begin(), o.currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return Status::InvalidArgument("currency must be an ISO 4217 code such as USD or BRL, not '" + o.currency + "'");
  }
  if (!PlainTag(o.locale, 2, 35)) return Status::InvalidArgument("locale must be a tag such as en-US or pt-BR");
  if (!(o.confidence > 0 && o.confidence < 1)) return Status::InvalidArgument("confidence must be in (0, 1)");
  if (o.leads.first_page == 0 || o.leads.page_size == 0) return Status::InvalidArgument("lead page sizes must be > 0");
  return Status::Ok();
}

nlohmann::json DashboardSummary::ToJson() const {
  return {{"out_dir", out_dir},
          {"leads", leads},
          {"lead_pages", lead_pages},
          {"initial_bytes", initial_bytes},
          {"total_bytes", total_bytes},
          {"seconds", seconds},
          {"has_model", has_model},
          {"has_ltv", has_ltv},
          {"worst_step", worst_step ? nlohmann::json(*worst_step) : nlohmann::json()},
          {"best_campaign", best_campaign ? nlohmann::json(*best_campaign) : nlohmann::json()}};
}

DashboardSummary BuildDashboard(const storage::DatabaseUrl& database, const DashboardOptions& options) {
  if (Status valid = ValidateDashboardOptions(options); !valid.ok()) throw std::runtime_error(valid.message());
  const auto started = std::chrono::steady_clock::now();
  auto db = storage::OpenConnection(database);
  // Campaigns reflect every event stored so far (cheap when attribution is up to date).
  analytics::RefreshAttribution(*db);

  SiteFolder site(options.out_dir);
  nlohmann::json data;
  LeadExport leads;
  {
    ReadSnapshot snapshot(*db);
    data["meta"] = {{"title", options.title},
                    {"generated_at", NowMs()},
                    {"currency", options.currency},
                    {"locale", options.locale},
                    {"database", database.dialect == storage::SqlDialect::kPostgres ? "PostgreSQL" : "SQLite"}};
    data["funnel"] = ReadFunnelSection(*db);
    data["campaigns"] = ReadCampaignSection(*db, options.confidence);
    data["model"] = ReadModelSection(*db);
    data["ltv"] = ReadLtvSection(*db);
    leads = ExportLeadList(*db, options.leads,
                           [&](const std::string& name, const std::string& content) { site.Write(name, content); });
    data["tiers"] = leads.TierCountsJson();
  }
  const nlohmann::json lead_index = {{"total", leads.leads},
                   {"first_page_size", options.leads.first_page},
                   {"page_size", options.leads.page_size},
                   {"page_files", leads.page_files},
                   {"reason_labels", leads.reason_labels},
                   {"campaigns", leads.campaigns}};

  DashboardSummary summary;
  summary.out_dir = options.out_dir;
  summary.leads = leads.leads;
  summary.lead_pages = leads.page_files.size();
  summary.has_model = !data["model"].is_null();
  summary.has_ltv = !data["ltv"].is_null();
  const nlohmann::json& worst = data["funnel"]["total"]["worst_step"];
  if (worst.is_object()) summary.worst_step = worst["label"].get<std::string>();
  if (data["campaigns"]["best_campaign"].is_string()) summary.best_campaign = data["campaigns"]["best_campaign"];

  const std::uint64_t pages_bytes = site.bytes_written();
  site.Write(kDataFile, DataScript(data, lead_index, leads.first_page_json));
  for (const DashboardAsset& asset : DashboardAssets()) site.Write(std::string(asset.name), asset.content);
  summary.total_bytes = site.bytes_written();
  summary.initial_bytes = site.bytes_written() - pages_bytes;
  site.Publish();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

jobs::JobDefinition DashboardJob(DashboardOptions options) {
  return {"dashboard", "Build the static dashboard into " + options.out_dir, [options](jobs::JobContext& context) {
            const nlohmann::json summary = BuildDashboard(context.database, options).ToJson();
            for (const auto& [key, value] : summary.items()) context.detail[key] = value;
          }};
}

}  // namespace insightos::dashboard
