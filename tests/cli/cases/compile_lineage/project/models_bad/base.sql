SELECT 1 AS id, 'a' AS name, 10.5 AS amount
