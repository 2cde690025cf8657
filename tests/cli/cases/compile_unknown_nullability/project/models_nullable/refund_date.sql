SELECT CAST(r.refunded_at AS DATE) AS refund_date, o.order_id
FROM raw.orders AS o
LEFT JOIN raw.refunds AS r ON r.order_id = o.order_id
WHERE o.loaded_at >= @start_date AND o.loaded_at < @end_date
