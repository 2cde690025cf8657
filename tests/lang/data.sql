-- Sample data for the .rocky equivalence tests (src/lang/golden_test.cc): every golden case and
-- every dsl.md example runs on DuckDB against these tables, next to a hand-written SQL twin.
-- NULLs, ties and unmatched join keys are deliberate.
CREATE TABLE orders (
  id INTEGER, customer_id INTEGER, amount DECIMAL(10, 2), status VARCHAR, order_date DATE,
  discount DECIMAL(10, 2)
);
INSERT INTO orders VALUES
  (1, 10, 1200.00, 'shipped', DATE '2025-01-03', 0.00),
  (2, 10, 80.50, 'cancelled', DATE '2025-01-04', 5.00),
  (3, 11, 300.00, 'shipped', DATE '2025-01-04', NULL),
  (4, 12, 45.00, NULL, DATE '2025-01-05', 1.50),
  (5, 13, 2500.00, 'pending', DATE '2025-01-06', 100.00),
  (6, 11, 99.99, 'shipped', DATE '2025-01-06', 0.00),
  (7, 14, NULL, 'pending', DATE '2025-01-07', 0.00),
  (8, 10, 640.00, 'returned', DATE '2025-01-08', 40.00),
  (9, 15, 15.25, 'shipped', DATE '2025-01-09', 0.25),
  (10, 12, 1000.00, 'cancelled', DATE '2025-01-09', 0.00),
  (11, 11, 300.00, 'shipped', DATE '2025-01-10', 10.00),
  (12, NULL, 70.00, 'shipped', DATE '2025-01-11', 0.00);

CREATE TABLE raw_orders AS SELECT id, customer_id, amount, status FROM orders;

CREATE TABLE customers (customer_id INTEGER, name VARCHAR, country VARCHAR, segment VARCHAR);
INSERT INTO customers VALUES
  (10, 'Ada', 'FR', 'enterprise'),
  (11, 'Brian', 'US', 'smb'),
  (12, 'Chen', 'CN', NULL),
  (13, 'Dana', 'US', 'enterprise'),
  (16, 'Eve', 'DE', 'smb');

CREATE TABLE countries (country VARCHAR, region VARCHAR);
INSERT INTO countries VALUES ('FR', 'EMEA'), ('DE', 'EMEA'), ('US', 'AMER'), ('BR', 'AMER');

CREATE TABLE users (id INTEGER, name VARCHAR, is_active BOOLEAN, signup DATE, score INTEGER);
INSERT INTO users VALUES
  (1, 'ann', TRUE, DATE '2024-12-30', 7),
  (2, 'bob', TRUE, DATE '2025-01-01', NULL),
  (3, 'cid', FALSE, DATE '2025-02-14', 3),
  (4, 'dee', NULL, DATE '2025-03-01', 9),
  (5, 'eli', TRUE, DATE '2025-03-15', 3),
  (6, 'it''s', TRUE, NULL, 1);

CREATE TABLE events (
  id INTEGER, kind VARCHAR, ts TIMESTAMP, gross DECIMAL(10, 2), fees DECIMAL(10, 2),
  tax DECIMAL(10, 2), user_id INTEGER
);
INSERT INTO events VALUES
  (1, 'click', TIMESTAMP '2025-06-15 11:59:59', 10.00, 1.00, 2.00, 1),
  (2, 'debug', TIMESTAMP '2025-06-15 12:00:00', 50.00, 0.00, 0.00, 1),
  (3, 'view', TIMESTAMP '2025-06-15 12:00:00', 5.00, 4.00, 2.00, 2),
  (4, 'buy', TIMESTAMP '2025-06-16 08:30:00.250', 120.00, 3.50, 20.00, 2),
  (5, 'trace', TIMESTAMP '2025-06-17 00:00:00', 9.00, 0.00, 1.00, 3),
  (6, NULL, TIMESTAMP '2025-06-18 10:00:00', 40.00, 5.00, 5.00, 3),
  (7, 'buy', TIMESTAMP '2025-06-19 10:00:00', 75.00, 2.00, 10.00, 5),
  (8, 'view', NULL, 3.00, 0.00, 0.00, 5),
  (9, 'buy', TIMESTAMP '2025-06-20 09:15:00', 1000.00, 12.00, 150.00, 1);
