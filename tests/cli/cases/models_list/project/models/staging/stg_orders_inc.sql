---toml
depends_on = ["stg_orders"]
[strategy]
type = "incremental"
timestamp_column = "updated_at"
---
SELECT id, amount FROM wh.silver.stg_orders
