// StateStore: measurements kept across runs — check history (the anomaly baseline), quality
// snapshots (`rocky metrics`) and DAG snapshots (`ai-sync`). Each keeps a bounded tail.

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "state/state_store.h"
#include "state/state_store_internal.h"

namespace rocky::state {

using namespace state_internal;

namespace {

Json NullRatesJson(const std::vector<QualitySnapshot::NullRate>& rates) {
  Json object = Json::Object();
  for (const auto& rate : rates) object.Set(rate.column, rate.rate);
  return object;
}

std::vector<QualitySnapshot::NullRate> NullRatesFrom(const Json& json) {
  std::vector<QualitySnapshot::NullRate> out;
  for (size_t i = 0; i < json.keys().size(); ++i) {
    out.push_back({json.keys()[i], json.items()[i].AsDouble()});
  }
  return out;
}

Result<void> PruneCheckHistory(sqlite3* db, const std::string& table_key) {
  return Exec(db,
              "DELETE FROM check_history WHERE table_key = ?1 AND timestamp NOT IN ("
              "SELECT timestamp FROM check_history WHERE table_key = ?1 "
              "ORDER BY timestamp DESC LIMIT ?2)",
              table_key, kCheckHistoryKeep);
}

}  // namespace

namespace state_internal {

Result<void> PutQuality(sqlite3* db, const QualitySnapshot& snapshot) {
  auto done = Exec(db,
                   "INSERT OR REPLACE INTO quality_history (model_name, run_id, timestamp, "
                   "row_count, null_rates, freshness_lag_seconds) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                   snapshot.model_name, snapshot.run_id, snapshot.timestamp, snapshot.row_count,
                   NullRatesJson(snapshot.null_rates).Dump(), snapshot.freshness_lag_seconds);
  if (!done) return done;
  return Exec(db,
              "DELETE FROM quality_history WHERE model_name = ?1 AND run_id NOT IN ("
              "SELECT run_id FROM quality_history WHERE model_name = ?1 "
              "ORDER BY timestamp DESC, run_id DESC LIMIT ?2)",
              snapshot.model_name, kQualityHistoryKeep);
}

Result<void> PutDagSnapshot(sqlite3* db, const DagSnapshot& snapshot) {
  auto done = Exec(db,
                   "INSERT OR REPLACE INTO dag_snapshots (timestamp, graph_hash, snapshot) "
                   "VALUES (?1, ?2, ?3)",
                   snapshot.timestamp, snapshot.graph_hash, snapshot.snapshot.Dump());
  if (!done) return done;
  return Exec(db,
              "DELETE FROM dag_snapshots WHERE timestamp NOT IN ("
              "SELECT timestamp FROM dag_snapshots ORDER BY timestamp DESC LIMIT ?1)",
              kDagSnapshotKeep);
}

}  // namespace state_internal

// --- check history -------------------------------------------------------------------------------

Result<void> StateStore::AppendCheckHistory(const std::vector<CheckHistoryEntry>& entries) {
  return impl_->Write(
      "appending check history",
      [&](sqlite3* db) -> Result<void> {
        std::set<std::string> tables;
        for (const auto& entry : entries) {
          auto done = Exec(db,
                           "INSERT OR REPLACE INTO check_history (table_key, timestamp, row_count) "
                           "VALUES (?1, ?2, ?3)",
                           entry.table_key, entry.timestamp, entry.row_count);
          if (!done) return done;
          tables.insert(entry.table_key);
        }
        for (const auto& table : tables) {
          if (auto done = PruneCheckHistory(db, table); !done) return done;
        }
        return Ok();
      },
      [entries](StateStore& s) { return s.AppendCheckHistory(entries); });
}

Result<std::vector<CheckHistoryEntry>> StateStore::RecentCheckHistory(
    const std::string& table_key, std::optional<Timestamp> before, int limit) {
  return impl_->Read(fmt::format("reading the check history of '{}'", table_key),
                     [&](sqlite3* db) -> Result<std::vector<CheckHistoryEntry>> {
                       auto stmt = Statement::Prepare(
                           db,
                           "SELECT table_key, timestamp, row_count FROM check_history "
                           "WHERE table_key = ?1 AND (?2 IS NULL OR timestamp < ?2) "
                           "ORDER BY timestamp DESC LIMIT ?3");
                       if (!stmt) return Fail(std::move(stmt.error()));
                       stmt->Bind(table_key, before, limit > 0 ? limit : -1);
                       std::vector<CheckHistoryEntry> out;
                       while (true) {
                         auto row = stmt->Step();
                         if (!row) return Fail(std::move(row.error()));
                         if (!*row) break;
                         out.push_back({stmt->Text(0), stmt->Time(1), stmt->Int(2)});
                       }
                       if (auto ok = stmt->DecodeStatus(); !ok) return Fail(std::move(ok.error()));
                       std::reverse(out.begin(), out.end());
                       return out;
                     });
}

// --- quality history -----------------------------------------------------------------------------

Result<void> StateStore::RecordQuality(const QualitySnapshot& snapshot) {
  return impl_->Write(
      fmt::format("recording quality metrics of '{}'", snapshot.model_name),
      [&](sqlite3* db) { return PutQuality(db, snapshot); },
      [snapshot](StateStore& s) { return s.RecordQuality(snapshot); });
}

Result<std::vector<QualitySnapshot>> StateStore::QualityHistory(const std::string& model_name,
                                                                int limit) {
  return impl_->Read(
      fmt::format("reading quality metrics of '{}'", model_name),
      [&](sqlite3* db) -> Result<std::vector<QualitySnapshot>> {
        auto stmt = Statement::Prepare(
            db,
            "SELECT model_name, run_id, timestamp, row_count, null_rates, freshness_lag_seconds "
            "FROM quality_history WHERE model_name = ?1 ORDER BY timestamp DESC, run_id DESC "
            "LIMIT ?2");
        if (!stmt) return Fail(std::move(stmt.error()));
        stmt->Bind(model_name, limit > 0 ? limit : -1);
        std::vector<QualitySnapshot> out;
        while (true) {
          auto row = stmt->Step();
          if (!row) return Fail(std::move(row.error()));
          if (!*row) break;
          QualitySnapshot snapshot;
          snapshot.model_name = stmt->Text(0);
          snapshot.run_id = stmt->Text(1);
          snapshot.timestamp = stmt->Time(2);
          snapshot.row_count = stmt->Int(3);
          snapshot.null_rates = NullRatesFrom(stmt->JsonValue(4));
          snapshot.freshness_lag_seconds = stmt->OptInt(5);
          out.push_back(std::move(snapshot));
        }
        if (auto ok = stmt->DecodeStatus(); !ok) return Fail(std::move(ok.error()));
        return out;
      });
}

// --- DAG snapshots -------------------------------------------------------------------------------

Result<void> StateStore::RecordDagSnapshot(const DagSnapshot& snapshot) {
  return impl_->Write(
      "recording a DAG snapshot", [&](sqlite3* db) { return PutDagSnapshot(db, snapshot); },
      [snapshot](StateStore& s) { return s.RecordDagSnapshot(snapshot); });
}

Result<std::vector<DagSnapshot>> StateStore::ListDagSnapshots(int limit) {
  return impl_->Read("reading DAG snapshots", [&](sqlite3* db) -> Result<std::vector<DagSnapshot>> {
    auto stmt = Statement::Prepare(db,
                                   "SELECT timestamp, graph_hash, snapshot FROM dag_snapshots "
                                   "ORDER BY timestamp DESC LIMIT ?1");
    if (!stmt) return Fail(std::move(stmt.error()));
    stmt->Bind(limit > 0 ? limit : -1);
    std::vector<DagSnapshot> out;
    while (true) {
      auto row = stmt->Step();
      if (!row) return Fail(std::move(row.error()));
      if (!*row) break;
      out.push_back({stmt->Time(0), stmt->Text(1), stmt->JsonValue(2)});
    }
    if (auto ok = stmt->DecodeStatus(); !ok) return Fail(std::move(ok.error()));
    return out;
  });
}

Result<std::optional<DagSnapshot>> StateStore::LatestDagSnapshot() {
  auto snapshots = ListDagSnapshots(1);
  if (!snapshots) return Fail(std::move(snapshots.error()));
  if (snapshots->empty()) return std::optional<DagSnapshot>();
  return std::optional<DagSnapshot>(std::move(snapshots->front()));
}

}  // namespace rocky::state
