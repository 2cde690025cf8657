WITH named AS (
    SELECT c.name, b.amount
    FROM big_orders AS b
    JOIN customers AS c ON c.id = b.customer_id
)
SELECT name, SUM(amount) AS big_amount FROM named GROUP BY name
