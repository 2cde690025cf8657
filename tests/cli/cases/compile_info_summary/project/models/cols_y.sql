SELECT id, name FROM raw.users_y
