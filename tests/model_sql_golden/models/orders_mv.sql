---toml
[strategy]
type = "materialized_view"
---
SELECT customer_id, SUM(amount) AS total FROM stg_orders GROUP BY customer_id
