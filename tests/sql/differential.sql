-- name: tests/sql/differential.sql
-- description: queries run twice by tests/odbc/test_differential: through
--   MeshODBC over the three catalogs, and through psqlODBC on one
--   PostgreSQL server holding all three tables (catalog prefixes removed).
--   Results must match value by value, in order. Each query ends with ';'
--   at the end of a line. DESC orderings spell NULLS LAST, because
--   PostgreSQL's default differs from Trino's.
select id, first_name, last_name from customersdb.public.customers where id between 10 and 20 order by id;
select status, count(*) from ordersdb.public.orders group by status order by status;
select payment_method, sum(amount), min(amount), max(amount), count(distinct order_id), count(*) from paymentsdb.public.payments group by 1 order by 1;
select c.id, count(o.id) from customersdb.public.customers c left join ordersdb.public.orders o on c.id = o.user_id group by c.id order by c.id;
select o.id, p.amount from ordersdb.public.orders o join paymentsdb.public.payments p on o.id = p.order_id where p.amount > 1000 order by o.id, p.amount;
select o.id, p.id from ordersdb.public.orders o full join paymentsdb.public.payments p on o.id = p.order_id and p.payment_method = 'coupon' order by o.id, p.id nulls last;
select c.id, o.id from customersdb.public.customers c left join ordersdb.public.orders o on c.id = o.user_id and o.status = 'returned' order by o.id nulls first, c.id;
select o.id, c.first_name from customersdb.public.customers c right join ordersdb.public.orders o on c.id = o.user_id and c.id < 30 order by o.id;
select id, case when amount = 0 then 'free' when amount < 1000 then 'small' else 'large' end, case payment_method when 'coupon' then 1 when 'gift_card' then 2 else 0 end from paymentsdb.public.payments order by id;
select id, amount * 2, amount / 3, amount % 7, -amount, amount - 100 from paymentsdb.public.payments order by id;
select first_name || ' ' || last_name, lower(first_name), upper(last_name), length(first_name), substr(first_name, 2, 3) from customersdb.public.customers order by id;
select distinct status from ordersdb.public.orders order by 1;
select id from ordersdb.public.orders order by id offset 10 limit 5;
select user_id, count(*) from ordersdb.public.orders group by user_id having count(*) > 2 order by user_id;
select id, status from ordersdb.public.orders where status in ('returned', 'return_pending') order by id;
select id, first_name from customersdb.public.customers where first_name like 'J%' order by id;
select id from customersdb.public.customers where first_name not like '%a%' and id > 50 order by id;
select id, order_date from ordersdb.public.orders where order_date >= date '2018-03-01' and order_date < date '2018-03-15' order by id;
select user_id, min(order_date), max(order_date) from ordersdb.public.orders group by user_id order by user_id;
select id from customersdb.public.customers union all select id from ordersdb.public.orders order by 1 limit 20;
select c.last_name, count(*) from customersdb.public.customers c join ordersdb.public.orders o on c.id = o.user_id join paymentsdb.public.payments p on p.order_id = o.id group by c.last_name order by 2 desc nulls last, 1;
select o.status, sum(p.amount), count(*) from ordersdb.public.orders o join paymentsdb.public.payments p on o.id = p.order_id group by o.status order by o.status;
select c.id, sum(p.amount) from customersdb.public.customers c left join ordersdb.public.orders o on c.id = o.user_id left join paymentsdb.public.payments p on o.id = p.order_id group by c.id order by 2 desc nulls last, 1 limit 15;
select count(*), count(amount), sum(amount), min(id), max(id) from paymentsdb.public.payments where amount > 100000;
select id, coalesce(nullif(amount, 0), -1) from paymentsdb.public.payments where id < 20 order by id;
select id, amount from paymentsdb.public.payments where amount is null or amount = 0 order by id;
select id from ordersdb.public.orders where user_id not in (1, 2, 3) and id < 15 order by id;
select id, lpad(first_name, 8, '*'), rpad(last_name, 4, '-'), reverse(first_name), split_part(first_name || '-' || last_name, '-', 2) from customersdb.public.customers where id < 12 order by id;
select id, substring(first_name from 2 for 3), substring(last_name from 1), position('a' in first_name), trim(both 'J' from first_name), trim(leading 'M' from first_name), trim(trailing '.' from last_name) from customersdb.public.customers order by id;
select id, extract(year from order_date), extract(month from order_date), extract(day from order_date), extract(quarter from order_date), extract(week from order_date), extract(doy from order_date) from ordersdb.public.orders order by id;
select id, cast(date_trunc('month', order_date) as date), cast(date_trunc('week', order_date) as date), cast(date_trunc('year', order_date) as date), cast(date_trunc('quarter', order_date) as date) from ordersdb.public.orders where id < 40 order by id;
select id, first_name from customersdb.public.customers where regexp_like(first_name, '^[AEIOU].*[aeiou]$') order by id;
select status, count(*) from ordersdb.public.orders where regexp_like(status, 'return') group by status order by status;
select payment_method, count(*) filter (where amount > 1000), sum(amount) filter (where amount < 500), count(*) from paymentsdb.public.payments group by payment_method order by payment_method;
select user_id, count(*) filter (where status = 'completed'), count(distinct status) filter (where status <> 'placed') from ordersdb.public.orders group by user_id order by user_id limit 20;
select id, mod(amount, 7), abs(amount - 1000), sign(amount - 1000), greatest(amount, 1000), least(amount, 1000) from paymentsdb.public.payments where id < 20 order by id;
select extract(year from order_date), count(*), min(id), max(id) from ordersdb.public.orders group by 1 order by 1;
select upper(substring(last_name from 1 for 1)), count(*) from customersdb.public.customers group by 1 order by 1;
select id, length(trim(first_name || '  ')), concat(first_name, ' ', last_name), replace(first_name, 'a', 'A'), strpos(last_name, '.') from customersdb.public.customers where id between 40 and 50 order by id;
select DECIMAL '0.1' + DECIMAL '0.2', DECIMAL '12.50' * 2, DECIMAL '-0.05' from customersdb.public.customers where id = 1;
select o.user_id, o.id, p.id, p.amount, sum(p.amount) over (partition by o.user_id order by o.id, p.id) from ordersdb.public.orders o join paymentsdb.public.payments p on p.order_id = o.id order by o.user_id, o.id, p.id;
select order_id, id, amount, rank() over (partition by order_id order by amount desc nulls last), dense_rank() over (partition by order_id order by amount desc nulls last), row_number() over (partition by order_id order by amount desc nulls last, id) from paymentsdb.public.payments order by order_id, id;
select user_id, id, order_date, lag(order_date) over (partition by user_id order by order_date, id), lead(order_date) over (partition by user_id order by order_date, id), lead(id, 2, -1) over (partition by user_id order by order_date, id) from ordersdb.public.orders order by user_id, order_date, id;
select id, ntile(4) over (order by id), ntile(7) over (partition by status order by id) from ordersdb.public.orders order by id;
select id, amount, sum(amount) over (order by id rows between 2 preceding and 1 following), min(amount) over (order by id rows between current row and 3 following), max(amount) over (order by id rows between 4 preceding and 2 preceding), count(*) over (order by id rows between 1 following and unbounded following) from paymentsdb.public.payments order by id;
select id, payment_method, first_value(amount) over (partition by payment_method order by id), last_value(amount) over (partition by payment_method order by id rows between unbounded preceding and unbounded following), nth_value(id, 3) over (partition by payment_method order by id) from paymentsdb.public.payments order by id;
select id, amount, rank() over (order by amount), cast(round(percent_rank() over (order by amount) * 10000) as integer), case when cume_dist() over (order by amount) <= 0.5 then 'low' else 'high' end, count(*) over (order by amount) from paymentsdb.public.payments order by amount, id;
select status, count(*), sum(count(*)) over (), rank() over (order by count(*) desc, status), sum(count(*)) over (order by status rows unbounded preceding) from ordersdb.public.orders group by status order by status;
select c.id, c.last_name, o.id, row_number() over (partition by c.last_name order by o.order_date, o.id, c.id), count(o.id) over (partition by c.id) from customersdb.public.customers c left join ordersdb.public.orders o on o.user_id = c.id order by c.last_name, 4, c.id;
select * from (select user_id, id, row_number() over (partition by user_id order by order_date desc nulls last, id desc nulls last) as rn from ordersdb.public.orders) x where rn = 1 order by user_id;
select status, count(*), min(order_date), grouping(status) from ordersdb.public.orders group by rollup (status) order by 4, 1;
select o.status, p.payment_method, sum(p.amount), count(*), grouping(o.status, p.payment_method) from ordersdb.public.orders o join paymentsdb.public.payments p on p.order_id = o.id group by cube (o.status, p.payment_method) order by 5, 1, 2;
select status, user_id, count(*), grouping(status), grouping(user_id) from ordersdb.public.orders where user_id < 10 group by grouping sets ((status), (user_id), ()) order by 4, 5, 1, 2;
select p.payment_method, o.status, sum(p.amount) from ordersdb.public.orders o join paymentsdb.public.payments p on p.order_id = o.id group by p.payment_method, rollup (o.status) having sum(p.amount) > 1000 order by 1, 2;
select status, sum(count(*)) over (partition by grouping(status)), rank() over (order by count(*) desc, status) from ordersdb.public.orders group by rollup (status) order by 3;
select id, amount, sum(amount) over (order by amount range between 500 preceding and 500 following), count(*) over (partition by payment_method order by amount desc nulls last range between 100 preceding and current row), min(id) over (order by order_id range between current row and 2 following) from paymentsdb.public.payments order by id;
select id, payment_method, count(*) filter (where amount > 1000) over (partition by payment_method order by id), bool_and(amount > 0) over (partition by payment_method), sum(amount) filter (where amount < 500) over (order by id rows between 3 preceding and current row) from paymentsdb.public.payments order by id;
