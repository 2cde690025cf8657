---toml
[strategy]
type = "ephemeral"
---
SELECT * FROM stg_orders WHERE updated_at > TIMESTAMP '2026-01-01 00:00:00'
