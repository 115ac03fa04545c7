// CSV reading in both layouts never crashes, stops at a clear error, and reports lines that
// move forward.
#include <string_view>

#include "insightos/csv.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool whitespace : {false, true}) {
    insightos::CsvOptions options;
    options.whitespace_delimited = whitespace;
    insightos::CsvReader reader(text, options);
    std::vector<std::string> fields;
    std::size_t last_line = 0;
    std::size_t records = 0;
    while (reader.Next(&fields)) {
      FUZZ_CHECK(reader.line() > last_line);
      FUZZ_CHECK(!fields.empty());
      last_line = reader.line();
      FUZZ_CHECK(++records <= size + 1);
    }
    if (!reader.status().ok()) FUZZ_CHECK(reader.status().message().rfind("CSV line ", 0) == 0);
  }
  insightos::Result<insightos::CsvTable> table = insightos::ReadCsvTable(text);
  if (table.ok()) {
    for (const auto& row : table->rows) FUZZ_CHECK(row.size() == table->header.size());
  }
  return 0;
}
