#include "insightos/csv.h"

#include <gtest/gtest.h>

namespace insightos {
namespace {

TEST(Csv, QuotedFieldsAndCrlf) {
  Result<CsvTable> t = ReadCsvTable("a,b,c\r\n1,\"x, \"\"y\"\"\",\r\n2,\"multi\nline\",z\r\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0][1], "x, \"y\"");
  EXPECT_EQ(t->rows[0][2], "");
  EXPECT_EQ(t->rows[1][1], "multi\nline");
  EXPECT_EQ(t->row_lines[1], 3u);
  EXPECT_EQ(t->ColumnIndex("c"), 2);
  EXPECT_EQ(t->ColumnIndex("nope"), -1);
}

TEST(Csv, WhitespaceLayout) {
  CsvOptions opts;
  opts.whitespace_delimited = true;
  CsvReader reader(" 00001 19970101  1   11.77\n  \t \n 00002 19970112  1   12.00\n \n", opts);
  std::vector<std::string> f;
  ASSERT_TRUE(reader.Next(&f));
  EXPECT_EQ(f, (std::vector<std::string>{"00001", "19970101", "1", "11.77"}));
  ASSERT_TRUE(reader.Next(&f));
  EXPECT_EQ(reader.line(), 3u);  // the line of blanks in between is skipped
  EXPECT_FALSE(reader.Next(&f));
  EXPECT_TRUE(reader.status().ok());
}

TEST(Csv, ErrorsNameTheLine) {
  Result<CsvTable> ragged = ReadCsvTable("a,b\n1,2\n3\n");
  ASSERT_FALSE(ragged.ok());
  EXPECT_EQ(ragged.status().message(), "CSV line 3: expected 2 fields, found 1");
  Result<CsvTable> open_quote = ReadCsvTable("a\n\"abc\n");
  ASSERT_FALSE(open_quote.ok());
  EXPECT_NE(open_quote.status().message().find("unterminated quoted field"), std::string::npos);
  EXPECT_FALSE(ReadCsvTable("a\nx\"y\n").ok());
  EXPECT_FALSE(ReadCsvTable("a\n\"x\"y\n").ok());
  EXPECT_FALSE(ReadCsvTable("").ok());
}

}  // namespace
}  // namespace insightos
