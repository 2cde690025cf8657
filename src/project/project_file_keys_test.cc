// The project file references (project_file_keys.cc) against their readers: sample sidecars of
// every strategy and test type, a contract and a seed sidecar are read with key recording on,
// and the tables must match what the readers declare, both ways (config::KeyTableMismatches).

#include "project/project_file_keys.h"

#include <gtest/gtest.h>

#include "config/toml_document.h"
#include "project/contract.h"
#include "project/csv_seed.h"
#include "project/model_sidecar.h"

namespace rocky::project {
namespace {

using config::DeclaredKey;
using config::KeySample;

struct Sample {
  std::string_view label;  // strategy or test type, matched against `applies_to`
  std::string_view toml;
};

// The model-level sample sets every key outside [strategy] and [[tests]]; the others set one
// strategy or test type each.
constexpr Sample kModelSamples[] = {
    {"model", R"(name = "orders"
depends_on = ["stg_orders"]
intent = "One row per order."
sources = [{ catalog = "raw", schema = "shop", table = "orders" }]
target = { catalog = "c", schema = "s", table = "t" }
freshness = { max_lag_seconds = 3600 }
format = "table"
format_options = { partition_by = ["d"], cluster_by = ["id"], table_properties = { a = "b" }, comment = "c" }
strategy = { type = "full_refresh" }
)"},
    {"incremental", "[strategy]\ntype = \"incremental\"\ntimestamp_column = \"updated_at\"\n"},
    {"merge", "[strategy]\ntype = \"merge\"\nunique_key = [\"id\"]\nupdate_columns = [\"x\"]\n"},
    {"delete_insert", "[strategy]\ntype = \"delete_insert\"\npartition_by = [\"day\"]\n"},
    {"time_interval", R"([strategy]
type = "time_interval"
time_column = "day"
granularity = "day"
lookback = 1
batch_size = 7
first_partition = "2026-01-01"
)"},
    {"microbatch", R"([strategy]
type = "microbatch"
timestamp_column = "ts"
granularity = "hour"
lookback = 2
first_partition = "2026-01-01T00"
)"},
    {"ephemeral", "strategy = { type = \"ephemeral\" }\n"},
    {"view", "strategy = { type = \"view\" }\n"},
    {"materialized_view", "strategy = { type = \"materialized_view\" }\n"},
    {"dynamic_table",
     "[strategy]\ntype = \"dynamic_table\"\ntarget_lag = \"5 minutes\"\nwarehouse = \"WH\"\n"},
    {"not_null", "[[tests]]\ntype = \"not_null\"\ncolumn = \"id\"\nseverity = \"warning\"\n"},
    {"unique", "[[tests]]\ntype = \"unique\"\ncolumn = \"id\"\n"},
    {"accepted_values",
     "[[tests]]\ntype = \"accepted_values\"\ncolumn = \"s\"\nvalues = [\"a\", \"b\"]\n"},
    {"relationships", R"([[tests]]
type = "relationships"
column = "customer_id"
to_table = "customers"
to_column = "id"
)"},
    {"expression", "[[tests]]\ntype = \"expression\"\nexpression = \"amount >= 0\"\n"},
    {"row_count_range", "[[tests]]\ntype = \"row_count_range\"\nmin = 1\nmax = 10\n"},
};

std::vector<DeclaredKey> ReadModelSample(const Sample& sample) {
  std::vector<DeclaredKey> declared;
  auto root = config::ParseToml(sample.toml, "models/orders.toml");
  EXPECT_TRUE(root) << sample.label;
  if (!root) return declared;
  config::TomlDocumentReader doc(*root, "models/orders.toml");
  doc.RecordDeclaredKeys(&declared);
  ModelConfig config;
  ReadModelConfig(doc.Root(), ConfigLevel::kModel, config);
  for (const auto& e : doc.errors()) ADD_FAILURE() << sample.label << ": " << e.Located();
  for (const auto& u : doc.UnknownKeys()) ADD_FAILURE() << sample.label << ": " << u.Located();
  return declared;
}

void ExpectNoMismatches(std::span<const config::ConfigKeyDoc> rows,
                        const std::vector<KeySample>& samples) {
  for (const std::string& mismatch :
       config::KeyTableMismatches(rows, samples, "src/project/project_file_keys.cc"))
    ADD_FAILURE() << mismatch;
}

TEST(ProjectFileKeys, ModelSidecarReferenceMatchesTheReader) {
  std::vector<KeySample> samples;
  for (const Sample& sample : kModelSamples)
    samples.push_back(KeySample{std::string(sample.label), ReadModelSample(sample)});
  ExpectNoMismatches(ModelFileKeyDocs(), samples);
}

TEST(ProjectFileKeys, ContractReferenceMatchesTheReader) {
  KeySample sample{"contract", {}};
  ContractLoad load = ParseContract(R"([[columns]]
name = "id"
type = "Int64"
nullable = false
description = "Order id."
[rules]
required = ["id"]
protected = ["id"]
no_new_nullable = true
)",
                                    "models/orders.contract.toml", {}, &sample.declared);
  for (const auto& d : load.diagnostics) ADD_FAILURE() << d.code << " " << d.message;
  ExpectNoMismatches(ContractKeyDocs(), {sample});
}

TEST(ProjectFileKeys, SeedSidecarReferenceMatchesTheReader) {
  KeySample sample{"seed", {}};
  auto seed = ParseSeedSidecar(R"toml(name = "orders"
target = { catalog = "c", schema = "raw", table = "orders" }
column_types = { amount = "DECIMAL(10,2)" }
)toml",
                               "seeds/orders.toml", &sample.declared);
  ASSERT_TRUE(seed) << seed.error().message;
  EXPECT_TRUE(seed->warnings.empty());
  ExpectNoMismatches(SeedSidecarKeyDocs(), {sample});
}

}  // namespace
}  // namespace rocky::project
