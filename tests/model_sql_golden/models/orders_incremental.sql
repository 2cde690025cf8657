---toml
[strategy]
type = "incremental"
timestamp_column = "updated_at"
---
SELECT * FROM stg_orders
