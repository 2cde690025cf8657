SELECT CAST(CASE WHEN status = 'paid' THEN order_at END AS DATE) AS order_date, order_id
FROM raw.orders
WHERE loaded_at >= @start_date AND loaded_at < @end_date
