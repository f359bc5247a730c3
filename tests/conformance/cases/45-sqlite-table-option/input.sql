CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE suppliers (id INTEGER PRIMARY KEY, name TEXT);
INSERT INTO customers (id, name) VALUES (1, 'Customer A'), (2, 'Customer B');
INSERT INTO suppliers (id, name) VALUES (10, 'Supplier X'), (20, 'it''s "quoted"');
