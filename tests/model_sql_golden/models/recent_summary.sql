WITH by_customer AS (
  SELECT customer_id, COUNT(*) AS n FROM recent_orders GROUP BY customer_id
)
SELECT * FROM by_customer
