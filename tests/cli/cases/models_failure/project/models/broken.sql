SELECT o.id, o.amount, e.note FROM stg_orders o JOIN raw.extra e ON e.id = o.id
