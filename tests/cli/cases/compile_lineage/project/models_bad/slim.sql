SELECT id, name FROM base
