SELECT SUM(amount) AS revenue FROM wh.silver.stg_orders_inc
