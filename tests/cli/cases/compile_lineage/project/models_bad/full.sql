SELECT id, amount FROM base
