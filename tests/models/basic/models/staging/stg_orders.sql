
-- Orders, cleaned.
SELECT order_id, customer_id, amount, _synced_at
FROM raw.orders ;

