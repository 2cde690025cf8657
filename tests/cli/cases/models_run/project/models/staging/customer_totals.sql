SELECT customer_id, COUNT(*) AS orders, SUM(amount) AS total
FROM stg_orders
GROUP BY customer_id
