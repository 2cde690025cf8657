SELECT id, customer_id, amount FROM stg_orders WHERE amount > 100
