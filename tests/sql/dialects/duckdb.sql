-- Statements DuckDB accepts that Databricks and Snowflake reject or read differently.
-- One per line; src/sql/dialect_test.cc checks all three engines (and the round trip).
FROM orders
FROM orders SELECT id
FROM orders WHERE amount > 10
FROM t LIMIT 5
FROM a, b SELECT a.x
SELECT * FROM a POSITIONAL JOIN b
SELECT * FROM trades ASOF JOIN quotes ON trades.ts >= quotes.ts
SELECT * FROM trades ASOF LEFT JOIN quotes ON trades.ts >= quotes.ts AND trades.sym = quotes.sym
SELECT 7 // 2
SELECT x // 2 + 1 FROM t
SELECT 2 ** 10
SELECT MAP {'k': 1}
SELECT MAP {'a': [1, 2]}
SELECT list_transform([1, 2], lambda x: x + 1)
SELECT list_filter(l, lambda x: x > 1) FROM t
SELECT * FROM t USING SAMPLE 10%
SELECT * FROM t USING SAMPLE 50 ROWS
SELECT * FROM t TABLESAMPLE 10%
SELECT E'a\nb'
SELECT E'\t' || 'x'
SELECT $tag$it's$tag$
SELECT x::INT[] FROM t
SELECT CAST(x AS INTEGER[]) FROM t
SELECT CAST(x AS INT[3]) FROM t
SELECT CAST(s AS STRUCT(a INT, b VARCHAR)) FROM t
SELECT x::STRUCT(a INT) FROM t
SELECT j ->> 'name' FROM t
SELECT j -> 'a' FROM t
SELECT j ->> '$.a' FROM t WHERE j -> 'b' IS NOT NULL
SELECT 'abc' ^@ 'a'
SELECT DISTINCT ON (a) a, b FROM t
SELECT DISTINCT ON (a, b) * FROM t ORDER BY a
SELECT * FROM 'data.parquet'
SELECT * FROM 's3://bucket/file.csv' AS f
INSERT OR REPLACE INTO t VALUES (1)
INSERT OR REPLACE INTO t SELECT * FROM u
SELECT l[1:2] FROM t
SELECT l[:2] FROM t
SELECT l[2:] FROM t
SELECT a FROM t WHERE a GLOB '*.csv'
SELECT a SIMILAR TO 'x%' FROM t
SELECT struct_pack(a := 1)
SELECT 1_000_000
SELECT 1_000.5
SELECT * FROM t LIMIT 10%
SELECT a FROM t1 UNION BY NAME SELECT a FROM t2
SELECT a FROM t1 UNION ALL BY NAME SELECT a FROM t2
MERGE INTO t USING s USING (id) WHEN MATCHED THEN UPDATE WHEN NOT MATCHED THEN INSERT
MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE BY NAME WHEN NOT MATCHED THEN INSERT BY POSITION
MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED THEN INSERT DEFAULT VALUES
MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN ERROR 'duplicate' RETURNING *
CREATE TABLE t (x FLOAT, two_x AS (2 * x))
INSERT OR IGNORE INTO t VALUES (1)
INSERT INTO t VALUES (1, 2) ON CONFLICT (id) DO UPDATE SET b = excluded.b
