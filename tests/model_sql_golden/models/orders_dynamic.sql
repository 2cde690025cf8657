---toml
[strategy]
type = "dynamic_table"
target_lag = "5 minutes"
warehouse = "transform_wh"
---
SELECT customer_id, COUNT(*) AS n FROM stg_orders GROUP BY customer_id
