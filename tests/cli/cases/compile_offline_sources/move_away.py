# Takes the warehouse away (renames the DuckDB file), so what compile knows must come from the
# state store's source schema cache.
import os
os.rename("pg/playground.duckdb", "pg/playground.duckdb.away")
