SELECT * FROM stg_orders
