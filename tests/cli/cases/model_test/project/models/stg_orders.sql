-- Staging: typed orders.
SELECT id, customer_id, lower(status) AS status, amount
FROM raw.orders
