SELECT CAST(status AS INTEGER) AS s FROM wh.stg.orders
