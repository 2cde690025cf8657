SELECT id FROM raw.customers
