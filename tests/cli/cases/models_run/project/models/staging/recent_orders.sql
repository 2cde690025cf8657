---toml
[strategy]
type = "ephemeral"
---
SELECT * FROM stg_orders WHERE ordered_at >= TIMESTAMP '2026-01-15 00:00:00'
