"""Adds a dynamic-table model to the models folder given."""
import os
import sys

folder = sys.argv[1]
with open(os.path.join(folder, "orders_by_status.sql"), "w") as f:
    f.write("SELECT status, COUNT(*) AS orders\nFROM stg_orders\nGROUP BY status\n")
with open(os.path.join(folder, "orders_by_status.toml"), "w") as f:
    f.write('[strategy]\ntype = "dynamic_table"\ntarget_lag = "60 minutes"\n')
