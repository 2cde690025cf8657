SELECT id, name, tier FROM raw.customers
