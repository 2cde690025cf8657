---toml
name = "payments"
depends_on = []

[strategy]
type = "full_refresh"
---
SELECT payment_id, amount FROM raw.payments;
