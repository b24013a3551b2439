-- setup/data/jaffle_shop/schema_payments.sql
--   DDL of paymentsdb's table public.payments (database postgres), as in the
--   seed; loaded from raw_payments.csv (113 rows; amount in cents) by setup/pglib.sh.
CREATE TABLE payments(
	id INT PRIMARY KEY,
	order_id INT NOT NULL,
	payment_method VARCHAR(128) NOT NULL,
	amount INT);
