SELECT CAST(order_at AS DATE) AS order_date, order_id
FROM raw.orders
