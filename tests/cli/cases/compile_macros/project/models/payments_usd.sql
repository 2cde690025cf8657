SELECT id, @usd(amount_cents, 1) AS amount_usd FROM payments
