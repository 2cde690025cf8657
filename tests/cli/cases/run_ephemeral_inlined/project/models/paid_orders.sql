SELECT order_id, customer_id, amount FROM stg_orders WHERE amount > 0
