// Transaction log -> customer summary, checked against Hardie's published CDNOW summary and
// against the holdout total that R's BTYD reports for the same sample (tests/data/ltv/SOURCES.md).
#include "insightos/ltv/customer_summary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "insightos/csv.h"
#include "insightos/ltv/ltv_csv.h"

namespace insightos::ltv {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TimestampMs Day(const char* date) { return *ParseTimestamp(date); }

// The CDNOW sample: "master_id sample_id YYYYMMDD cds dollars", no header. The sample id is
// the ID of Hardie's summary files.
std::vector<Transaction> CdnowSampleTransactions() {
  TransactionCsvLayout layout;
  layout.csv.whitespace_delimited = true;
  layout.has_header = false;
  layout.customer_column = "2";
  layout.time_column = "3";
  layout.value_column = "5";
  Result<std::vector<Transaction>> t =
      ParseTransactionCsv(ReadFile(std::string(INSIGHTOS_TEST_DATA_DIR) + "/ltv/CDNOW_sample.txt"), layout);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? *t : std::vector<Transaction>{};
}

TEST(CustomerSummary, CdnowSampleMatchesHardiesCalibrationSummary) {
  std::vector<Transaction> transactions = CdnowSampleTransactions();
  ASSERT_EQ(transactions.size(), 6919u);
  SummaryOptions options{TimeUnit::kWeek, Day("1997-09-30")};
  Result<SummaryTable> summary = SummarizeTransactions(transactions, options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->unit, TimeUnit::kWeek);

  Result<SummaryCsv> published = ParseSummaryCsv(
      ReadFile(std::string(INSIGHTOS_TEST_DATA_DIR) + "/ltv/cdnow_customers_summary_with_transactions.csv"));
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  ASSERT_EQ(published->customers.size(), 2357u);
  ASSERT_EQ(summary->customers.size(), 2357u);

  std::map<int, const CustomerSummary*> ours;
  for (const CustomerSummary& c : summary->customers) ours[std::stoi(c.customer_id)] = &c;
  double total_x = 0;
  int repeaters = 0;
  for (const CustomerSummary& expected : published->customers) {
    const CustomerSummary* got = ours[std::stoi(expected.customer_id)];
    ASSERT_NE(got, nullptr) << expected.customer_id;
    // The file is rounded to 2 decimals.
    EXPECT_EQ(got->frequency, expected.frequency) << expected.customer_id;
    EXPECT_NEAR(got->recency, expected.recency, 0.005 + 1e-9) << expected.customer_id;
    EXPECT_NEAR(got->age, expected.age, 0.005 + 1e-9) << expected.customer_id;
    EXPECT_NEAR(got->monetary_value, expected.monetary_value, 0.005 + 1e-9) << expected.customer_id;
    total_x += got->frequency;
    repeaters += got->frequency > 0;
  }
  EXPECT_EQ(total_x, 2457);  // published totals (SOURCES.md)
  EXPECT_EQ(repeaters, 946);
}

TEST(CustomerSummary, CdnowHoldoutTotalMatchesBtyd) {
  CalibrationHoldoutOptions options{TimeUnit::kWeek, Day("1997-09-30"), Day("1998-06-30")};
  Result<CalibrationHoldoutTable> table = SummarizeCalibrationHoldout(CdnowSampleTransactions(), options);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ(table->calibration.size(), 2357u);
  double holdout_total = 0;
  for (const HoldoutActivity& h : table->holdout) holdout_total += h.frequency;
  EXPECT_EQ(holdout_total, 1882);  // BTYD's sum of cdnowSummary$cbs[, "x.star"]
  EXPECT_NEAR(table->holdout_duration, 273.0 / 7, 1e-12);
  EXPECT_EQ(table->calibration[0].frequency, 2);  // customer 1 bought on 4 days: 2 before October
}

TEST(CustomerSummary, SameDayPurchasesAreOnePeriodAndValuesAreSummed) {
  // Unsorted, two customers, a same-day pair, a refund and a purchase after the end.
  std::vector<Transaction> t = {
      {"b", Day("2024-01-03"), 5},          {"a", Day("2024-01-10T18:00:00Z"), 7},
      {"a", Day("2024-01-01T09:00:00Z"), 10}, {"a", Day("2024-01-10T08:00:00Z"), 3},
      {"a", Day("2024-01-15"), -2},          {"a", Day("2024-02-01"), 100},
  };
  Result<SummaryTable> s = SummarizeTransactions(t, {TimeUnit::kDay, Day("2024-01-20T23:59:59Z")});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->customers.size(), 2u);
  const CustomerSummary& b = s->customers[0];  // first appearance order
  EXPECT_EQ(b.customer_id, "b");
  EXPECT_EQ(b.frequency, 0);
  EXPECT_EQ(b.recency, 0);
  EXPECT_EQ(b.age, 17);
  EXPECT_EQ(b.monetary_value, 0);
  const CustomerSummary& a = s->customers[1];
  EXPECT_EQ(a.frequency, 2);         // Jan 10 and Jan 15; Feb 1 is after the end
  EXPECT_EQ(a.recency, 14);
  EXPECT_EQ(a.age, 19);
  EXPECT_EQ(a.monetary_value, 4);    // ((7 + 3) + (-2)) / 2: per-day sums, first day excluded

  Result<SummaryTable> weeks = SummarizeTransactions(t, {TimeUnit::kWeek, Day("2024-01-20")});
  ASSERT_TRUE(weeks.ok());
  EXPECT_DOUBLE_EQ(weeks->customers[1].recency, 2.0);
  Result<SummaryTable> months = SummarizeTransactions(t, {TimeUnit::kMonth, std::nullopt});
  ASSERT_TRUE(months.ok());  // default end: the latest day, Feb 1
  EXPECT_DOUBLE_EQ(months->customers[1].age, 31 / 30.4375);
  EXPECT_EQ(months->customers[1].frequency, 3);
}

TEST(CustomerSummary, HoldoutCountsDaysAndAveragesTransactions) {
  std::vector<Transaction> t = {
      {"a", Day("2024-01-01"), 10}, {"a", Day("2024-01-05"), 20}, {"a", Day("2024-01-12"), 4},
      {"a", Day("2024-01-12"), 8},  {"a", Day("2024-01-20"), 6},  {"late", Day("2024-01-15"), 1},
  };
  Result<CalibrationHoldoutTable> h =
      SummarizeCalibrationHoldout(t, {TimeUnit::kDay, Day("2024-01-10"), Day("2024-01-31")});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  ASSERT_EQ(h->calibration.size(), 1u);  // "late" first bought in the holdout
  EXPECT_EQ(h->calibration[0].frequency, 1);
  EXPECT_EQ(h->calibration[0].age, 9);
  EXPECT_EQ(h->holdout[0].frequency, 2);
  EXPECT_DOUBLE_EQ(h->holdout[0].monetary_value, 6);  // (4 + 8 + 6) / 3 transactions
  EXPECT_EQ(h->holdout_duration, 21);
}

TEST(CustomerSummary, ErrorsSayWhatAndWhere) {
  std::vector<Transaction> bad = {{"a", 0, 1}, {"", 0, 1}};
  Result<SummaryTable> s = SummarizeTransactions(bad, {TimeUnit::kDay, std::nullopt});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "transaction 1: empty customer id");
  bad = {{"a", 0, std::nan("")}};
  EXPECT_NE(SummarizeTransactions(bad, {TimeUnit::kDay, std::nullopt}).status().message().find("customer 'a'"),
            std::string::npos);
  EXPECT_FALSE(SummarizeTransactions({}, {TimeUnit::kDay, std::nullopt}).ok());
  // Each value is finite but their sum is not (the fuzz target's invariants pointed at it).
  std::vector<Transaction> huge = {{"h", 0, 1}, {"h", kMillisPerDay, 1e308}, {"h", kMillisPerDay, 1e308}};
  Result<SummaryTable> overflow = SummarizeTransactions(huge, {TimeUnit::kDay, std::nullopt});
  ASSERT_FALSE(overflow.ok());
  EXPECT_EQ(overflow.status().message(), "customer 'h': the sum of purchase values overflows");
  std::vector<Transaction> one = {{"a", Day("2024-01-01"), 1}};
  Result<CalibrationHoldoutTable> no_holdout =
      SummarizeCalibrationHoldout(one, {TimeUnit::kDay, Day("2024-01-10"), Day("2024-01-31")});
  ASSERT_FALSE(no_holdout.ok());
  EXPECT_NE(no_holdout.status().message().find("holdout period 2024-01-11 to 2024-01-31"), std::string::npos);
  EXPECT_FALSE(SummarizeCalibrationHoldout(one, {TimeUnit::kDay, Day("2024-01-10"), Day("2024-01-10")}).ok());
}

TEST(CustomerSummary, ValidationNamesTheCustomer) {
  CustomerSummary s{"c7", 2, 5, 4, 1, 1};
  EXPECT_EQ(ValidateCustomerSummary(s).message(), "customer 'c7': recency 5.000000 exceeds age (T) 4.000000");
  s = {"c8", 1.5, 1, 4, 1, 1};
  EXPECT_FALSE(ValidateCustomerSummary(s).ok());
  s = {"c9", 0, 1, 4, 0, 1};
  EXPECT_FALSE(ValidateCustomerSummary(s).ok());
  s = {"c10", 1, 0, 4, 0, 1};
  EXPECT_FALSE(ValidateCustomerSummary(s).ok());
  s = {"c11", 1, 1, 4, 0, 0};
  EXPECT_FALSE(ValidateCustomerSummary(s).ok());
  s = {"ok", 3, 2, 4, 9.5, 2};
  EXPECT_TRUE(ValidateCustomerSummary(s).ok());
}

TEST(TimeUnit, ParsesAndConverts) {
  EXPECT_EQ(*ParseTimeUnit("week"), TimeUnit::kWeek);
  EXPECT_EQ(*ParseTimeUnit("months"), TimeUnit::kMonth);
  EXPECT_FALSE(ParseTimeUnit("fortnight").ok());
  EXPECT_DOUBLE_EQ(LengthIn({2, TimeUnit::kWeek}, TimeUnit::kDay), 14);
  EXPECT_DOUBLE_EQ(LengthIn({12, TimeUnit::kMonth}, TimeUnit::kDay), 365.25);
}

}  // namespace
}  // namespace insightos::ltv
