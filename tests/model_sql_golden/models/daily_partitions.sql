---toml
[strategy]
type = "time_interval"
time_column = "day"
granularity = "day"
---
SELECT CAST(updated_at AS DATE) AS day, SUM(amount) AS total
FROM stg_orders
WHERE updated_at >= @start_date AND updated_at < @end_date
GROUP BY 1
