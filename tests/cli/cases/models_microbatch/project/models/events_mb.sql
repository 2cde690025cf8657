SELECT id, amount, ts FROM raw.events
