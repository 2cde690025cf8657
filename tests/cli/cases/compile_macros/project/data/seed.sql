CREATE TABLE payments AS SELECT * FROM (VALUES (1, 1050), (2, 299)) AS t(id, amount_cents);
