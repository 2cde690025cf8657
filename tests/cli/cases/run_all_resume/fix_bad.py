"""Fixes models/bad.sql (its cast now succeeds)."""
with open("models/bad.sql", "w") as f:
    f.write("SELECT CAST(id AS INTEGER) AS s FROM wh.stg.orders\n")
