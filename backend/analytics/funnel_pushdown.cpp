#include "backend/analytics/funnel_pushdown.h"

#include <string>
#include <unordered_map>
#include <utility>

#include "backend/analytics/attribution_sql.h"

namespace insightos::analytics {

namespace {

using storage::SqlDialect;
using storage::SqlParams;

// Parameters of the step-event query: $1..$n the steps' names or paths, then the property name
// (property breakdown). The outcome query's only parameter, $1, is the window (funnels of two
// steps or more). PostgreSQL rejects a parameter its statement does not use, so each statement
// gets exactly its own.
constexpr std::size_t kFirstStepParam = 1;

std::size_t PropertyParam(std::size_t steps) { return kFirstStepParam + steps; }

std::string Param(std::size_t n) { return "$" + std::to_string(n); }
std::string Text(std::size_t n) { return "CAST(" + Param(n) + " AS TEXT)"; }

// The JSON of field `name` of a JSON column, as JSON text (NULL when absent).
std::string JsonFieldSql(SqlDialect dialect, const std::string& column, std::size_t param) {
  if (dialect == SqlDialect::kPostgres) return "(" + column + " -> " + Text(param) + ")::text";
  return column + " -> " + Param(param);  // the parameter holds the JSON path $."name"
}

Result<std::string> JsonFieldParam(SqlDialect dialect, const std::string& name) {
  if (dialect == SqlDialect::kPostgres) return name;
  if (name.find('"') != std::string::npos) {
    return Status::InvalidArgument("a breakdown field with '\"' in its name cannot be read from SQLite's JSON: '" +
                                   name + "'");
  }
  return "$.\"" + name + "\"";
}

std::string StepPredicate(const std::string& step, std::size_t param) {
  if (step.compare(0, kPageStepPrefix.size(), kPageStepPrefix) == 0) {
    return "(e.type = 'page' AND e.page_path = " + Text(param) + ")";
  }
  return "(e.type = 'track' AND e.event = " + Text(param) + ")";
}

std::string StepParamValue(const std::string& step) {
  if (step.compare(0, kPageStepPrefix.size(), kPageStepPrefix) == 0) return step.substr(kPageStepPrefix.size());
  return step;
}

std::string BotFilter(const FunnelQuery& q) { return q.include_bots ? "" : " AND NOT e.is_bot"; }

// One row per event that matches a step, bots excluded unless asked for: person, ts, step
// (1..n), and with a property breakdown `bd`, the property's JSON on step-1 events.
std::string StepEventsSelect(SqlDialect dialect, const FunnelQuery& q) {
  const std::size_t n = q.definition.steps.size();
  std::string step_case = "CASE", any_step;
  for (std::size_t k = 0; k < n; ++k) {
    const std::string predicate = StepPredicate(q.definition.steps[k], kFirstStepParam + k);
    step_case += " WHEN " + predicate + " THEN " + std::to_string(k + 1);
    any_step += (k == 0 ? "" : " OR ") + predicate;
  }
  step_case += " END";
  std::string sql = "SELECT " + std::string(PersonKeySql()) + " AS person, e.ts, " + step_case + " AS step";
  if (q.breakdown.source == BreakdownSource::kProperty) {
    sql += ", CASE WHEN " + StepPredicate(q.definition.steps[0], kFirstStepParam) + " THEN " +
           JsonFieldSql(dialect, "e.properties", PropertyParam(n)) + " END AS bd";
  }
  return sql + " FROM events e " + std::string(PersonJoinSql()) + " WHERE (" + any_step + ")" + BotFilter(q);
}

// Each person's first-touch campaign (persons without one have no row): person, utm_campaign.
std::string TouchSelect(SqlDialect dialect, const FunnelQuery& q) {
  return "SELECT person, utm_campaign FROM (SELECT " + std::string(PersonKeySql()) +
         " AS person, e.utm_campaign, ROW_NUMBER() OVER (PARTITION BY " + std::string(PersonKeySql()) + " ORDER BY " +
         FirstTouchOrderSql(dialect, "e.") + ") AS rn FROM events e " + std::string(PersonJoinSql()) +
         " WHERE e.utm_campaign IS NOT NULL" + BotFilter(q) + ") r WHERE rn = 1";
}

// Both planners misjudge the rows of a CTE (PostgreSQL has no statistics for it, SQLite
// underestimates), and then join step events and first touches in nested loops without an
// index: quadratic, minutes at a million events. So the step events and the first touches are
// written to session temp tables first, indexed by person and analyzed, and the outcome query
// reads them.
void DropTempTables(storage::SqlConnection& c) {
  const bool postgres = c.dialect() == SqlDialect::kPostgres;
  for (const char* table : {"funnel_step_events", "funnel_touch"}) {
    // Qualified, so that a permanent table of that name is never dropped; PostgreSQL is asked
    // first, as its DROP ... IF EXISTS prints a notice.
    const std::string name = std::string(postgres ? "pg_temp." : "temp.") + table;
    if (postgres && !c.QueryText("SELECT to_regclass('" + name + "')::text")) continue;
    c.ExecuteScript("DROP TABLE IF EXISTS " + name);
  }
}

void FillTempTables(storage::SqlConnection& c, const FunnelQuery& q, const SqlParams& step_params) {
  DropTempTables(c);
  // Filled by INSERT rather than CREATE TABLE AS: PostgreSQL takes no parameters in the latter.
  c.ExecuteScript("CREATE TEMP TABLE funnel_step_events (person TEXT, ts BIGINT, step INTEGER, bd TEXT)");
  const std::string columns = q.breakdown.source == BreakdownSource::kProperty ? "person, ts, step, bd" : "person, ts, step";
  c.Execute("INSERT INTO funnel_step_events (" + columns + ") " + StepEventsSelect(c.dialect(), q), step_params);
  c.ExecuteScript("CREATE INDEX funnel_step_events_by_person ON funnel_step_events (person, step, ts)");
  std::string analyze = "ANALYZE funnel_step_events";
  if (q.breakdown.source == BreakdownSource::kCampaign) {
    c.ExecuteScript("CREATE TEMP TABLE funnel_touch (person TEXT PRIMARY KEY, utm_campaign TEXT)");
    c.Execute("INSERT INTO funnel_touch (person, utm_campaign) " + TouchSelect(c.dialect(), q));
    analyze += c.dialect() == SqlDialect::kPostgres ? ", funnel_touch" : "; ANALYZE funnel_touch";
  }
  c.ExecuteScript(analyze);
}

// One row per person who entered: person, t1..tn (NULL from the first step not reached), the
// breakdown (campaign text, or the property's JSON of a step-1 event at t1: several rows for
// a person when such events disagree), and the number of step events.
std::string OutcomeSql(const FunnelQuery& q) {
  const std::size_t n = q.definition.steps.size();
  const bool by_property = q.breakdown.source == BreakdownSource::kProperty;
  const bool by_campaign = q.breakdown.source == BreakdownSource::kCampaign;
  const std::string window = "CAST($1 AS BIGINT)";

  // The CTEs stand for the temp tables (NOT MATERIALIZED: read through their indexes).
  std::string sql = "WITH step_events AS NOT MATERIALIZED (SELECT * FROM funnel_step_events), ";
  if (by_campaign) sql += "touch AS NOT MATERIALIZED (SELECT * FROM funnel_touch), ";
  sql += "a1 AS (SELECT DISTINCT person, ts AS t1 FROM step_events WHERE step = 1)";
  // a{k}: every attempt with the earliest step-k event at or after step k-1, inside the window.
  std::string carried = "a.person, a.t1";
  for (std::size_t k = 2; k <= n; ++k) {
    const std::string previous = "a.t" + std::to_string(k - 1);
    if (k > 2) carried += ", " + previous;
    sql += ", a" + std::to_string(k) + " AS (SELECT " + carried + ", MIN(s.ts) AS t" + std::to_string(k) + " FROM a" +
           std::to_string(k - 1) + " a LEFT JOIN step_events s ON s.person = a.person AND s.step = " +
           std::to_string(k) + " AND s.ts >= " + previous + " AND s.ts <= a.t1 + " + window + " GROUP BY " + carried + ")";
  }
  // The attempt that reaches the most steps, then the earliest.
  std::string reached = n == 1 ? "1" : "CASE";
  for (std::size_t k = 2; k <= n; ++k) reached += " WHEN t" + std::to_string(k) + " IS NULL THEN " + std::to_string(k - 1);
  if (n > 1) reached += " ELSE " + std::to_string(n) + " END";
  sql += ", chosen AS (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY person ORDER BY " + reached +
         " DESC, t1) AS rn FROM a" + std::to_string(n) + " x)";

  sql += " SELECT c.person";
  for (std::size_t k = 1; k <= n; ++k) sql += ", c.t" + std::to_string(k);
  switch (q.breakdown.source) {
    case BreakdownSource::kCampaign: sql += ", " + FirstTouchCampaignSql("t."); break;
    case BreakdownSource::kProperty: sql += ", b.bd"; break;
    default: sql += ", NULL"; break;
  }
  sql += ", (SELECT COUNT(*) FROM step_events) FROM chosen c";
  if (by_campaign) sql += " LEFT JOIN touch t ON t.person = c.person";
  if (by_property) {
    // Every step-1 event at t1 (repeated values are harmless: the smallest is kept).
    sql += " JOIN step_events b ON b.person = c.person AND b.step = 1 AND b.ts = c.t1";
  }
  return sql + " WHERE c.rn = 1 ORDER BY c.person";
}

// The breakdown text of a JSON fragment returned by the database ("" for NULL or JSON null).
Result<std::string> BreakdownFromJson(const storage::SqlRow& row, std::size_t column) {
  if (row.IsNull(column)) return std::string();
  Result<JsonValue> value = ParseJson(row.GetText(column));
  if (!value.ok()) return Status::Internal("the database returned a breakdown that is not JSON: " + value.status().message());
  return BreakdownText(&*value);
}

// Each person's value of a trait: from their latest identify that has it, ties to the
// smallest value (EventDigest's rule), read with one query over identify events.
Result<std::unordered_map<std::string, std::string>> PersonTraits(storage::SqlConnection& c, const FunnelQuery& q,
                                                                  const std::string& field_param) {
  struct Latest {
    TimestampMs ts;
    std::string value;
  };
  std::unordered_map<std::string, Latest> latest;
  Status status;
  c.Query("SELECT " + std::string(PersonKeySql()) + ", e.ts, " + JsonFieldSql(c.dialect(), "e.traits", 1) +
              " AS v FROM events e " + std::string(PersonJoinSql()) + " WHERE e.type = 'identify'" + BotFilter(q) +
              " AND " + JsonFieldSql(c.dialect(), "e.traits", 1) + " IS NOT NULL",
          {field_param}, [&](const storage::SqlRow& row) {
            Result<JsonValue> value = ParseJson(row.GetText(2));
            if (!value.ok()) {
              status = Status::Internal("a stored trait is not JSON: " + value.status().message());
              return;
            }
            if (value->is_null()) return;
            std::string text = BreakdownText(&*value);
            const TimestampMs ts = row.GetInt(1);
            auto [it, inserted] = latest.try_emplace(row.GetText(0), Latest{ts, text});
            if (!inserted && (ts > it->second.ts || (ts == it->second.ts && text < it->second.value))) {
              it->second = {ts, std::move(text)};
            }
          });
  if (!status.ok()) return status;
  std::unordered_map<std::string, std::string> out;
  for (auto& [person, l] : latest) out.emplace(person, std::move(l.value));
  return out;
}

}  // namespace

Result<PushedDownFunnel> MatchFunnelInDatabase(storage::SqlConnection& c, const FunnelQuery& q) {
  INSIGHTOS_RETURN_IF_ERROR(ValidateFunnelDefinition(q.definition));
  const std::size_t n = q.definition.steps.size();
  SqlParams step_params;
  for (const std::string& step : q.definition.steps) step_params.emplace_back(StepParamValue(step));
  std::string field_param;
  if (q.breakdown.source == BreakdownSource::kProperty || q.breakdown.source == BreakdownSource::kTrait) {
    Result<std::string> p = JsonFieldParam(c.dialect(), q.breakdown.field);
    if (!p.ok()) return p.status();
    field_param = *p;
  }
  if (q.breakdown.source == BreakdownSource::kProperty) step_params.emplace_back(field_param);
  SqlParams outcome_params;
  if (n > 1) outcome_params.emplace_back(q.definition.window_ms);

  std::unordered_map<std::string, std::string> traits;
  if (q.breakdown.source == BreakdownSource::kTrait) {
    Result<std::unordered_map<std::string, std::string>> t = PersonTraits(c, q, field_param);
    if (!t.ok()) return t.status();
    traits = std::move(*t);
  }

  FillTempTables(c, q, step_params);
  PushedDownFunnel result;
  Status status;
  std::string last_person;
  c.Query(OutcomeSql(q), outcome_params, [&](const storage::SqlRow& row) {
    if (!status.ok()) return;
    result.step_events = static_cast<std::uint64_t>(row.GetInt(n + 2));
    std::string person = row.GetText(0);
    Result<std::string> breakdown = std::string();
    if (q.breakdown.source == BreakdownSource::kCampaign) breakdown = row.GetText(n + 1);
    if (q.breakdown.source == BreakdownSource::kProperty) breakdown = BreakdownFromJson(row, n + 1);
    if (q.breakdown.source == BreakdownSource::kTrait) {
      auto it = traits.find(person);
      if (it != traits.end()) breakdown = it->second;
    }
    if (!breakdown.ok()) {
      status = breakdown.status();
      return;
    }
    if (!result.outcomes.empty() && person == last_person) {
      // Another step-1 event of the same attempt (same person, same t1): the smaller value wins.
      std::string& kept = result.outcomes.back().breakdown;
      if (*breakdown < kept) kept = std::move(*breakdown);
      return;
    }
    FunnelOutcome outcome;
    outcome.breakdown = std::move(*breakdown);
    for (std::size_t k = 0; k < n && !row.IsNull(k + 1); ++k) outcome.step_times.push_back(row.GetInt(k + 1));
    result.outcomes.push_back(std::move(outcome));
    last_person = std::move(person);
  });
  DropTempTables(c);  // a throw above leaves them for the next call to drop
  if (!status.ok()) return status;
  return result;
}

Result<FunnelAnalysis> AnalyzeFunnelInDatabase(storage::SqlConnection& c, const FunnelQuery& q) {
  Result<PushedDownFunnel> matched = MatchFunnelInDatabase(c, q);
  if (!matched.ok()) return matched.status();
  Result<FunnelReport> report = SummarizeFunnel(q.definition, matched->outcomes);
  if (!report.ok()) return report.status();
  FunnelAnalysis analysis;
  analysis.report = std::move(*report);
  analysis.stats.events = matched->step_events;
  analysis.stats.persons = matched->outcomes.size();
  return analysis;
}

}  // namespace insightos::analytics
