---toml
[strategy]
type = "merge"
unique_key = ["customer_id", "region"]
update_columns = ["total"]
---
SELECT customer_id, region, SUM(amount) AS total FROM stg_orders JOIN raw.customers USING (customer_id) GROUP BY 1, 2
