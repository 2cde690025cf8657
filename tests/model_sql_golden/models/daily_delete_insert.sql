---toml
[strategy]
type = "delete_insert"
partition_by = ["day"]
---
SELECT CAST(updated_at AS DATE) AS day, SUM(amount) AS total FROM stg_orders GROUP BY 1
