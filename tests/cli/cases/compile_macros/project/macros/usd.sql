-- @macro usd(col, places)
ROUND(@cents_to_dollars({col}), {places})
