# Changes a macro body: models calling it must be expanded again (the compile cache keys on it).
with open("macros/usd.sql", "w") as f:
    f.write("-- @macro usd(col, places)\nROUND(@cents_to_dollars({col}) * 1.0, {places})\n")
