SELECT COUNT(*) AS n FROM paid_orders
