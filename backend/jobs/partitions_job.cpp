#include "backend/jobs/partitions_job.h"

#include <chrono>

#include "backend/storage/sql_connection.h"

namespace insightos::jobs {

JobDefinition PartitionsJob(const storage::PartitionPolicy& policy) {
  JobDefinition job;
  job.name = kPartitionsJobName;
  job.description = "Create monthly event partitions ahead, move late events into them, apply the retention";
  job.run = [policy](JobContext& context) {
    auto connection = storage::OpenConnection(context.database);
    const TimestampMs now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
    context.detail = PartitionReportJson(storage::MaintainEventPartitions(*connection, now, policy));
    context.detail["retention_months"] = policy.retention_months;
    context.detail["months_ahead"] = policy.months_ahead;
  };
  return job;
}

nlohmann::json PartitionReportJson(const storage::PartitionReport& report) {
  return {{"partitioned", report.partitioned},
          {"created", report.created},
          {"dropped", report.dropped},
          {"postponed", report.postponed},
          {"rows_moved", report.rows_moved},
          {"rows_expired", report.rows_expired},
          {"message_ids_released", report.message_ids_released}};
}

}  // namespace insightos::jobs
