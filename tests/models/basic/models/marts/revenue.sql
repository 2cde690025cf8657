SELECT SUM(order_count) AS orders FROM customer_orders CROSS JOIN payments
