#include "cli/project_templates.h"

#include <fmt/format.h>

namespace rocky::cli {

namespace {

// ---- init ---------------------------------------------------------------------------------

constexpr std::string_view kInitDuckDbConfig = R"(# Rocky project on embedded DuckDB. Every key: `make docs`, then reference/config.html.
[adapter]
type = "duckdb"
path = "playground.duckdb"

[pipeline]
source.schema_pattern = { prefix = "raw__", separator = "__", components = ["source"] }
target = { catalog_template = "playground", schema_template = "staging__{source}" }
)";

constexpr std::string_view kInitDatabricksConfig = R"(# Rocky project: Fivetran discovery, Databricks warehouse.
# Credentials come from the environment; nothing secret belongs in this file.
[adapter.dbx]
type = "databricks"
host = "${DATABRICKS_HOST}"
http_path = "${DATABRICKS_HTTP_PATH}"      # token from DATABRICKS_TOKEN

[adapter.fivetran]
type = "fivetran"
destination_id = "${FIVETRAN_DESTINATION_ID}"
api_key = "${FIVETRAN_API_KEY}"
api_secret = "${FIVETRAN_API_SECRET}"
base_url = "${FIVETRAN_BASE_URL:-https://api.fivetran.com}"

[pipeline.bronze]
strategy = "incremental"
metadata_columns = [{ name = "_loaded_by", type = "STRING", value = "'rocky'" }]

[pipeline.bronze.source]
adapter = "dbx"
catalog = "${FIVETRAN_CATALOG:-fivetran}"
schema_pattern = { prefix = "src__", separator = "__", components = ["tenant", "regions...", "source"] }
discovery = { adapter = "fivetran" }

[pipeline.bronze.target]
adapter = "dbx"
catalog_template = "{tenant}_warehouse"
schema_template = "staging__{regions}__{source}"
governance = { auto_create_catalogs = true, auto_create_schemas = true, tag_prefix = "rocky_" }

[pipeline.bronze.checks]
row_count = true
column_match = true
freshness = { threshold_seconds = 86400 }

# Models (silver, gold): add models/<name>.sql (a SELECT over the bronze tables, named as
# `rocky plan` shows them, and over other models by bare name) with an optional
# models/<name>.toml sidecar, and models/_defaults.toml for the folder, e.g.
#   [target]
#   catalog = "analytics"
#   schema = "silver"
# `rocky compile` checks them against the warehouse; `rocky run --all` copies the bronze layer,
# then builds the models (creating their catalog and schema as the governance flags above allow).
)";

constexpr std::string_view kInitSnowflakeConfig = R"(# Rocky project on Snowflake (SQL API). Use key-pair, OAuth or a programmatic access token.
# `rocky run` copies the landed raw__* schemas of RAW into ANALYTICS.staging__*; `rocky run --all`
# then builds the models of models/ in ANALYTICS.SILVER. Every key: reference/config.html of
# the documentation site (`make docs`).
[adapter.sf]
type = "snowflake"
account = "${SNOWFLAKE_ACCOUNT}"
warehouse = "${SNOWFLAKE_WAREHOUSE:-COMPUTE_WH}"
username = "${SNOWFLAKE_USER}"
private_key_path = "${SNOWFLAKE_PRIVATE_KEY_PATH}"
role = "${SNOWFLAKE_ROLE:-TRANSFORMER}"

[pipeline.bronze]
strategy = "incremental"

[pipeline.bronze.source]
adapter = "sf"
catalog = "${SNOWFLAKE_RAW_DATABASE:-RAW}"
schema_pattern = { prefix = "raw__", separator = "__", components = ["source"] }

[pipeline.bronze.source.discovery]
adapter = "manual"

[pipeline.bronze.target]
adapter = "sf"
catalog_template = "ANALYTICS"
schema_template = "staging__{source}"
# Creates the staging__* schemas, and the models' SILVER schema on `rocky run --all`.
governance = { auto_create_schemas = true }

[adapter.manual]
type = "manual"

[[adapter.manual.schemas]]
name = "raw__orders"
tables = ["orders"]
)";

// Snowflake: the models land next to the bronze layer and read its copy of the landed orders.
constexpr std::string_view kInitSnowflakeDefaults = R"(# Folder defaults for every model below this folder (a model's sidecar wins).
[target]
catalog = "ANALYTICS"
schema = "SILVER"
)";

constexpr std::string_view kInitDefaults = R"(# Folder defaults for every model below this folder (a model's sidecar wins).
[target]
catalog = "playground"
schema = "silver"
)";

// The init templates' staging model, reading the orders from `from`.
std::string InitStgOrdersSql(std::string_view from) {
  return fmt::format(R"(SELECT
    order_id,
    customer_id,
    CAST(amount AS DECIMAL(10, 2)) AS amount,
    lower(status) AS status,
    order_date
FROM {}
WHERE order_id IS NOT NULL
)",
                     from);
}

constexpr std::string_view kInitStgOrdersToml = R"(intent = "One row per order, cleaned from the seed data."

[strategy]
type = "full_refresh"

[[tests]]
type = "not_null"
column = "order_id"

[[tests]]
type = "unique"
column = "order_id"
)";

constexpr std::string_view kInitOrdersCsv = R"(order_id,customer_id,amount,status,order_date
1,1,19.99,SHIPPED,2026-01-02
2,2,5.00,pending,2026-01-03
3,1,42.50,delivered,2026-01-05
4,3,7.25,returned,2026-01-08
5,2,120.00,shipped,2026-01-09
)";

// ---- playground (quickstart) --------------------------------------------------------------

constexpr std::string_view kPlaygroundConfig = R"(# Rocky playground: everything runs in one local DuckDB file, playground.duckdb.
#
# Landed data sits in raw__<source> schemas (data/seed.sql made them: raw__orders, raw__customers).
# The replication pipeline below copies every landed table into staging__<source> (the bronze
# layer), incrementally on _fivetran_synced. The models in models/ build silver and gold tables.
#
#   rocky discover     what landed
#   rocky plan         the SQL a run would execute
#   rocky run          copy the landed tables (bronze)
#   rocky run --all    bronze, then the models in models/ (silver, gold)
#   rocky test         build every model in an in-memory DuckDB from data/seed.sql
#   rocky validate     check this file

[adapter]
type = "duckdb"
path = "playground.duckdb"

[pipeline.bronze]
type = "replication"
strategy = "incremental"
timestamp_column = "_fivetran_synced"
metadata_columns = [{ name = "_loaded_by", type = "VARCHAR", value = "'rocky'" }]

[pipeline.bronze.source]
schema_pattern = { prefix = "raw__", separator = "__", components = ["source"] }

[pipeline.bronze.target]
catalog_template = "playground"
schema_template = "staging__{source}"

[pipeline.bronze.checks]
row_count = true
column_match = true
freshness = { threshold_seconds = 86400 }
)";

constexpr std::string_view kPlaygroundSeed = R"(-- Landed data for the playground, as an ingestion tool would leave it: one schema per source
-- (raw__<source>) with a _fivetran_synced column. The rows are the same every time; the sync
-- times are relative to the load (the last few hours), so freshness checks pass.
CREATE SCHEMA IF NOT EXISTS raw__customers;
CREATE SCHEMA IF NOT EXISTS raw__orders;

CREATE OR REPLACE TABLE raw__customers.customers AS
SELECT
    i AS customer_id,
    'Customer ' || i AS name,
    'customer' || i || '@example.com' AS email,
    CASE i % 3 WHEN 0 THEN 'EU' WHEN 1 THEN 'US' ELSE 'APAC' END AS region,
    date_trunc('second', CAST(now() AS TIMESTAMP)) - INTERVAL (120 - i) MINUTE AS _fivetran_synced
FROM range(1, 51) AS t(i);

CREATE OR REPLACE TABLE raw__orders.orders AS
SELECT
    i AS order_id,
    1 + (i * 7) % 50 AS customer_id,
    CAST(10 + (i * 37) % 490 + ((i * 13) % 100) / 100.0 AS DECIMAL(10, 2)) AS amount,
    CASE i % 4 WHEN 0 THEN 'pending' WHEN 1 THEN 'shipped' WHEN 2 THEN 'delivered' ELSE 'returned' END
        AS status,
    DATE '2026-01-01' + CAST(i % 90 AS INTEGER) AS order_date,
    date_trunc('second', CAST(now() AS TIMESTAMP)) - INTERVAL (600 - i) MINUTE AS _fivetran_synced
FROM range(1, 501) AS t(i);
)";

constexpr std::string_view kPlaygroundDefaults = R"(# Folder defaults: every model lands in playground.silver unless its sidecar says otherwise.
[target]
catalog = "playground"
schema = "silver"
)";

constexpr std::string_view kPlaygroundStgOrdersSql = R"(-- Staging: typed, cleaned orders from the landed data. Returned orders are left out.
SELECT
    order_id,
    customer_id,
    CAST(amount AS DECIMAL(10, 2)) AS amount,
    lower(status) AS status,
    order_date
FROM raw__orders.orders
WHERE status <> 'returned' AND customer_id IS NOT NULL
)";

constexpr std::string_view kPlaygroundStgOrdersToml = R"(intent = "One row per non-returned order, typed and cleaned."

[strategy]
type = "full_refresh"

[[tests]]
type = "not_null"
column = "order_id"

[[tests]]
type = "unique"
column = "order_id"

[[tests]]
type = "accepted_values"
column = "status"
values = ["pending", "shipped", "delivered"]
)";

constexpr std::string_view kPlaygroundCustomerOrders = R"(-- Silver: one row per customer with order totals, written in the .rocky pipeline language.
from stg_orders
group customer_id {
    order_count: count(order_id),
    total_amount: sum(amount),
    first_order: min(order_date),
    last_order: max(order_date)
}
)";

constexpr std::string_view kPlaygroundCustomerOrdersToml = R"(intent = "Order count and revenue per customer."

[strategy]
type = "full_refresh"
)";

constexpr std::string_view kPlaygroundTiersSql = R"(-- Gold: customers ranked into revenue tiers.
SELECT
    customer_id,
    order_count,
    total_amount,
    CASE
        WHEN total_amount >= 2500 THEN 'gold'
        WHEN total_amount >= 1000 THEN 'silver'
        ELSE 'bronze'
    END AS tier
FROM customer_orders
)";

constexpr std::string_view kPlaygroundTiersToml = R"(intent = "Revenue tier per customer, for the sales team."

[target]
schema = "gold"

[strategy]
type = "full_refresh"

[[tests]]
type = "accepted_values"
column = "tier"
values = ["gold", "silver", "bronze"]
)";

constexpr std::string_view kPlaygroundTiersContract = R"(# What consumers of customer_tiers rely on. `rocky compile` checks it against inferred types.
[[columns]]
name = "customer_id"
type = "Int64"
nullable = false

[[columns]]
name = "tier"
type = "String"

[rules]
required = ["customer_id", "tier", "total_amount"]
protected = ["customer_id"]
)";

constexpr std::string_view kGitignore = R"(*.duckdb
*.duckdb.wal
.rocky/
)";

}  // namespace

std::vector<TemplateFile> InitTemplate(std::string_view name) {
  if (name == "duckdb") {
    return {{"rocky.toml", std::string(kInitDuckDbConfig)},
            {"models/_defaults.toml", std::string(kInitDefaults)},
            {"models/stg_orders.sql", InitStgOrdersSql("seeds.orders")},
            {"models/stg_orders.toml", std::string(kInitStgOrdersToml)},
            {"seeds/orders.csv", std::string(kInitOrdersCsv)}};
  }
  if (name == "databricks-fivetran") {
    // No models folder: the tables a model could read depend on the user's connectors, and an
    // empty folder is an error (models.md §1). rocky.toml says how to add the first model.
    return {{"rocky.toml", std::string(kInitDatabricksConfig)}};
  }
  if (name == "snowflake") {
    return {{"rocky.toml", std::string(kInitSnowflakeConfig)},
            {"models/_defaults.toml", std::string(kInitSnowflakeDefaults)},
            {"models/stg_orders.sql", InitStgOrdersSql("ANALYTICS.staging__orders.orders")},
            {"models/stg_orders.toml", std::string(kInitStgOrdersToml)}};
  }
  return {};
}

std::vector<TemplateFile> PlaygroundTemplate(std::string_view name) {
  if (name != "quickstart") return {};
  return {{"rocky.toml", std::string(kPlaygroundConfig)},
          {".gitignore", std::string(kGitignore)},
          {"data/seed.sql", std::string(kPlaygroundSeed)},
          {"models/_defaults.toml", std::string(kPlaygroundDefaults)},
          {"models/stg_orders.sql", std::string(kPlaygroundStgOrdersSql)},
          {"models/stg_orders.toml", std::string(kPlaygroundStgOrdersToml)},
          {"models/customer_orders.rocky", std::string(kPlaygroundCustomerOrders)},
          {"models/customer_orders.toml", std::string(kPlaygroundCustomerOrdersToml)},
          {"models/customer_tiers.sql", std::string(kPlaygroundTiersSql)},
          {"models/customer_tiers.toml", std::string(kPlaygroundTiersToml)},
          {"models/customer_tiers.contract.toml", std::string(kPlaygroundTiersContract)}};
}

}  // namespace rocky::cli
