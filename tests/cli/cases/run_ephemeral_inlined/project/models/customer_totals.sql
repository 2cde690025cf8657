SELECT customer_id, SUM(amount) AS total FROM paid_orders GROUP BY customer_id
