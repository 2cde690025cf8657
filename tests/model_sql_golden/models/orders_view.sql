---toml
[strategy]
type = "view"
---
SELECT id, amount FROM stg_orders o
