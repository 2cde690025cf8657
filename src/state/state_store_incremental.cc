// StateStore: what incremental work resumes from — watermarks and partition records.

#include <fmt/format.h>

#include "state/state_store.h"
#include "state/state_store_internal.h"

namespace rocky::state {

using namespace state_internal;

namespace {

Result<std::vector<Watermark>> LoadWatermarks(Statement& stmt) {
  std::vector<Watermark> out;
  while (true) {
    auto row = stmt.Step();
    if (!row) return Fail(std::move(row.error()));
    if (!*row) break;
    out.push_back(Watermark{stmt.Text(0), stmt.Text(1), stmt.Time(2)});
  }
  if (auto ok = stmt.DecodeStatus(); !ok) return Fail(std::move(ok.error()));
  return out;
}

constexpr std::string_view kPartitionColumns =
    "model_name, partition_key, status, computed_at, row_count, duration_ms, run_id, checksum";

Result<std::vector<PartitionRecord>> LoadPartitions(Statement& stmt) {
  std::vector<PartitionRecord> out;
  while (true) {
    auto row = stmt.Step();
    if (!row) return Fail(std::move(row.error()));
    if (!*row) break;
    PartitionRecord record;
    record.model_name = stmt.Text(0);
    record.partition_key = stmt.Text(1);
    record.status = stmt.Enum(2, ParsePartitionStatus, PartitionStatus::kFailed);
    record.computed_at = stmt.OptTime(3);
    record.row_count = stmt.OptInt(4);
    record.duration_ms = stmt.OptInt(5);
    record.run_id = stmt.Text(6);
    record.checksum = stmt.OptText(7);
    out.push_back(std::move(record));
  }
  if (auto ok = stmt.DecodeStatus(); !ok) return Fail(std::move(ok.error()));
  return out;
}

}  // namespace

namespace state_internal {

Result<void> PutWatermark(sqlite3* db, const Watermark& watermark) {
  return Exec(db,
              "INSERT OR REPLACE INTO watermarks (table_key, last_value, updated_at) "
              "VALUES (?1, ?2, ?3)",
              watermark.table_key, watermark.last_value, watermark.updated_at);
}

Result<void> PutPartition(sqlite3* db, const PartitionRecord& record) {
  return Exec(db,
              fmt::format("INSERT OR REPLACE INTO partitions ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                          "?7, ?8)",
                          kPartitionColumns),
              record.model_name, record.partition_key, ToString(record.status), record.computed_at,
              record.row_count, record.duration_ms, record.run_id, record.checksum);
}

}  // namespace state_internal

// --- watermarks ----------------------------------------------------------------------------------

Result<std::optional<Watermark>> StateStore::GetWatermark(const std::string& table_key) {
  return impl_->Read(fmt::format("reading the watermark of '{}'", table_key),
                     [&](sqlite3* db) -> Result<std::optional<Watermark>> {
                       auto stmt = Statement::Prepare(db,
                                                      "SELECT table_key, last_value, updated_at "
                                                      "FROM watermarks WHERE table_key = ?1");
                       if (!stmt) return Fail(std::move(stmt.error()));
                       stmt->Bind(table_key);
                       auto rows = LoadWatermarks(*stmt);
                       if (!rows) return Fail(std::move(rows.error()));
                       if (rows->empty()) return std::optional<Watermark>();
                       return std::optional<Watermark>(std::move(rows->front()));
                     });
}

Result<void> StateStore::SetWatermark(const Watermark& watermark) {
  return impl_->Write(
      fmt::format("writing the watermark of '{}'", watermark.table_key),
      [&](sqlite3* db) { return PutWatermark(db, watermark); },
      [watermark](StateStore& s) { return s.SetWatermark(watermark); });
}

Result<bool> StateStore::DeleteWatermark(const std::string& table_key) {
  return impl_->Write(
      fmt::format("deleting the watermark of '{}'", table_key),
      [&](sqlite3* db) -> Result<bool> {
        auto done = Exec(db, "DELETE FROM watermarks WHERE table_key = ?1", table_key);
        if (!done) return Fail(std::move(done.error()));
        return sqlite3_changes(db) > 0;
      },
      [table_key](StateStore& s) -> Result<void> {
        auto done = s.DeleteWatermark(table_key);
        if (!done) return Fail(std::move(done.error()));
        return Ok();
      });
}

Result<std::vector<Watermark>> StateStore::ListWatermarks() {
  return impl_->Read("listing watermarks", [&](sqlite3* db) -> Result<std::vector<Watermark>> {
    auto stmt = Statement::Prepare(
        db, "SELECT table_key, last_value, updated_at FROM watermarks ORDER BY table_key");
    if (!stmt) return Fail(std::move(stmt.error()));
    return LoadWatermarks(*stmt);
  });
}

// --- partitions ----------------------------------------------------------------------------------

Result<void> StateStore::UpsertPartitions(const std::vector<PartitionRecord>& records) {
  std::string what = records.size() == 1
                         ? fmt::format("recording partition '{}' of model '{}'",
                                       records[0].partition_key, records[0].model_name)
                         : fmt::format("recording {} partitions", records.size());
  return impl_->Write(
      what,
      [&](sqlite3* db) -> Result<void> {
        for (const auto& record : records) {
          if (auto done = PutPartition(db, record); !done) return done;
        }
        return Ok();
      },
      [records](StateStore& s) { return s.UpsertPartitions(records); });
}

Result<std::optional<PartitionRecord>> StateStore::GetPartition(const std::string& model_name,
                                                                const std::string& partition_key) {
  return impl_->Read(
      fmt::format("reading partition '{}' of model '{}'", partition_key, model_name),
      [&](sqlite3* db) -> Result<std::optional<PartitionRecord>> {
        auto stmt = Statement::Prepare(
            db,
            fmt::format("SELECT {} FROM partitions WHERE model_name = ?1 AND partition_key = ?2",
                        kPartitionColumns));
        if (!stmt) return Fail(std::move(stmt.error()));
        stmt->Bind(model_name, partition_key);
        auto rows = LoadPartitions(*stmt);
        if (!rows) return Fail(std::move(rows.error()));
        if (rows->empty()) return std::optional<PartitionRecord>();
        return std::optional<PartitionRecord>(std::move(rows->front()));
      });
}

Result<std::vector<PartitionRecord>> StateStore::ListPartitions(const std::string& model_name) {
  return impl_->Read(fmt::format("listing the partitions of model '{}'", model_name),
                     [&](sqlite3* db) -> Result<std::vector<PartitionRecord>> {
                       auto stmt = Statement::Prepare(
                           db, fmt::format("SELECT {} FROM partitions WHERE model_name = ?1 "
                                           "ORDER BY partition_key",
                                           kPartitionColumns));
                       if (!stmt) return Fail(std::move(stmt.error()));
                       stmt->Bind(model_name);
                       return LoadPartitions(*stmt);
                     });
}

}  // namespace rocky::state
