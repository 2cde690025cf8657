-- For `rocky test`: the bronze table the models read, in the in-memory database.
CREATE SCHEMA staging__orders;
CREATE TABLE staging__orders.orders AS SELECT i AS order_id, i % 3 AS customer_id, i * 10 AS amount FROM range(1, 10) t(i);
