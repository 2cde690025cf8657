-- @macro cents_to_dollars(col)
CAST({col} AS DOUBLE) / 100
