-- setup/data/jaffle_shop/schema_customers.sql
--   DDL of customersdb's table public.customers (database postgres), as in the
--   seed; loaded from raw_customers.csv (100 rows) by setup/pglib.sh.
CREATE TABLE customers(
	id INT PRIMARY KEY,
	first_name VARCHAR(255) NOT NULL,
	last_name VARCHAR(255) NOT NULL);
