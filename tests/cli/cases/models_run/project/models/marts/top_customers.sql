SELECT t.customer_id, c.name, t.orders, t.total
FROM customer_totals t
JOIN raw.customers c ON c.id = t.customer_id
WHERE t.total > 100
