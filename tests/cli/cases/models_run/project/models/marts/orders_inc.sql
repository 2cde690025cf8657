SELECT id, customer_id, amount, ordered_at FROM stg_orders
