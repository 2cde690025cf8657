SELECT SUM(amount) AS total FROM stg_orders
