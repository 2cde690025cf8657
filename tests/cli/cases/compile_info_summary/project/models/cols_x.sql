SELECT id, name FROM raw.users_x
