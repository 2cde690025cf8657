-- Landed data for the local test engine (rocky test). A ';' inside a string or a comment
-- does not end a statement.
CREATE SCHEMA raw;
CREATE TABLE raw.customers (id INTEGER, name VARCHAR);
INSERT INTO raw.customers VALUES (10, 'Ada'), (20, 'Grace; Hopper'), (30, 'Edsger');
CREATE TABLE raw.orders (id INTEGER, customer_id INTEGER, status VARCHAR, amount DECIMAL(10, 2));
INSERT INTO raw.orders VALUES
  (1, 10, 'open', 40.00),
  (2, 10, 'shipped', 250.00),
  (3, 20, 'shipped', 120.00),
  (4, 30, 'cancelled', 15.50);
