DELETE FROM raw.orders
