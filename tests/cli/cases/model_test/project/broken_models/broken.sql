SELECT id, no_such_column FROM raw.orders
