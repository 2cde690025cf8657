SELECT order_id, amount FROM raw__orders.orders
