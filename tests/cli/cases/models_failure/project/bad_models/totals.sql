SELECT SUM(amount) AS total FROM raw.orders
