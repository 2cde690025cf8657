-- Orders with a positive amount; the timestamp typed.
SELECT id, customer_id, amount, CAST(ordered_at AS TIMESTAMP) AS ordered_at
FROM raw.orders
WHERE amount > 0
