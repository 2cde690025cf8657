SELECT CAST(ordered_at AS DATE) AS day, COUNT(*) AS orders, SUM(amount) AS total
FROM stg_orders
GROUP BY 1
