SELECT id FROM wh.stg.orders
