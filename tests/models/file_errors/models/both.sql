---toml
intent = "frontmatter"
---
SELECT 1
