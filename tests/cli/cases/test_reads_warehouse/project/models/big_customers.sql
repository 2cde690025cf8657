SELECT customer_id, total
FROM customer_totals
WHERE total > 130
