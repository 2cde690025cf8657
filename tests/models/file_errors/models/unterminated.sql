---toml
name = "x"
SELECT 1
