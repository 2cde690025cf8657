---toml
[strategy]
type = "microbatch"
timestamp_column = "updated_at"
---
SELECT id, amount, updated_at FROM stg_orders
