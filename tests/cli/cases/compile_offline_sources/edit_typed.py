# Edits the model so that it satisfies its contract (the compile cache must notice).
with open("models_typed/typed.sql", "w") as f:
    f.write("SELECT order_id, CAST(amount AS VARCHAR) AS amount FROM raw__orders.orders\n")
