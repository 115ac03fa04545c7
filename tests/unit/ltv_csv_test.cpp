#include "insightos/ltv/ltv_csv.h"

#include <gtest/gtest.h>

namespace insightos::ltv {
namespace {

TEST(LtvCsv, TransactionsByHeaderName) {
  TransactionCsvLayout layout;
  layout.customer_column = "user";
  layout.time_column = "at";
  layout.value_column = "revenue";
  Result<std::vector<Transaction>> t =
      ParseTransactionCsv("user,at,revenue\nu1,2024-03-01,10.5\nu2,2024-03-02T10:00:00Z, 7\n", layout);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ((*t)[1].customer_id, "u2");
  EXPECT_EQ((*t)[1].value, 7);
  EXPECT_EQ((*t)[0].time, *ParseTimestamp("2024-03-01"));
}

TEST(LtvCsv, TransactionErrorsNameLineAndColumn) {
  TransactionCsvLayout layout;
  layout.value_column = "value";
  Result<std::vector<Transaction>> t = ParseTransactionCsv("customer_id,date,value\na,2024-01-01,1\nb,2024-13-01,2\n", layout);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "line 3, column 'date': '2024-13-01' is not a date or timestamp");
  t = ParseTransactionCsv("customer_id,date,value\na,2024-01-01,ten\n", layout);
  EXPECT_EQ(t.status().message(), "line 2, column 'value': 'ten' is not a number");
  t = ParseTransactionCsv("customer_id,date,value\na,2024-01-01,nan\n", layout);
  EXPECT_FALSE(t.ok());
  t = ParseTransactionCsv("customer_id,when,value\na,2024-01-01,1\n", layout);
  EXPECT_EQ(t.status().message(), "no time column 'date' in the header line");
  layout.has_header = false;
  t = ParseTransactionCsv("a,2024-01-01,1\n", layout);
  EXPECT_NE(t.status().message().find("must be a column number"), std::string::npos);
  layout.customer_column = "1";
  layout.time_column = "2";
  layout.value_column = "4";
  EXPECT_NE(ParseTransactionCsv("a,2024-01-01,1\n", layout).status().message().find("outside the 3 columns"),
            std::string::npos);
  EXPECT_FALSE(ParseTransactionCsv("", TransactionCsvLayout{}).ok());
}

TEST(LtvCsv, SummaryAcceptsLifetimesAndHardieNames) {
  Result<SummaryCsv> lifetimes = ParseSummaryCsv("customer_id,frequency,recency,T,monetary_value\nc,2,3.5,9,12\n");
  ASSERT_TRUE(lifetimes.ok()) << lifetimes.status().ToString();
  EXPECT_TRUE(lifetimes->has_monetary_value);
  EXPECT_EQ(lifetimes->customers[0].customer_id, "c");
  Result<SummaryCsv> hardie = ParseSummaryCsv("ID,x,t_x,T,zbar\n1,2,30.43,38.86,22.35\n3,0,0.00,38.86,0.00");
  ASSERT_TRUE(hardie.ok());
  EXPECT_EQ(hardie->customers[0].recency, 30.43);
  Result<SummaryCsv> weighted = ParseSummaryCsv("frequency,recency,T,weight\n0,0,5,17\n");
  ASSERT_TRUE(weighted.ok());
  EXPECT_FALSE(weighted->has_monetary_value);
  EXPECT_EQ(weighted->customers[0].weight, 17);
  EXPECT_EQ(weighted->customers[0].customer_id, "line 2");
}

TEST(LtvCsv, SummaryErrorsNameTheLine) {
  Result<SummaryCsv> s = ParseSummaryCsv("frequency,recency,T\n1,2,3\n1,4,3\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "line 3: customer 'line 3': recency 4.000000 exceeds age (T) 3.000000");
  s = ParseSummaryCsv("frequency,recency,T\n1,x,3\n");
  EXPECT_EQ(s.status().message(), "line 2, column 'recency': 'x' is not a number");
  s = ParseSummaryCsv("frequency,T\n1,3\n");
  EXPECT_NE(s.status().message().find("line 1"), std::string::npos);
  EXPECT_FALSE(ParseSummaryCsv("frequency,recency,T\n").ok());
}

}  // namespace
}  // namespace insightos::ltv
