SELECT id, customer_id, amount, updated_at
FROM raw.orders
WHERE amount IS NOT NULL
