WITH t AS (SELECT 1 AS id, 'x' AS name) SELECT * FROM t
