SELECT customer_id, COUNT(*) AS orders, SUM(amount) AS total
FROM staging__orders.orders
GROUP BY customer_id
