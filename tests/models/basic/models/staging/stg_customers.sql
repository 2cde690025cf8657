SELECT customer_id, region FROM raw.customers
