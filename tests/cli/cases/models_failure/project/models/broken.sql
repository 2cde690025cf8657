SELECT id, amount, no_such_column FROM stg_orders
