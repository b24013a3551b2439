-- setup/data/jaffle_shop/schema_orders.sql
--   DDL of ordersdb's table public.orders (database postgres), as in the seed;
--   loaded from raw_orders.csv (99 rows, CRLF line endings) by setup/pglib.sh.
CREATE TABLE orders(
	id INT PRIMARY KEY,
	user_id INT NOT NULL,
	order_date date NOT NULL,
	status VARCHAR(255) NOT NULL);
