// The configuration reference (config_keys.cc) against the loader: a sample of every adapter and
// pipeline type is loaded with key recording on, and every key the loader declares must have a
// row (same table, type, default, and a row whose `applies_to` names the sample's type), and
// every row must be declared by some sample. Removing a key from the loader, adding one without
// documenting it, or changing a default fails here.

#include "config/config_keys.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "config/config.h"
#include "config/toml_document.h"

namespace rocky::config {
namespace {

struct Sample {
  std::string_view label;  // adapter or pipeline type, matched against ConfigKeyDoc::applies_to
  std::string_view toml;   // sets every key of that type
};

constexpr Sample kSamples[] = {
    {"duckdb", R"([adapter.local]
type = "duckdb"
path = "warehouse.duckdb"
)"},
    {"databricks", R"([adapter.dbx]
type = "databricks"
host = "dbc-1.cloud.databricks.com"
http_path = "/sql/1.0/warehouses/abc"
token = "t"
client_id = "c"
client_secret = "s"
timeout_secs = 60
[adapter.dbx.retry]
max_retries = 2
initial_backoff_ms = 10
max_backoff_ms = 100
backoff_multiplier = 1.5
jitter = false
circuit_breaker_threshold = 3
circuit_breaker_cooldown_secs = 5
)"},
    {"snowflake", R"([adapter.sf]
type = "snowflake"
account = "org-acct"
warehouse = "WH"
username = "u"
oauth_token = "o"
private_key_path = "key.pem"
private_key_passphrase = "p"
token = "t"
role = "R"
database = "D"
schema = "S"
timeout_secs = 60
base_url = "http://127.0.0.1:1"
retry = { max_retries = 1 }
)"},
    {"fivetran", R"([adapter.ft]
type = "fivetran"
destination_id = "d"
api_key = "k"
api_secret = "s"
base_url = "http://127.0.0.1:1"
retry = { jitter = true }
)"},
    {"manual", R"([adapter.m]
type = "manual"
[[adapter.m.schemas]]
name = "raw__shop"
tables = ["orders"]
)"},
    {"process", R"([adapter.p]
type = "process"
command = "my-adapter"
args = ["--flag"]
env = { A = "1" }
config = { anything = 1 }
timeout_secs = 10
)"},
    {"replication", R"([pipeline.bronze]
type = "replication"
depends_on = []
strategy = "full_refresh"
timestamp_column = "_synced"
metadata_columns = [{ name = "_by", type = "STRING", value = "'rocky'" }]
[pipeline.bronze.source]
adapter = "a"
catalog = "c"
schema_pattern = { prefix = "src__", separator = "__", components = ["source"] }
discovery = { adapter = "a" }
[pipeline.bronze.target]
adapter = "a"
catalog_template = "c"
schema_template = "s_{source}"
separator = "_"
[pipeline.bronze.target.governance]
auto_create_catalogs = true
auto_create_schemas = true
tag_prefix = "rocky_"
tags = { team = "data" }
isolation = { enabled = true, workspace_ids = [{ id = 1, binding_type = "READ_ONLY" }] }
grants = [{ principal = "analysts", permissions = ["SELECT"] }]
schema_grants = [{ principal = "analysts", permissions = ["SELECT"] }]
[pipeline.bronze.checks]
enabled = true
row_count = true
column_match = true
freshness = { threshold_seconds = 3600, column = "_synced", overrides = { s = 60 } }
null_rate = { columns = ["id"], threshold = 0.1, sample_percent = 50 }
custom = [{ name = "n", sql = "SELECT 1", threshold = 0 }]
anomaly_threshold_pct = 30.0
[pipeline.bronze.execution]
concurrency = 4
fail_fast = true
error_rate_abort_pct = 20
table_retries = 0
adaptive_concurrency = true
)"},
    {"transformation", R"([pipeline.silver]
type = "transformation"
models = "models"
target = { adapter = "a", governance = { auto_create_catalogs = true, auto_create_schemas = true, tag_prefix = "x", tags = { a = "b" }, isolation = { enabled = true, workspace_ids = [{ id = 1, binding_type = "READ_ONLY" }] }, grants = [{ principal = "p", permissions = ["SELECT"] }], schema_grants = [{ principal = "p", permissions = ["SELECT"] }] } }
)"},
    {"quality", R"([pipeline.q]
type = "quality"
target = { adapter = "a" }
tables = [{ catalog = "c", schema = "s", table = "t" }]
checks = { null_rate = { threshold_pct = 5.0 } }
)"},
    {"snapshot", R"([pipeline.snap]
type = "snapshot"
unique_key = ["id"]
updated_at = "updated_at"
invalidate_hard_deletes = true
source = { adapter = "a", catalog = "c", schema = "s", table = "t" }
target = { adapter = "a", catalog = "c", schema = "snapshots", table = "t", governance = { auto_create_catalogs = true, auto_create_schemas = true, tag_prefix = "x", tags = { a = "b" }, isolation = { enabled = true, workspace_ids = [{ id = 1, binding_type = "READ_ONLY" }] }, grants = [{ principal = "p", permissions = ["SELECT"] }], schema_grants = [{ principal = "p", permissions = ["SELECT"] }] } }
)"},
    {"load", R"([pipeline.files]
type = "load"
source_dir = "data"
format = "csv"
target = { adapter = "a", catalog = "c", schema = "s", table = "t", governance = { auto_create_catalogs = true, auto_create_schemas = true, tag_prefix = "x", tags = { a = "b" }, isolation = { enabled = true, workspace_ids = [{ id = 1, binding_type = "READ_ONLY" }] }, grants = [{ principal = "p", permissions = ["SELECT"] }], schema_grants = [{ principal = "p", permissions = ["SELECT"] }] } }
options = { batch_size = 100, create_table = true, truncate_first = true, csv_delimiter = ";", csv_has_header = false }
)"},
    {"state", R"([state]
path = "state.db"
backend = "tiered"
s3_bucket = "b"
s3_prefix = "p/"
s3_region = "eu-west-1"
s3_endpoint = "http://127.0.0.1:1"
valkey_url = "redis://127.0.0.1:1"
valkey_prefix = "x:"
sync_interval_secs = 10
lock_ttl_secs = 30
)"},
    {"hooks", R"([[hook.on_pipeline_start]]
command = "echo start"
timeout_ms = 1000
on_failure = "abort"
env = { A = "1" }
[hook.webhooks.on_pipeline_error]
url = "https://hooks.example.com/x"
method = "PUT"
headers = { Authorization = "Bearer x" }
body_template = "{}"
secret = "s"
timeout_ms = 500
async = true
on_failure = "ignore"
retry_count = 2
retry_delay_ms = 10
preset = "pagerduty"
routing_key = "r"
)"},
    {"other", R"([cost]
storage_cost_per_gb_month = 0.03
compute_cost_per_dbu = 0.5
warehouse_size = "Large"
min_history_runs = 3
[cache]
memory_max_entries = 10
memory_ttl_secs = 10
valkey_url = "redis://127.0.0.1:1"
key_prefix = "k:"
valkey_ttl_secs = 10
discovery_ttl_secs = 0
publish_events = false
[ai]
provider = "openai"
model = "m"
api_key_env = "KEY"
base_url = "http://127.0.0.1:1/v1"
max_attempts = 2
max_tokens = 100
max_context_tokens = 2000
timeout_secs = 10
default_format = "sql"
)"},
};

std::vector<DeclaredKey> Declared(const Sample& sample) {
  std::vector<DeclaredKey> declared;
  ConfigLoad load = LoadConfigText(
      sample.toml, "proj/rocky.toml",
      [](const std::string&) -> std::optional<std::string> { return std::nullopt; }, &declared);
  for (const ConfigIssue& issue : load.issues)
    ADD_FAILURE() << "sample '" << sample.label << "': " << issue.code << " " << issue.message;
  return declared;
}

TEST(ConfigKeys, TheReferenceAndTheLoaderDeclareTheSameKeys) {
  std::vector<KeySample> samples;
  for (const Sample& sample : kSamples)
    samples.push_back(KeySample{std::string(sample.label), Declared(sample)});
  for (const std::string& mismatch :
       KeyTableMismatches(ConfigKeyDocs(), samples, "src/config/config_keys.cc"))
    ADD_FAILURE() << mismatch;
}

// The comparison itself: a missing row, an unused row, a wrong type and default are all found.
TEST(ConfigKeys, MismatchesAreReported) {
  constexpr ConfigKeyDoc kRows[] = {
      {"state", "path", "integer", "\"x\"", "", "Where."},
      {"state", "gone", "string", "", "", "Removed from the reader."},
  };
  std::vector<KeySample> samples = {
      {"s", {DeclaredKey{"state", "path", "string", "\"y\""},
             DeclaredKey{"state", "new_key", "boolean", std::nullopt}}}};
  std::vector<std::string> got = KeyTableMismatches(kRows, samples, "rows.cc");
  std::vector<std::string> want = {
      "the reader declares [state] new_key (sample 's') but rows.cc has no row for it",
      "[state] path: the reader reads a string, rows.cc says integer",
      "[state] path: the reader's default is \"y\", rows.cc says \"x\"",
      "rows.cc documents [state] gone but the reader never declares it: remove the row, or "
      "restore the key"};
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace rocky::config
