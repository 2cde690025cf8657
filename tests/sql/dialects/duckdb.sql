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
PIVOT Cities ON Year USING SUM(Population) GROUP BY Country
PIVOT Cities ON Year IN (2000, 2010) USING SUM(Population) AS total, MAX(Population) AS max
UNPIVOT monthly_sales ON jan, feb INTO NAME month VALUE sales
SELECT * FROM (PIVOT Cities ON Year USING SUM(Population)) AS p
SELECT * FROM foo: bar
SELECT * FROM t WHERE x > 1 USING SAMPLE 10%
SELECT * FROM t USING SAMPLE 10 PERCENT (bernoulli)
SELECT * FROM (DESCRIBE t)
WITH 'x' AS (SELECT 1 AS a) SELECT * FROM x
WITH RECURSIVE t(a) USING KEY (a) AS (SELECT 1) SELECT * FROM t
SELECT * FROM t WHERE x ~~ 'a%' AND y !~~* 'b%'
SELECT * FROM t WHERE name ~ '[a-z]+'
SELECT a ~~~ '*.csv' FROM t
SELECT l && [1, 2] FROM t
SELECT * FROM t WHERE 'red' IN flags
SELECT SUM(x) FILTER (x = 1) FROM t
SELECT RANK(ORDER BY x) OVER () FROM t
SELECT total: a + b FROM t
SELECT COLUMNS('m\d+') FROM t
SELECT COALESCE(*COLUMNS(*)) FROM t
SELECT * LIKE 'col%' FROM t
SELECT #1 FROM t
SELECT l[1:5:2] FROM t
SELECT [x * 2 FOR x IN l IF x > 1] FROM t
SELECT ARRAY(SELECT id FROM u) FROM t
SELECT CAST(u AS UNION(a INT, b VARCHAR)) FROM t
SELECT 1 AS 'one'
SELECT @x FROM t
SELECT a <-> b, a <=> b FROM t
MERGE INTO t USING s USING (id) WHEN MATCHED THEN UPDATE WHEN NOT MATCHED THEN INSERT
MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE BY NAME WHEN NOT MATCHED THEN INSERT BY POSITION
MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED THEN INSERT DEFAULT VALUES
MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN ERROR 'duplicate' RETURNING *
CREATE TABLE t (x FLOAT, two_x AS (2 * x))
INSERT OR IGNORE INTO t VALUES (1)
INSERT INTO t VALUES (1, 2) ON CONFLICT (id) DO UPDATE SET b = excluded.b
