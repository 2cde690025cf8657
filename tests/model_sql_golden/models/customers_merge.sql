---toml
[strategy]
type = "merge"
unique_key = ["customer_id"]
---
SELECT customer_id, MAX(updated_at) AS last_order_at FROM stg_orders GROUP BY customer_id
