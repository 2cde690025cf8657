-- The time column is a cast of a source column. Its partitions are picked by load time.
SELECT CAST(order_at AS DATE) AS order_date, order_id, amount
FROM raw.orders
WHERE loaded_at >= @start_date AND loaded_at < @end_date
