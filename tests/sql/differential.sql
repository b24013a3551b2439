-- name: tests/sql/differential.sql
-- description: queries run twice by tests/odbc/test_differential: through
--   MeshODBC over the three catalogs, and through psqlODBC on one
--   PostgreSQL server holding all three tables (catalog prefixes removed).
--   Results must match value by value, in order. Each query ends with ';'
--   at the end of a line. DESC orderings spell NULLS LAST, because
--   PostgreSQL's default differs from Trino's. Directive lines before a
--   query (`-- pg: SQL`, `-- expect: a|b`, `-- error: SQLSTATE`; see
--   tests/sql/README.md) give a PostgreSQL spelling or Trino's answer
--   written down. Tables in schema dt come from differential_tables.sql.
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
select id from customersdb.public.customers where id in (select user_id from ordersdb.public.orders where status = 'returned') order by id;
select id from customersdb.public.customers where id not in (select user_id from ordersdb.public.orders) order by id;
select id from customersdb.public.customers where id not in (select case when user_id > 80 then null else user_id end from ordersdb.public.orders) order by id;
select id, case when id in (select case when user_id > 80 then null else user_id end from ordersdb.public.orders) then 1 when not (id in (select case when user_id > 80 then null else user_id end from ordersdb.public.orders)) then 0 end from customersdb.public.customers order by id;
select id, case when (case when id % 7 = 0 then null else id end) not in (select user_id from ordersdb.public.orders where status = 'completed') then 1 else 0 end from customersdb.public.customers order by id;
select c.id from customersdb.public.customers c where exists (select 1 from ordersdb.public.orders o where o.user_id = c.id and o.status = 'returned') order by c.id;
select c.id from customersdb.public.customers c where not exists (select 1 from ordersdb.public.orders o where o.user_id = c.id) order by c.id;
select c.id, case when exists (select 1 from ordersdb.public.orders o where o.user_id = c.id and o.status = 'placed') then 'placed' else 'other' end from customersdb.public.customers c order by c.id;
select o.id from ordersdb.public.orders o where exists (select 1 from paymentsdb.public.payments p where p.order_id = o.id and p.amount > 2000) and not exists (select 1 from paymentsdb.public.payments p where p.order_id = o.id and p.payment_method = 'coupon') order by o.id;
select c.id, (select count(*) from ordersdb.public.orders o where o.user_id = c.id), (select max(o.order_date) from ordersdb.public.orders o where o.user_id = c.id) from customersdb.public.customers c order by c.id;
select o.id, (select c.first_name from customersdb.public.customers c where c.id = o.user_id), (select sum(p.amount) from paymentsdb.public.payments p where p.order_id = o.id) from ordersdb.public.orders o order by o.id;
select o.id, o.user_id from ordersdb.public.orders o where o.order_date = (select min(o2.order_date) from ordersdb.public.orders o2 where o2.user_id = o.user_id) order by o.id;
select p.id from paymentsdb.public.payments p where p.amount > (select max(p2.amount) from paymentsdb.public.payments p2 where p2.payment_method = 'coupon') order by p.id;
select c.id, (select o.id from ordersdb.public.orders o where o.user_id = c.id order by o.order_date desc, o.id desc limit 1) from customersdb.public.customers c order by c.id;
select o.user_id, count(*) from ordersdb.public.orders o group by o.user_id having count(*) > (select count(*) from paymentsdb.public.payments p where p.order_id = o.user_id) order by o.user_id;
select status, count(*) from ordersdb.public.orders group by status having count(*) >= (select count(*) / 10 from ordersdb.public.orders) order by status;
select p.order_id, p.amount from paymentsdb.public.payments p where p.amount >= all (select p2.amount from paymentsdb.public.payments p2 where p2.order_id = p.order_id) order by p.order_id, p.amount;
select c.id from customersdb.public.customers c where c.id < any (select o.user_id from ordersdb.public.orders o where o.status = 'return_pending') and c.id > 40 order by c.id;
select c.id from customersdb.public.customers c where exists (select 1 from ordersdb.public.orders o where o.user_id = c.id and exists (select 1 from paymentsdb.public.payments p where p.order_id = o.id and p.amount > c.id * 20)) order by c.id;
select id from customersdb.public.customers intersect select user_id from ordersdb.public.orders order by 1;
select id from customersdb.public.customers except select user_id from ordersdb.public.orders order by 1;
select user_id from ordersdb.public.orders intersect all select user_id from ordersdb.public.orders where status = 'completed' order by 1;
select user_id from ordersdb.public.orders except all select user_id from ordersdb.public.orders where status = 'completed' order by 1;
select status from ordersdb.public.orders where user_id < 10 union select payment_method from paymentsdb.public.payments intersect select 'coupon' order by 1;
select coalesce(x, -1), count(*) from (select x from (values (1), (2), (null), (null), (3), (3)) t(x) except all select x from (values (2), (null), (3)) u(x)) z group by 1 order by 1;
select a, b from (values (1, 'one'), (2, 'two'), (3, null)) as t(a, b) order by a;
select t.a, c.first_name from (values (1), (2), (3)) as t(a) join customersdb.public.customers c on c.id = t.a order by t.a;
select id from ordersdb.public.orders where status in (select s from (values ('returned'), ('return_pending')) t(s)) order by id;
select (select count(*) from ordersdb.public.orders o where o.user_id = c.id) as n, count(*) from customersdb.public.customers c group by 1 order by 1;
select status, sum(case when user_id in (select id from customersdb.public.customers where last_name like 'S%') then 1 else 0 end), count(*) from ordersdb.public.orders group by status order by status;
select c.id from customersdb.public.customers c order by (select count(*) from ordersdb.public.orders o where o.user_id = c.id) desc, c.id limit 10;
select id, cast(order_date as timestamp(0)) from ordersdb.public.orders where id < 10 order by id;
select id from ordersdb.public.orders where cast(order_date as timestamp) >= timestamp '2018-03-01 00:00:00' and cast(order_date as timestamp) < timestamp '2018-03-15 12:00:00' order by id;
select id, cast(order_date + interval '1' month as date), cast(order_date - interval '10' day as date), cast(order_date + interval '1-1' year to month as date) from ordersdb.public.orders where id between 20 and 30 order by id;
select user_id, cast(min(cast(order_date as timestamp(0)) + interval '36' hour) as timestamp(0)) from ordersdb.public.orders group by user_id order by user_id limit 10;
select a.id, b.id from ordersdb.public.orders a join ordersdb.public.orders b on cast(a.order_date as timestamp) = cast(b.order_date as timestamp) + interval '1' day where a.id < 20 order by a.id, b.id;
select time '10:11:12', timestamp '2020-02-29 10:11:12' - interval '1' year, timestamp '2020-01-31 00:00:00' + interval '1' month;
select id, date_trunc('hour', ts), date_trunc('day', ts), date_trunc('month', ts), date_trunc('year', ts), extract(hour from ts), extract(minute from ts), extract(quarter from ts), extract(doy from ts) from (select id, cast(cast(order_date as timestamp(0)) + interval '1' minute * (id * 37) as timestamp(0)) as ts from ordersdb.public.orders) t order by id;
select id, cast(ts as time(0)), extract(hour from cast(ts as time(0))), extract(minute from cast(ts as time(0))) from (select id, cast(cast(order_date as timestamp(0)) + interval '1' minute * (id * 53) as timestamp(0)) as ts from ordersdb.public.orders) t where extract(hour from ts) between 1 and 3 order by id;
select extract(hour from ts), count(*) from (select cast(cast(order_date as timestamp(0)) + interval '1' minute * (id * 37) as timestamp(0)) as ts from ordersdb.public.orders) t group by extract(hour from ts) order by 1;

-- Work pushed to one catalog (remote subtrees), dynamic filters and build
-- sides: each runs with every rule on and with each rule off.
select count(*) from paymentsdb.public.payments;
select count(*), count(amount), count(distinct payment_method), sum(amount), sum(distinct amount), min(payment_method), max(payment_method), min(id), max(id) from paymentsdb.public.payments;
select payment_method, cast(round(avg(amount) * 1000000) as bigint), cast(round(avg(distinct amount) * 1000000) as bigint), cast(round(avg(id) * 1000000) as bigint) from paymentsdb.public.payments group by payment_method order by 1;
select count(*), sum(amount), cast(round(avg(amount)) as bigint), min(payment_method) from paymentsdb.public.payments where id < 0;
select id, amount from paymentsdb.public.payments order by amount desc nulls last, id limit 10;
select id, amount from paymentsdb.public.payments order by amount, id desc offset 3 limit 7;
select status, id from ordersdb.public.orders order by status desc nulls last, id limit 12;
select first_name from customersdb.public.customers order by first_name, id limit 10;
select distinct payment_method, amount from paymentsdb.public.payments where amount > 2000 order by 1, 2;
select o1.id, o2.id from ordersdb.public.orders o1 join ordersdb.public.orders o2 on o1.user_id = o2.user_id and o1.id < o2.id order by 1, 2;
select o1.user_id, count(*), min(o2.order_date) from ordersdb.public.orders o1 join ordersdb.public.orders o2 on o1.user_id = o2.user_id group by o1.user_id order by 1;
select a.id, b.id from ordersdb.public.orders a full join (select id from ordersdb.public.orders where status = 'returned') b on a.id = b.id order by 1, 2 nulls last;
select a.id, b.status from ordersdb.public.orders a left join ordersdb.public.orders b on a.id = b.id + 0 and b.status = 'completed' where a.id < 20 order by 1;
select c.first_name, o.order_date, p.amount from customersdb.public.customers c join ordersdb.public.orders o on o.user_id = c.id join paymentsdb.public.payments p on p.order_id = o.id where c.id = 42 order by 2, 3;
select c.first_name, o.order_date, p.amount from customersdb.public.customers c join ordersdb.public.orders o on o.user_id = c.id join paymentsdb.public.payments p on p.order_id = o.id where c.id = 100000 order by 2, 3;
select o.id, c.first_name from customersdb.public.customers c right join ordersdb.public.orders o on c.id = o.user_id where o.id < 12 order by o.id;
select p.id, o.status from paymentsdb.public.payments p join ordersdb.public.orders o on o.id = p.order_id where o.status = 'returned' order by p.id;
select c.last_name, sum(p.amount) from customersdb.public.customers c left join ordersdb.public.orders o on c.id = o.user_id left join paymentsdb.public.payments p on o.id = p.order_id where c.id in (1, 3, 94) group by c.last_name order by 1;
select u.user_id, u.n, c.first_name from (select user_id, count(*) as n from ordersdb.public.orders group by user_id) u join customersdb.public.customers c on c.id = u.user_id where u.n > 3 order by 1;
select c.id, o.id, p.id, c2.first_name, o2.status from customersdb.public.customers c, paymentsdb.public.payments p, ordersdb.public.orders o2, customersdb.public.customers c2, ordersdb.public.orders o where c.id = o.user_id and p.order_id = o.id and o2.id = o.id and c2.id = o.user_id and c.id < 40 and p.id < 60 and o2.id < 60 and c2.id < 40 order by 1, 2, 3;
select count(*), sum(p.amount), min(c2.last_name) from customersdb.public.customers c, paymentsdb.public.payments p, ordersdb.public.orders o2, customersdb.public.customers c2, ordersdb.public.orders o where c.id = o.user_id and p.order_id = o.id and o2.id = o.id and c2.id = o.user_id and p.amount > 500 and c.id < 20 and c2.id < 20 and o2.id < 40 and o2.status <> 'returned';
select c.id, o.id, p.amount from customersdb.public.customers c left join ordersdb.public.orders o on o.user_id = c.id, paymentsdb.public.payments p, customersdb.public.customers c2 where p.order_id = o.id and c2.id = c.id and c.id < 20 order by 1, 2, 3;
select o.id, c.last_name, p.payment_method, o3.status from ordersdb.public.orders o join paymentsdb.public.payments p on p.order_id = o.id right join customersdb.public.customers c on c.id = o.user_id, ordersdb.public.orders o3, customersdb.public.customers c3 where o3.id = c.id and c3.id = o3.user_id and o3.status = 'completed' order by 1 nulls first, 2, 3, 4;
select count(*), sum(p.amount) from paymentsdb.public.payments p, ordersdb.public.orders o, customersdb.public.customers c, ordersdb.public.orders o2 where o2.user_id = c.id and p.order_id = o.id and o.user_id = c.id and exists (select 1 from paymentsdb.public.payments p2 where p2.order_id = o2.id and p2.payment_method = 'coupon');
select c.id, o.id, p.id, c2.id from customersdb.public.customers c, ordersdb.public.orders o, paymentsdb.public.payments p, customersdb.public.customers c2 where c.id = c2.id and p.id = o.id and c.id < 4 and o.id < 4 order by 1, 2, 3, 4;
select c.id, o.id, p.id from paymentsdb.public.payments p, customersdb.public.customers c, ordersdb.public.orders o where o.user_id = c.id and p.order_id = o.id and p.amount > c.id * 100 and c.id < 10 order by 1, 2, 3;
select a.id, d.id, e.amount, j.last_name from ordersdb.public.orders a, customersdb.public.customers b, ordersdb.public.orders c, ordersdb.public.orders l, customersdb.public.customers d, paymentsdb.public.payments e, ordersdb.public.orders f, customersdb.public.customers g, paymentsdb.public.payments h, ordersdb.public.orders i, customersdb.public.customers j, paymentsdb.public.payments k where a.user_id = l.user_id and b.id = l.user_id and c.id = l.id and d.id = c.user_id and e.order_id = l.id and f.id = e.order_id and g.id = f.user_id and h.id = e.id and i.id = h.order_id and j.id = i.user_id and k.id = h.id and a.id < 12 and b.id < 12 and c.id < 12 order by 1, 2, 3, 4;

-- branch difftests (issue 8): types (one table per PostgreSQL type, schema dt),
-- typed literals, coercions, operators and predicates, special forms,
-- string/math/date functions, errors; Trino-only answers written down.
select id, v, v + 1, v * 2, -v, v - 1 from ordersdb.dt.t_smallint where id not in (2, 3) order by id;
select count(*), count(v), sum(v), min(v), max(v) from ordersdb.dt.t_smallint;
select id, v from ordersdb.dt.t_smallint where v > 0 order by v desc nulls last, id;
-- error: 22003
select v + cast(1 as smallint) from ordersdb.dt.t_smallint where id = 3;
select id, cast(v as bigint) * 100000, cast(v as bigint) * 1000000000 from ordersdb.dt.t_smallint order by id;
select id, v, v / 2, v % 5, v * 3 from ordersdb.dt.t_integer where id not in (2, 3) order by id;
select count(*), count(v), sum(v), min(v), max(v) from ordersdb.dt.t_integer;
-- error: 22003
select v + 1 from ordersdb.dt.t_integer where id = 3;
-- error: 22003
select v - 1 from ordersdb.dt.t_integer where id = 2;
-- error: 22003
select v * 2 from ordersdb.dt.t_integer where id = 3;
-- error: 22003
select abs(v) from ordersdb.dt.t_integer where id = 2;
-- error: 22003
select -v from ordersdb.dt.t_integer where id = 2;
-- error: 22012
select v / 0 from ordersdb.dt.t_integer where id = 6;
-- error: 22012
select v % 0 from ordersdb.dt.t_integer where id = 6;
select id, cast(v as bigint) + 1, cast(v as bigint) - 1 from ordersdb.dt.t_integer order by id;
select id, v, v / 3, v % 10, abs(v), sign(v) from ordersdb.dt.t_bigint where id not in (2, 3) order by id;
select min(v), max(v), count(v) from ordersdb.dt.t_bigint;
-- error: 22003
select v + 1 from ordersdb.dt.t_bigint where id = 3;
-- error: 22003
select v * 2 from ordersdb.dt.t_bigint where id = 2;
-- error: 22003
select sum(v) from ordersdb.dt.t_bigint where id in (3, 6);
-- error: 22003
select cast(v as integer) from ordersdb.dt.t_bigint where id = 6;
-- error: 22003
select cast(v as smallint) from ordersdb.dt.t_integer where id = 3;
select id, v, w from ordersdb.dt.t_numeric order by id;
select id, v + 1, v * 2, v - 0.001, -v, v * v from ordersdb.dt.t_numeric where id not in (2, 3) order by id;
-- pg: select id, round(v / 3, 3) from dt.t_numeric order by id
select id, v / 3 from ordersdb.dt.t_numeric order by id;
-- pg: select sum(v), round(avg(v), 3), min(v), max(v), count(v) from dt.t_numeric
select sum(v), avg(v), min(v), max(v), count(v) from ordersdb.dt.t_numeric;
select sum(w), min(w), max(w) from ordersdb.dt.t_numeric where id not in (2, 3);
select id, cast(v as integer), cast(v as bigint), cast(v as decimal(20,1)) from ordersdb.dt.t_numeric order by id;
select id, cast(v as decimal(5,1)), cast(v as decimal(4,0)) from ordersdb.dt.t_numeric where id not in (2, 3) order by id;
-- error: 22003
select cast(v as decimal(5,1)) from ordersdb.dt.t_numeric where id = 3;
select id from ordersdb.dt.t_numeric where v > 1 order by id;
select id from ordersdb.dt.t_numeric where v between -1 and 2.5 order by id;
select id, w * 2 from ordersdb.dt.t_numeric where id in (1, 5, 6, 7) order by id;
-- error: 22012
select v / 0 from ordersdb.dt.t_numeric where id = 7;
-- pg: select id, v::numeric(38,18) from dt.t_numeric_unb order by id
select id, v from ordersdb.dt.t_numeric_unb order by id;
-- pg: select id, (v + 1)::numeric(38,18) from dt.t_numeric_unb where id <> 2 order by id
select id, v + 1 from ordersdb.dt.t_numeric_unb where id <> 2 order by id;
select id, v, v * 2, v + 1, -v from ordersdb.dt.t_real order by id;
select count(v), sum(v), min(v), max(v) from ordersdb.dt.t_real;
select id, v, v * 2, v / 4, v - 0.5 from ordersdb.dt.t_double order by id;
select count(v), sum(v), min(v), max(v) from ordersdb.dt.t_double where id <> 5;
select id, v from ordersdb.dt.t_double where v < 0 order by v;
-- expect: Infinity|-Infinity|NaN
select v / 0, -v / 0, 0 / (v - v) from ordersdb.dt.t_double where id = 3;
select id, case when v then 1 else 0 end, case when not v then 1 end, case when v is null then 1 else 0 end from ordersdb.dt.t_boolean order by id;
select id from ordersdb.dt.t_boolean where v order by id;
select id from ordersdb.dt.t_boolean where not v order by id;
select id from ordersdb.dt.t_boolean where v is null order by id;
-- pg: select case when bool_and(v) then 1 else 0 end, case when bool_or(v) then 1 else 0 end, count(v), count(*) filter (where v) from dt.t_boolean
select case when bool_and(v) then 1 else 0 end, case when bool_or(v) then 1 else 0 end, count(v), count_if(v) from ordersdb.dt.t_boolean;
select id, case when v = true then 'y' when v = false then 'n' else '?' end from ordersdb.dt.t_boolean order by id;
select id, v, length(v), upper(v), lower(v), v || '!' from ordersdb.dt.t_text where id <> 8 order by id;
select id, length(v), reverse(v), v || '|' from ordersdb.dt.t_text order by id;
select id from ordersdb.dt.t_text where v = '' order by id;
select id from ordersdb.dt.t_text where v is null order by id;
select id, v from ordersdb.dt.t_text order by v, id;
select id, v from ordersdb.dt.t_text order by v desc nulls last, id;
select id, '[' || trim(v) || ']', '[' || ltrim(v) || ']', '[' || rtrim(v) || ']' from ordersdb.dt.t_text order by id;
select id, replace(v, 'a', 'A'), strpos(v, 'l'), position('c' in v), substr(v, 2), substr(v, 2, 3) from ordersdb.dt.t_text order by id;
select id, v from ordersdb.dt.t_text where v like 'a!%b%' escape '!' order by id;
select id, v from ordersdb.dt.t_text where v like '%!_%' escape '!' order by id;
select id, v from ordersdb.dt.t_text where v like '_' order by id;
select id, v from ordersdb.dt.t_text where v not like '%l%' order by id;
select id, split_part(v, '-', 1), split_part(v, '-', 2), split_part(v, '-', 3) from ordersdb.dt.t_text where id = 9;
select id, v, length(v), v || '.' from ordersdb.dt.t_varchar order by id;
select id, cast(v as varchar(3)) from ordersdb.dt.t_varchar order by id;
select id, v from ordersdb.dt.t_varchar order by v nulls first, id;
select max(v), min(v), count(distinct v) from ordersdb.dt.t_varchar;
select id, v from ordersdb.dt.t_char order by id;
select id, v from ordersdb.dt.t_date order by id;
select id, v from ordersdb.dt.t_date order by v desc nulls last, id;
select id, cast(v + interval '1' day as date), cast(v - interval '1' month as date), cast(v + interval '1' year as date) from ordersdb.dt.t_date order by id;
-- pg: select id, extract(year from v), extract(month from v), extract(day from v), extract(isodow from v), extract(doy from v), extract(quarter from v) from dt.t_date order by id
select id, year(v), month(v), day(v), day_of_week(v), day_of_year(v), quarter(v) from ordersdb.dt.t_date order by id;
-- pg: select id, date '2024-03-01' - v from dt.t_date order by id
select id, date_diff('day', v, date '2024-03-01') from ordersdb.dt.t_date order by id;
select id from ordersdb.dt.t_date where v between date '1970-01-01' and date '2024-01-01' order by id;
select min(v), max(v), count(v) from ordersdb.dt.t_date;
-- pg: select id, to_char(v, 'YYYY-MM-DD HH24:MI:SS.US') from dt.t_timestamp order by id
select id, v from ordersdb.dt.t_timestamp order by id;
select id, cast(v as date) from ordersdb.dt.t_timestamp order by id;
-- pg: select id, extract(hour from v), extract(minute from v), floor(extract(second from v)) from dt.t_timestamp order by id
select id, hour(v), minute(v), second(v) from ordersdb.dt.t_timestamp order by id;
-- pg: select id, to_char(date_trunc('hour', v), 'YYYY-MM-DD HH24:MI:SS.US'), to_char(v + interval '90 minutes', 'YYYY-MM-DD HH24:MI:SS.US') from dt.t_timestamp order by id
select id, date_trunc('hour', v), v + interval '90' minute from ordersdb.dt.t_timestamp order by id;
select id from ordersdb.dt.t_timestamp where v > timestamp '2000-01-01 12:00:00' order by id;
-- pg: select id, to_char(v, 'HH24:MI:SS.US') from dt.t_time order by id
select id, v from ordersdb.dt.t_time order by id;
-- pg: select id, extract(hour from v), extract(minute from v) from dt.t_time order by id
select id, hour(v), minute(v) from ordersdb.dt.t_time order by id;
select id from ordersdb.dt.t_time where v < time '12:30:00' order by id;
-- expect: 1|1 02:03:04.000|1-2
-- expect: 2|-0 03:00:00.000|-0-5
-- expect: 3|NULL|NULL
-- expect: 4|0 00:00:00.000|0-0
-- expect: 5|10 00:00:00.500|10-0
select id, v, m from ordersdb.dt.t_interval order by id;
select id from ordersdb.dt.t_timestamptz order by id;
select count(*) from ordersdb.dt.t_bytea;
select id from ordersdb.dt.t_uuid order by id;
select id from ordersdb.dt.t_json order by id;
-- expect: decimal(2,2)|decimal(3,1)|decimal(5,0)|decimal(4,4)|0.3|2.50
select typeof(DECIMAL '0.10'), typeof(DECIMAL '12.5'), typeof(DECIMAL '12345'), typeof(DECIMAL '.0001'), DECIMAL '0.1' + DECIMAL '0.2', DECIMAL '1.25' * 2;
-- expect: integer|bigint|double|decimal(3,2)|varchar(3)|boolean|date
select typeof(1), typeof(3000000000), typeof(1e0), typeof(1.25), typeof('abc'), typeof(true), typeof(date '2024-01-01');
-- expect: 3|3.5000000000|2|0.333
select 7 / 2, 7 / 2.0000000000, 7 % 5, cast(1 as decimal(4,3)) / 3;
-- expect: 2.3333333333333335|-2.3333333333333335|2.50|1.5
select avg(x), avg(y), avg(z), avg(w) from (values (1, -1, 2.00, 1e0), (2, -2, 3.00, 2e0), (4, -4, 2.50, 1.5e0)) t(x, y, z, w);
-- pg: select id, id + amount, id * 1.5, amount - id * 0.25, round(amount / 4.0, 1) from payments where id < 15 order by id
select id, id + amount, id * 1.5, amount - id * 0.25, amount / 4.0 from paymentsdb.public.payments where id < 15 order by id;
select id, amount from paymentsdb.public.payments where amount between 500 and 1500 order by id;
select id, amount from paymentsdb.public.payments where amount not between 500 and 1500 and id < 30 order by id;
select id, amount from paymentsdb.public.payments where amount between 1500 and 500 order by id;
select id from ordersdb.dt.t_integer where v in (0, 42, null) order by id;
select id from ordersdb.dt.t_integer where v not in (0, 42, null) order by id;
select id from ordersdb.dt.t_integer where v not in (0, 42) order by id;
select id, case when v in (7, null) then 1 when not (v in (7, null)) then 0 end from ordersdb.dt.t_integer order by id;
select id, case when v is distinct from 7 then 1 else 0 end, case when v is not distinct from null then 1 else 0 end, case when v is not distinct from 7 then 1 else 0 end from ordersdb.dt.t_integer order by id;
select l.id, r.id from ordersdb.dt.j_left l join customersdb.dt.j_right r on l.k1 is not distinct from r.k1 and l.k2 is not distinct from r.k2 order by 1, 2;
select id, v, case when v > 0 then 'pos' when v < 0 then 'neg' when v = 0 then 'zero' end, case v when 7 then 'seven' when 42 then 'answer' else 'other' end from ordersdb.dt.t_integer order by id;
select id, case when v is null then 'null' else 'x' end, case v when null then 'never' else 'else' end from ordersdb.dt.t_text order by id;
select id, coalesce(v, 'none'), nullif(v, ''), coalesce(nullif(v, ''), 'empty') from ordersdb.dt.t_text order by id;
select id, coalesce(k1, id * 100), coalesce(k2, v, 'x'), nullif(k1, 1) from ordersdb.dt.j_left order by id;
-- pg: select id, case when v > 10 then 'big' else 'small' end, case when v > 10 then v end from dt.t_integer order by id
select id, if(v > 10, 'big', 'small'), if(v > 10, v) from ordersdb.dt.t_integer order by id;
-- pg: select id, v || '-' || cast(id as varchar), v || '/' || 'x' from dt.t_text where id < 8 order by id
select id, v || '-' || cast(id as varchar), concat(v, '/', 'x') from ordersdb.dt.t_text where id < 8 order by id;
select cast('123' as integer), cast('-45' as bigint), cast('1.50' as decimal(5,2)), cast(12 as varchar), cast(1.5 as varchar), cast('2024-02-29' as date), cast(true as varchar);
-- error: 22018
select cast('abc' as integer);
-- error: 22018
select cast('2024-02-30' as date);
-- error: 22003
select cast(3000000000 as integer);
-- expect: NULL|12|NULL|NULL|2024-02-29
select try_cast('abc' as integer), try_cast('12' as integer), try_cast('2024-02-30' as date), try_cast(3000000000 as integer), try_cast('2024-02-29' as date);
-- expect: 1|NULL
-- expect: 2|NULL
-- expect: 3|NULL
-- expect: 4|NULL
-- expect: 5|NULL
-- expect: 6|NULL
-- expect: 7|NULL
-- expect: 8|NULL
-- expect: 9|NULL
-- expect: 10|NULL
select id, try_cast(v as integer) from ordersdb.dt.t_text order by id;
-- pg: select id, cast(amount as double precision) / 3, round(cast(amount as decimal(10,2)) / 100, 2), cast(amount / 100 as integer) from payments where id < 12 order by id
select id, cast(amount as double) / 3, cast(amount as decimal(10,2)) / 100, cast(amount / 100 as integer) from paymentsdb.public.payments where id < 12 order by id;
-- pg: select id, cast(first_name as varchar(3)), cast(id as decimal(5,2)), cast(id as double precision) from customers where id < 6 order by 1
select id, cast(first_name as varchar(3)), cast(id as decimal(5,2)), cast(id as double) from customersdb.public.customers where id < 6 order by id;
select 1 + 2 * 3 - 4 / 2, (1 + 2) * 3, -(-5), 10 - -3, 17 % -5, -17 % 5;
-- expect: 10.0|3.3|0.01|2.50|0.90
select 2.5 * 4, 1.1 + 2.2, 0.1 * 0.1, 10.00 / 4, 1.0 / 3.0 * 3.0;
select 1 = 1, 1 < 2, 'a' < 'b', 'B' < 'a', 'abc' > 'ab', date '2024-01-01' < date '2024-01-02';
-- error: 22012
select 1 / 0;
-- error: 22012
select 1.5 / 0;
-- error: 22012
select mod(5, 0);
-- error: 22003
select 9223372036854775807 + 1;
-- error: 22003
select -9223372036854775807 - 2;
-- error: 22003
select 2147483647 * 2;
select id, case when amount > 1000 and payment_method = 'coupon' then 1 when amount > 1000 or payment_method = 'coupon' then 2 else 3 end from paymentsdb.public.payments where id < 40 order by id;
select id, case when (v > 5) is null then 'unknown' when v > 5 then 'yes' else 'no' end from ordersdb.dt.t_integer order by id;
select id from ordersdb.dt.t_integer where not (v > 5) order by id;
select id from ordersdb.dt.t_integer where v > 5 or v is null order by id;
select id from ordersdb.dt.t_integer where (v > 5) is not null and not (v < 100) order by id;
select id, first_name from customersdb.public.customers where first_name like '_a%' and last_name like '%.' order by id;
select id, first_name from customersdb.public.customers where first_name like '%n' or first_name like 'Ma_y' order by id;
select id, last_name from customersdb.public.customers where last_name not like 'M%' and last_name not like 'S%' and id < 30 order by id;
select 'a_c' like 'a!_c' escape '!', 'abc' like 'a!_c' escape '!', '10%' like '10!%' escape '!', 'x' like '';
select extract(year from date '2024-02-29'), extract(month from date '2024-02-29'), extract(day from date '2024-02-29'), extract(quarter from date '2024-11-02'), extract(week from date '2024-12-30');
-- expect: 23|59|58
select extract(hour from timestamp '2024-01-02 23:59:58'), extract(minute from timestamp '2024-01-02 23:59:58'), extract(second from timestamp '2024-01-02 23:59:58');
select substring('hello world' from 7), substring('hello world' from 1 for 5), substring('hello' from 3 for 100), position('lo' in 'hello'), position('z' in 'hello');
select trim('  ab  '), trim(leading from '  ab  ') || '|', trim(trailing from '  ab  ') || '|', trim(both 'x' from 'xxabxx'), trim('x' from 'xaxbx');
select id, substring(v from 2 for 2), position('b' in v), trim(v) from ordersdb.dt.t_text order by id;
-- expect: 2024-02-29 10:11:12.000|10:11:12|2024-02-29
select timestamp '2024-02-29 10:11:12.000', time '10:11:12', date '2024-02-29';
-- expect: 2024-03-01 10:11:12.000|2023-02-28|1 00:00:00.000|1-2
select timestamp '2024-02-29 10:11:12' + interval '1' day, date '2024-02-29' - interval '1' year, interval '1' day, interval '1' year + interval '2' month;
-- expect: 3 04:05:06.000|-1 00:00:00.000|2-6|0 01:30:00.000
select interval '3 04:05:06' day to second, interval '-1' day, interval '2-6' year to month, interval '90' minute;
-- expect: 2024-01-31 00:00:00.000|2024-02-29|2023-03-31
select timestamp '2024-01-01 00:00:00' + interval '30' day, date '2024-01-31' + interval '1' month, date '2024-03-31' - interval '1' year;
-- expect: 1 01:00:00.000|2 00:00:00.000|0 12:00:00.000
select timestamp '2024-01-02 01:00:00' - timestamp '2024-01-01 00:00:00', interval '1' day * 2, interval '1' day / 2;
select id, lpad(v, 6, '*'), rpad(v, 6, '-'), lpad(v, 2, '*'), rpad(v, 2, '-') from ordersdb.dt.t_text where id < 8 order by id;
select id, starts_with(v, 'a'), starts_with(v, '') from ordersdb.dt.t_text order by id;
select id, upper(first_name), lower(last_name), length(first_name) + length(last_name), reverse(last_name), replace(last_name, '.', '') from customersdb.public.customers where id between 60 and 75 order by id;
-- pg: select id, replace(first_name, 'a', ''), lpad(cast(id as varchar), 5, '0'), rpad(first_name, 10, '.') from customers where id < 10 order by id
select id, replace(first_name, 'a'), lpad(cast(id as varchar), 5, '0'), rpad(first_name, 10, '.') from customersdb.public.customers where id < 10 order by id;
-- pg: select id, substr(first_name, length(first_name) - 1), substr(first_name, length(first_name) - 2, 2) from customers where id < 10 order by id
select id, substr(first_name, -2), substr(first_name, -3, 2) from customersdb.public.customers where id < 10 order by id;
select id, split_part(first_name || ' ' || last_name, ' ', 1), split_part(first_name || ' ' || last_name, ' ', 2), strpos(first_name, 'e') from customersdb.public.customers where id < 15 order by id;
-- pg: select id, regexp_replace(first_name, '(.)(.)', '\2\1', 'g'), substring(last_name from '[A-Z]'), case when first_name ~ '^[A-M]' then 1 else 0 end from customers where id < 20 order by id
select id, regexp_replace(first_name, '(.)(.)', '$2$1'), regexp_extract(last_name, '[A-Z]'), case when regexp_like(first_name, '^[A-M]') then 1 else 0 end from customersdb.public.customers where id < 20 order by id;
-- pg: select id, (regexp_match(first_name, '([a-z])([a-z])'))[2] from customers where id < 20 order by id
select id, regexp_extract(first_name, '([a-z])([a-z])', 2) from customersdb.public.customers where id < 20 order by id;
-- pg: select id, abs(v), round(v), round(v, 1)::numeric(12,3), ceil(v), floor(v) from dt.t_numeric where id not in (2, 3) order by id
select id, abs(v), round(v), round(v, 1), ceil(v), floor(v) from ordersdb.dt.t_numeric where id not in (2, 3) order by id;
-- pg: select id, trunc(v), round(v, -1)::numeric(13,3) from dt.t_numeric order by id
select id, truncate(v), round(v, -1) from ordersdb.dt.t_numeric order by id;
select id, round(v), ceil(v), floor(v), abs(v), sign(v) from ordersdb.dt.t_double where id in (2, 3, 7) order by id;
select id, mod(v, 3), mod(-v, 3), power(v, 2), sqrt(abs(v)) from ordersdb.dt.t_integer where id not in (2, 3) order by id;
-- expect: 1024|0.5|4|3|1|0|3|3|-1|0
select power(2, 10), power(2.0, -1), sqrt(16), cbrt(27), exp(0), ln(1), log10(1000), log2(8), sign(-3), sign(0.0);
-- expect: 3141593|2718282|2718|2303|3|-3|0.130
select round(pi() * 1000000), round(e() * 1000000), round(exp(1) * 1000), round(ln(10) * 1000), round(2.5), round(-2.5), round(0.125, 2);
-- expect: 5|1|c|2023-01-01|2.0|NULL
select greatest(1, 5, 3), least(1, 5, 3), greatest('b', 'a', 'c'), least(date '2024-01-01', date '2023-01-01'), greatest(1.5, 2), least(1, null);
-- pg: select id, case when v is not null then greatest(v, 0) end, case when v is not null then least(v, 0) end from dt.t_integer order by id
select id, greatest(v, 0), least(v, 0) from ordersdb.dt.t_integer order by id;
-- expect: 0|-1|2|1|1.50|-1.50
select ceil(-0.5), floor(-0.5), ceil(1.2), floor(1.8), round(1.45, 1), round(-1.45, 1);
-- pg: select mod(10, 3), mod(-10, 3), mod(10.5, 3), abs(-7), abs(-7.25), trunc(-7.8)
select mod(10, 3), mod(-10, 3), mod(10.5, 3), abs(-7), abs(-7.25), truncate(-7.8);
-- pg: select date_trunc('month', date '2024-02-29')::date, date_trunc('year', date '2024-02-29')::date, date_trunc('quarter', date '2024-05-17')::date, date_trunc('week', date '2024-03-03')::date
select date_trunc('month', date '2024-02-29'), date_trunc('year', date '2024-02-29'), date_trunc('quarter', date '2024-05-17'), date_trunc('week', date '2024-03-03');
-- expect: 2024-03-29|2024-01-29|2025-02-28|2024-02-28|2024-03-07
select date_add('month', 1, date '2024-02-29'), date_add('month', -1, date '2024-02-29'), date_add('year', 1, date '2024-02-29'), date_add('day', -1, date '2024-02-29'), date_add('week', 1, date '2024-02-29');
-- expect: 29|1|1|11|-3|4
select date_diff('day', date '2024-02-01', date '2024-03-01'), date_diff('month', date '2024-01-31', date '2024-02-29'), date_diff('month', date '2024-01-15', date '2024-02-15'), date_diff('month', date '2023-03-15', date '2024-02-29'), date_diff('year', date '2024-01-01', date '2020-12-31'), date_diff('week', date '2024-01-01', date '2024-01-29');
-- pg: select id, extract(isodow from v), extract(doy from v), extract(week from v), (date_trunc('month', v) + interval '1 month' - interval '1 day')::date from dt.t_date order by id
select id, day_of_week(v), day_of_year(v), week(v), last_day_of_month(v) from ordersdb.dt.t_date order by id;
-- pg: select id, to_char(v, 'YYYY/MM/DD'), to_char(v, 'DD.MM.YYYY') from dt.t_date order by id
select id, date_format(v, '%Y/%m/%d'), format_datetime(v, 'dd.MM.yyyy') from ordersdb.dt.t_date order by id;
-- expect: 2024-02-29 13:14:15.000|2024-02-29
select date_parse('29/02/2024 13:14:15', '%d/%m/%Y %H:%i:%s'), from_iso8601_date('2024-02-29');
-- expect: 2024|1|29|2|60|9
select year(date '2024-02-29'), quarter(date '2024-02-29'), day(date '2024-02-29'), month(date '2024-02-29'), day_of_year(date '2024-02-29'), week(date '2024-02-29');
-- expect: 23|59|59|999
select hour(timestamp '2024-01-01 23:59:59.999'), minute(timestamp '2024-01-01 23:59:59.999'), second(timestamp '2024-01-01 23:59:59.999'), millisecond(timestamp '2024-01-01 23:59:59.999');
select count(*) from ordersdb.public.orders where order_date < current_date and current_date > date '2020-01-01';
select count(*) from ordersdb.public.orders where cast(order_date as timestamp) < localtimestamp;
-- expect: 2024-03-01 00:00:00.000000|2024-02-29 23:00:00.000000|2024-02-29 00:00:00.000000
select date_trunc('day', v + interval '1' second), date_trunc('hour', v), date_trunc('day', v) from ordersdb.dt.t_timestamp where id = 1;
-- expect: 1|2024-03-01 00:59:59.999999|2024-02-29 23:59:58.999999
select id, date_add('hour', 1, v), date_add('second', -1, v) from ordersdb.dt.t_timestamp where id = 1;
-- expect: 1|1|60|86400
select id, date_diff('day', v, timestamp '2024-03-02 00:00:00'), date_diff('minute', timestamp '2024-02-29 22:59:59.999999', v), date_diff('second', v, date_add('day', 1, v)) from ordersdb.dt.t_timestamp where id = 1;
-- expect: 4|2000-01-01|12|34|56|500
select id, cast(v as date), hour(v), minute(v), second(v), millisecond(v) from ordersdb.dt.t_timestamp where id = 4;
-- expect: 1|00:01:00.000000|01:00:00.000000
-- expect: 2|00:00:59.999999|00:59:59.999999
-- expect: 4|12:31:00.000000|13:30:00.000000
-- expect: 5|08:16:30.250000|09:15:30.250000
select id, v + interval '1' minute, v + interval '1' hour from ordersdb.dt.t_time where v is not null order by id;
-- expect: 1|1|2|1|2
select id, day(v), hour(v), year(m), month(m) from ordersdb.dt.t_interval where id = 1;
-- expect: 3|1000000000.000|1000000000.000|1000000000|decimal(13,3)
select id, round(v, -1), round(v, 2), round(v), typeof(round(v, 1)) from ordersdb.dt.t_numeric where id = 3;
-- expect: 0.0|0.000|100.000|-100.00
select round(DECIMAL '4.5', -1), round(DECIMAL '0.004', 2), round(DECIMAL '99.995', 2), round(DECIMAL '-99.95', 1);
-- expect: 20|-20.0|10.00|100.0|0.0
select round(DECIMAL '15', -1), round(DECIMAL '-15.5', -1), round(DECIMAL '14.99', -1), round(DECIMAL '149.5', -2), round(DECIMAL '0.5', -1);

-- branch difftests (issue 8), part 2: aggregates with FILTER, windows and
-- frames, grouping sets, subqueries with NULLs, set operations, VALUES, joins
-- of every kind over NULL and multi-column keys (dt.j_left in ordersdb,
-- dt.j_right in customersdb).
select g, count(*), count(x), sum(x), min(x), max(x), sum(y), min(d), max(d) from ordersdb.dt.w group by g order by g nulls first;
-- pg: select g, count(*) filter (where x > 5), sum(y) filter (where y > 0), count(distinct x), max(x) filter (where d >= date '2024-02-01'), count(*) filter (where x is not null) from dt.w group by g order by g nulls first
select g, count_if(x > 5), sum(y) filter (where y > 0), count(distinct x), max(x) filter (where d >= date '2024-02-01'), count(*) filter (where x is not null) from ordersdb.dt.w group by g order by g nulls first;
-- expect: a|16.666666666666668|1.88
-- expect: b|5|2.25
-- expect: c|-1.5|5.06
-- expect: NULL|7|0.00
select g, avg(x), avg(y) from ordersdb.dt.w group by g order by g;
select count(*), count(g), count(distinct g), count(distinct x), sum(distinct x), min(g), max(g) from ordersdb.dt.w;
select sum(x), count(*), max(y) from ordersdb.dt.w where id > 100;
select g, x, count(*) from ordersdb.dt.w group by g, x order by g nulls last, x nulls last;
select g, sum(x) from ordersdb.dt.w group by g having sum(x) > 0 order by g;
select g from ordersdb.dt.w group by g having count(*) filter (where x is null) > 0 order by g;
-- pg: select case when bool_and(x > 0) then 1 when not bool_and(x > 0) then 0 end, case when bool_or(y < 0) then 1 else 0 end, g from dt.w group by g order by g nulls first
select case when bool_and(x > 0) then 1 when not bool_and(x > 0) then 0 end, case when bool_or(y < 0) then 1 else 0 end, g from ordersdb.dt.w group by g order by g nulls first;
-- pg: select g, (array_agg(id order by x * 100 + id desc))[1], (array_agg(id order by y * 100 + id))[1] from dt.w where x is not null and y is not null group by g order by g nulls first
select g, max_by(id, x * 100 + id), min_by(id, y * 100 + id) from ordersdb.dt.w where x is not null and y is not null group by g order by g nulls first;
-- pg: select round(stddev_samp(x)::numeric, 6)::float8, round(var_samp(x)::numeric, 6)::float8, round(stddev_pop(x)::numeric, 6)::float8, round(var_pop(x)::numeric, 6)::float8 from dt.w
select round(stddev_samp(x), 6), round(var_samp(x), 6), round(stddev_pop(x), 6), round(var_pop(x), 6) from ordersdb.dt.w;
-- pg: select count(distinct g), count(distinct x) from dt.w
select approx_distinct(g), approx_distinct(x) from ordersdb.dt.w;
-- pg: select count(*) from (select min(x) as a, g from dt.w where g = 'c' and x = 0 group by g) t where a = 0
select count(*) from (select arbitrary(x) as a, g from ordersdb.dt.w where g = 'c' and x = 0 group by g) t where a = 0;
select id, g, x, row_number() over (partition by g order by x, id), rank() over (partition by g order by x), dense_rank() over (partition by g order by x) from ordersdb.dt.w order by id;
select id, x, rank() over (order by x desc nulls last), dense_rank() over (order by x nulls first), ntile(3) over (order by id) from ordersdb.dt.w order by id;
select id, x, percent_rank() over (partition by g order by x nulls first), cume_dist() over (partition by g order by x nulls first) from ordersdb.dt.w order by id;
select id, x, lag(x) over (order by id), lead(x) over (order by id), lag(x, 2, -1) over (order by id), lead(x, 3, 99) over (order by id) from ordersdb.dt.w order by id;
select id, g, first_value(x) over (partition by g order by id), last_value(x) over (partition by g order by id rows between unbounded preceding and unbounded following), nth_value(x, 2) over (partition by g order by id rows between unbounded preceding and unbounded following) from ordersdb.dt.w order by id;
-- pg: select id, x, sum(x) over (order by id rows between 1 preceding and 1 following), round(avg(y) over (order by id rows between 2 preceding and current row), 2), count(x) over (order by id rows unbounded preceding) from dt.w order by id
select id, x, sum(x) over (order by id rows between 1 preceding and 1 following), avg(y) over (order by id rows between 2 preceding and current row), count(x) over (order by id rows unbounded preceding) from ordersdb.dt.w order by id;
select id, x, sum(x) over (order by x range between unbounded preceding and current row), count(*) over (order by x range between 5 preceding and 5 following) from ordersdb.dt.w where x is not null order by id;
select id, g, x, sum(x) over (partition by g), max(x) over (partition by g order by id rows between current row and unbounded following), min(y) over (partition by g order by id rows between 1 following and 2 following) from ordersdb.dt.w order by id;
select id, d, count(*) over (order by d), sum(x) over (order by d, id) from ordersdb.dt.w order by id;
select id, g, y, sum(y) over (partition by g order by y desc nulls last rows between unbounded preceding and current row) from ordersdb.dt.w order by id;
select g, sum(x), rank() over (order by sum(x) desc nulls last) from ordersdb.dt.w group by g order by g nulls first;
select id, x, sum(x) over w, max(x) over w from ordersdb.dt.w window w as (partition by g order by id) order by id;
select * from (select id, g, row_number() over (partition by g order by y desc nulls last, id) as rn from ordersdb.dt.w) t where rn <= 2 order by g nulls first, rn;
-- expect: 1|10|NULL|10
-- expect: 2|20|10|20
-- expect: 3|20|20|20
-- expect: 4|NULL|20|5
-- expect: 5|5|20|5
-- expect: 6|7|5|7
-- expect: 7|NULL|7|-3
-- expect: 8|-3|7|-3
-- expect: 9|5|-3|5
-- expect: 10|0|5|0
select id, x, lag(x) ignore nulls over (order by id), first_value(x) ignore nulls over (order by id rows between current row and unbounded following) from ordersdb.dt.w order by id;
select g, x, count(*), grouping(g), grouping(x) from ordersdb.dt.w group by rollup (g, x) order by 4, 5, g nulls first, x nulls first;
select g, x, count(*), sum(y), grouping(g, x) from ordersdb.dt.w group by cube (g, x) order by 5, g nulls first, x nulls first;
-- error: 42803
select g, d, count(*) from ordersdb.dt.w group by grouping sets ((g), (d), ()) order by grouping(g), grouping(d), g nulls first, d nulls first;
-- error: 42803
select g, count(*), grouping(g) from ordersdb.dt.w group by grouping sets ((g), ()) having count(*) > 1 order by grouping(g), g nulls first;
-- error: 42P10
select status, extract(year from order_date), count(*) from ordersdb.public.orders group by rollup (status, extract(year from order_date)) order by 1 nulls last, 2 nulls last;
select payment_method, count(*), sum(amount), grouping(payment_method) from paymentsdb.public.payments group by cube (payment_method) order by 4, 1;
select id from ordersdb.dt.j_left where k1 in (select k1 from customersdb.dt.j_right) order by id;
select id from ordersdb.dt.j_left where k1 not in (select k1 from customersdb.dt.j_right) order by id;
select id from ordersdb.dt.j_left where k1 not in (select k1 from customersdb.dt.j_right where k1 is not null) order by id;
select id, case when k1 in (select k1 from customersdb.dt.j_right) then 1 when k1 not in (select k1 from customersdb.dt.j_right) then 0 end from ordersdb.dt.j_left order by id;
select id from ordersdb.dt.j_left l where exists (select 1 from customersdb.dt.j_right r where r.k1 = l.k1 and r.k2 = l.k2) order by id;
select id from ordersdb.dt.j_left l where not exists (select 1 from customersdb.dt.j_right r where r.k1 = l.k1) order by id;
select id, (select count(*) from customersdb.dt.j_right r where r.k1 = l.k1), (select max(r.w) from customersdb.dt.j_right r where r.k2 = l.k2) from ordersdb.dt.j_left l order by id;
select id, x from ordersdb.dt.w where x > (select avg(x) from ordersdb.dt.w) order by id;
select id, x from ordersdb.dt.w o where x = (select max(x) from ordersdb.dt.w i where i.g = o.g) order by id;
select id from ordersdb.dt.w where x > all (select x from ordersdb.dt.w where g = 'b' and x is not null) order by id;
select id from ordersdb.dt.w where x < any (select x from ordersdb.dt.w where g = 'c') order by id;
select id from ordersdb.dt.w where x > all (select x from ordersdb.dt.w where g = 'b') order by id;
select t.g, t.n from (select g, count(*) as n from ordersdb.dt.w group by g) t where t.n > 2 order by t.g;
select (select min(id) from ordersdb.dt.w), (select max(x) from ordersdb.dt.w where g = 'zz'), (select count(*) from customersdb.dt.j_right);
select k1 from ordersdb.dt.j_left union select k1 from customersdb.dt.j_right order by 1 nulls first;
select k1 from ordersdb.dt.j_left union all select k1 from customersdb.dt.j_right order by 1 nulls first;
select k1, k2 from ordersdb.dt.j_left intersect select k1, k2 from customersdb.dt.j_right order by 1 nulls first, 2 nulls first;
select k1, k2 from ordersdb.dt.j_left except select k1, k2 from customersdb.dt.j_right order by 1 nulls first, 2 nulls first;
select k1 from ordersdb.dt.j_left intersect all select k1 from customersdb.dt.j_right order by 1 nulls first;
select k1 from ordersdb.dt.j_left except all select k1 from customersdb.dt.j_right order by 1 nulls first;
select k2 from customersdb.dt.j_right except distinct select k2 from ordersdb.dt.j_left order by 1;
select k1 from ordersdb.dt.j_left union distinct select k1 from customersdb.dt.j_right intersect select k1 from customersdb.dt.j_right order by 1 nulls first;
select count(*) from (select g from ordersdb.dt.w union all select k2 from ordersdb.dt.j_left) t;
-- pg: select a, b, c::numeric(3,2) from (values (1, 'x', 1.5), (2, null, null), (3, '', -0.25)) as t(a, b, c) order by a
select a, b, c from (values (1, 'x', 1.5), (2, null, null), (3, '', -0.25)) as t(a, b, c) order by a;
select count(*), sum(a) from (values (1), (2), (3), (null)) as t(a);
select t.a, l.v from (values (1), (3), (null)) as t(a) left join ordersdb.dt.j_left l on l.k1 = t.a order by 1 nulls first, 2;
select l.id, r.id from ordersdb.dt.j_left l join customersdb.dt.j_right r on l.k1 = r.k1 and l.k2 = r.k2 order by 1, 2;
select l.id, r.id from ordersdb.dt.j_left l left join customersdb.dt.j_right r on l.k1 = r.k1 and l.k2 = r.k2 order by 1, 2;
select l.id, r.id from ordersdb.dt.j_left l right join customersdb.dt.j_right r on l.k1 = r.k1 and l.k2 = r.k2 order by 2, 1;
select l.id, r.id from ordersdb.dt.j_left l full join customersdb.dt.j_right r on l.k1 = r.k1 and l.k2 = r.k2 order by 1 nulls first, 2 nulls first;
select l.id, r.id from ordersdb.dt.j_left l join customersdb.dt.j_right r on l.k1 = r.k1 order by 1, 2;
select l.id, r.id from ordersdb.dt.j_left l full join customersdb.dt.j_right r on l.k1 = r.k1 order by 1 nulls first, 2 nulls first;
select l.id, r.id from ordersdb.dt.j_left l join customersdb.dt.j_right r on l.k1 < r.k1 order by 1, 2;
select l.id, r.id from ordersdb.dt.j_left l left join customersdb.dt.j_right r on l.k1 > r.k1 and l.k2 <> r.k2 order by 1, 2 nulls first;
select l.id, r.id from ordersdb.dt.j_left l full join customersdb.dt.j_right r on l.k1 = r.k1 and l.id < r.id order by 1 nulls first, 2 nulls first;
select l.id, r.id from ordersdb.dt.j_left l cross join customersdb.dt.j_right r where l.id < 3 and r.id < 3 order by 1, 2;
select l.id, r.id from ordersdb.dt.j_left l, customersdb.dt.j_right r where l.k2 = r.k2 and l.k1 + 1 = r.k1 order by 1, 2;
select l.id, r.id from ordersdb.dt.j_left l join customersdb.dt.j_right r on l.k1 = r.k1 and r.w like 'r%' where l.v <> 'l1' order by 1, 2;
select l.id, r.id from ordersdb.dt.j_left l left join customersdb.dt.j_right r on l.k1 = r.k1 where r.id is null order by 1;
select l.id, r.id, w.id from ordersdb.dt.j_left l join customersdb.dt.j_right r on l.k1 = r.k1 join ordersdb.dt.w w on w.id = r.id order by 1, 2, 3;
select l.id, count(r.id) from ordersdb.dt.j_left l left join customersdb.dt.j_right r on l.k2 = r.k2 group by l.id order by l.id;
select l.id, r.id from ordersdb.dt.j_left l join ordersdb.dt.j_left r on l.k1 = r.k1 and l.k2 = r.k2 and l.id <> r.id order by 1, 2;
select l.id, r.id from ordersdb.dt.j_left l full join ordersdb.dt.j_left r on l.k1 = r.k1 + 1 order by 1 nulls first, 2 nulls first;
select c.id, o.id from customersdb.public.customers c join ordersdb.public.orders o on o.user_id = c.id and o.order_date between date '2018-01-01' and date '2018-01-31' order by 1, 2;
select c.id, o.id from customersdb.public.customers c join ordersdb.public.orders o on o.user_id between c.id - 1 and c.id + 1 where c.id < 5 order by 1, 2;
select o.id, p.id from ordersdb.public.orders o left join paymentsdb.public.payments p on p.order_id = o.id and p.amount > o.user_id * 10 where o.id < 25 order by 1, 2 nulls first;
select c.id, x.n from customersdb.public.customers c left join (select user_id, count(*) as n from ordersdb.public.orders group by user_id) x on x.user_id = c.id where c.id < 20 order by 1;

-- branch difftests (issue 8), part 3: Trino's default NULL ordering, integer
-- division, result types (typeof), the typed tables joined and compared,
-- interval arithmetic, more windows, subqueries and joins over the jaffle mesh.
-- pg: select id, x from dt.w order by x desc nulls last, id
select id, x from ordersdb.dt.w order by x desc, id;
-- pg: select id, x from dt.w order by x nulls last, id
select id, x from ordersdb.dt.w order by x, id;
-- pg: select g, count(*) from dt.w group by g order by g nulls last
select g, count(*) from ordersdb.dt.w group by g order by g;
-- pg: select g, count(*) from dt.w group by g order by g desc nulls last
select g, count(*) from ordersdb.dt.w group by g order by g desc;
-- pg: select id, x, row_number() over (order by x desc nulls last, id) from dt.w order by id
select id, x, row_number() over (order by x desc, id) from ordersdb.dt.w order by id;
-- pg: select id, y from dt.w order by y desc nulls last, id limit 4
select id, y from ordersdb.dt.w order by y desc, id limit 4;
-- expect: 3|-3|3|-4|2
select 7 / 2, -7 / 2, 10 / 3, -9 / 2, 5 / 2;
-- expect: integer|bigint|decimal(12,3)|decimal(38,10)|real|double|varchar(10)|char(5)|date|timestamp(6)|time(6)|boolean
select typeof(i.v), typeof(b.v), typeof(n.v), typeof(n.w), typeof(r.v), typeof(d.v), typeof(vc.v), typeof(c.v), typeof(dt.v), typeof(ts.v), typeof(tm.v), typeof(bo.v) from ordersdb.dt.t_integer i, ordersdb.dt.t_bigint b, ordersdb.dt.t_numeric n, ordersdb.dt.t_real r, ordersdb.dt.t_double d, ordersdb.dt.t_varchar vc, ordersdb.dt.t_char c, ordersdb.dt.t_date dt, ordersdb.dt.t_timestamp ts, ordersdb.dt.t_time tm, ordersdb.dt.t_boolean bo where i.id = 1 and b.id = 1 and n.id = 1 and r.id = 1 and d.id = 1 and vc.id = 1 and c.id = 1 and dt.id = 1 and ts.id = 1 and tm.id = 1 and bo.id = 1;
-- expect: smallint|smallint|bigint|decimal(38,18)|interval day to second|interval year to month
select typeof(s.v), typeof(s.v + s.v), typeof(sum(s.v)), typeof(u.v), typeof(iv.v), typeof(iv.m) from ordersdb.dt.t_smallint s, ordersdb.dt.t_numeric_unb u, ordersdb.dt.t_interval iv where s.id = 1 and u.id = 1 and iv.id = 1 group by s.v, u.v, iv.v, iv.m;
-- expect: decimal(14,3)|decimal(24,6)|decimal(38,3)|decimal(12,3)|bigint|double|decimal(12,3)
select typeof(v + 1), typeof(v * v), typeof(sum(v)), typeof(avg(v)), typeof(count(v)), typeof(avg(id)), typeof(v / 7) from ordersdb.dt.t_numeric group by v order by 1 limit 1;
-- expect: bigint|bigint|bigint|bigint|double|real
select typeof(sum(s.v)), typeof(sum(i.v)), typeof(sum(b.v)), typeof(count(*)), typeof(avg(i.v)), typeof(sum(r.v)) from ordersdb.dt.t_smallint s, ordersdb.dt.t_integer i, ordersdb.dt.t_bigint b, ordersdb.dt.t_real r where s.id = i.id and i.id = b.id and b.id = r.id and s.id = 1;
select id, v from ordersdb.dt.t_char where id <> 3 order by id;
select count(*), count(v) from ordersdb.dt.t_char;
select c.id, c.v, t.v from ordersdb.dt.t_char c join ordersdb.dt.t_text t on t.id = c.id order by c.id;
select id, v from ordersdb.dt.t_varchar where v like '%a%' order by id;
select id, v from ordersdb.dt.t_varchar where v < 'b' order by id;
select id, v, length(v) from ordersdb.dt.t_varchar where v = '' or v is null order by id;
select a.id, b.id from ordersdb.dt.t_text a join ordersdb.dt.t_varchar b on a.v = b.v order by 1, 2;
select id, v from ordersdb.dt.t_text where v in ('abc', '', ' ') order by id;
select id, v from ordersdb.dt.t_text where v > '' order by id;
select id, v || v, length(v || v), lower(v) = v from ordersdb.dt.t_text where id in (1, 2, 6) order by id;
select id, first_name from customersdb.public.customers where first_name like '%!%%' escape '!' or first_name like 'A\_%' escape '\' order by id;
select id, last_name from customersdb.public.customers where last_name like '_.' order by id;
select count(*) from customersdb.public.customers where first_name like '%' and last_name like '%_%';
select id, v from ordersdb.dt.t_date where v < date '2000-01-01' order by id;
select id, v from ordersdb.dt.t_date where v is not null and extract(month from v) = 12 order by id;
select extract(year from v), count(*) from ordersdb.dt.t_date group by 1 order by 1 nulls first;
select count(*) from ordersdb.dt.t_date a join ordersdb.public.orders o on o.order_date > a.v where a.id = 6;
select id, v from ordersdb.dt.t_date where v in (date '2024-02-29', date '1970-01-01', null) order by id;
-- pg: select id, to_char(v, 'YYYY-MM-DD HH24:MI:SS.US') from dt.t_timestamp where v between timestamp '1999-12-31 00:00:00' and timestamp '2000-12-31 00:00:00' order by id
select id, v from ordersdb.dt.t_timestamp where v between timestamp '1999-12-31 00:00:00' and timestamp '2000-12-31 00:00:00' order by id;
-- pg: select id from dt.t_timestamp order by v desc nulls last, id
select id from ordersdb.dt.t_timestamp order by v desc, id;
-- pg: select id, cast(v as date) = date '2024-02-29' from dt.t_timestamp where v is not null order by id
select id, cast(v as date) = date '2024-02-29' from ordersdb.dt.t_timestamp where v is not null order by id;
select id from ordersdb.dt.t_time order by v nulls first, id;
select count(*), count(v) from ordersdb.dt.t_interval;
-- expect: 1|1 02:03:05.000|2 02:03:04.000
-- expect: 2|-0 02:59:59.000|0 21:00:00.000
-- expect: 4|0 00:00:01.000|1 00:00:00.000
-- expect: 5|10 00:00:01.500|11 00:00:00.500
select id, v + interval '1' second, v + interval '1' day from ordersdb.dt.t_interval where v is not null order by id;
-- expect: 2024-02-29|2025-04-29|2023-09-29|2034-02-28
select d, d + m1, d + m2, d + m3 from (select date '2024-02-29' as d, (select m from ordersdb.dt.t_interval where id = 1) as m1, (select m from ordersdb.dt.t_interval where id = 2) as m2, (select m from ordersdb.dt.t_interval where id = 5) as m3) t;
-- expect: 2
select count(*) from ordersdb.dt.t_interval where v > interval '0' second;
select i.id, coalesce(i.v, m1.v, 0) from ordersdb.dt.t_integer i left join (select id as i2, v from ordersdb.dt.t_smallint) m1 on false order by i.id;
select i.id, i.v, s.v, i.v + s.v from ordersdb.dt.t_integer i join ordersdb.dt.t_smallint s on s.id = i.id where i.id not in (2, 3) order by i.id;
select i.id, n.v + i.v, n.v * i.v from ordersdb.dt.t_integer i join ordersdb.dt.t_numeric n on n.id = i.id where i.id not in (2, 3) order by i.id;
-- pg: select i.id, d.v + i.v, d.v * i.v, d.v / nullif(i.v, 0) from dt.t_integer i join dt.t_double d on d.id = i.id where i.id not in (2, 3, 5) order by i.id
select i.id, d.v + i.v, d.v * i.v, d.v / nullif(i.v, 0) from ordersdb.dt.t_integer i join ordersdb.dt.t_double d on d.id = i.id where i.id not in (2, 3, 5) order by i.id;
select b.id, b.v = i.v, b.v > i.v from ordersdb.dt.t_bigint b join ordersdb.dt.t_integer i on i.id = b.id order by b.id;
select id, case when v = 0 then 'zero' end, case when v <> 0 then 'nz' else 'z-or-null' end from ordersdb.dt.t_smallint order by id;
select case when 1 = 0 then 1 end, case when null then 1 else 2 end, case null when null then 1 else 2 end, coalesce(null, null, 3), nullif(1, 1), nullif(1, 2);
-- expect: 1|NULL|b|NULL
select if(true, 1), if(false, 1), if(null, 'a', 'b'), if(1 > 2, 'x', null);
select id, case when amount > 2000 then 'a' when amount > 1000 then 'b' when amount > 0 then 'c' end from paymentsdb.public.payments where id < 25 order by id;
select payment_method, count(*) filter (where amount = 0), sum(amount) filter (where id % 2 = 0), avg(amount) filter (where amount > 100000) from paymentsdb.public.payments group by payment_method order by 1;
select o.status, count(distinct o.user_id), count(distinct p.payment_method), sum(p.amount) filter (where p.payment_method <> 'coupon') from ordersdb.public.orders o join paymentsdb.public.payments p on p.order_id = o.id group by o.status order by 1;
-- pg: select user_id, count(*), round(avg(id)::numeric, 6)::float8, min(order_date) from orders group by user_id having count(*) >= 3 order by user_id
select user_id, count(*), round(avg(id), 6), min(order_date) from ordersdb.public.orders group by user_id having count(*) >= 3 order by user_id;
select c.id, c.first_name, sum(p.amount) over (partition by c.id), count(*) over (partition by c.id order by o.order_date, p.id rows unbounded preceding) from customersdb.public.customers c join ordersdb.public.orders o on o.user_id = c.id join paymentsdb.public.payments p on p.order_id = o.id where c.id < 12 order by c.id, o.order_date, p.id;
select order_date, count(*), sum(count(*)) over (order by order_date rows between 6 preceding and current row) from ordersdb.public.orders group by order_date order by order_date;
select id, amount, amount - lag(amount, 1, 0) over (order by id), lead(payment_method, 1, 'none') over (partition by order_id order by id) from paymentsdb.public.payments where id < 30 order by id;
select user_id, order_date, dense_rank() over (order by user_id), rank() over (partition by user_id order by order_date desc nulls last), ntile(2) over (partition by user_id order by id) from ordersdb.public.orders where user_id < 15 order by user_id, order_date, id;
select id, amount, max(amount) over (order by id rows between unbounded preceding and 1 preceding), min(amount) over (order by id rows between 2 following and unbounded following) from paymentsdb.public.payments where id < 20 order by id;
select id, amount, sum(amount) over (order by amount, id range between unbounded preceding and current row) from paymentsdb.public.payments where id < 20 order by id;
select id from customersdb.public.customers c where (select count(*) from ordersdb.public.orders o where o.user_id = c.id) = 0 and id < 40 order by id;
select id from ordersdb.public.orders where user_id in (select id from customersdb.public.customers where first_name like 'J%') and id in (select order_id from paymentsdb.public.payments where payment_method = 'credit_card') order by id;
select status, (select count(*) from paymentsdb.public.payments p where p.order_id in (select o2.id from ordersdb.public.orders o2 where o2.status = o.status)) from ordersdb.public.orders o group by status order by status;
select x.pm, x.total from (select payment_method as pm, sum(amount) as total from paymentsdb.public.payments group by payment_method) x where x.total > (select avg(amount) * 10 from paymentsdb.public.payments) order by 1;
select a.status, b.status from (select distinct status from ordersdb.public.orders) a cross join (values ('placed'), ('shipped')) as b(status) order by 1, 2;
select payment_method from paymentsdb.public.payments except select 'coupon' union select 'zzz' order by 1;
select user_id from ordersdb.public.orders where status = 'returned' union all select id from customersdb.public.customers where id > 98 order by 1;
select o.status, p.payment_method, count(*), grouping(o.status), grouping(p.payment_method) from ordersdb.public.orders o join paymentsdb.public.payments p on p.order_id = o.id group by grouping sets ((o.status, p.payment_method), (o.status), ()) order by 4, 5, 1, 2;
-- error: 42P10
select extract(month from order_date), status, count(*) from ordersdb.public.orders group by cube (extract(month from order_date), status) order by 1 nulls last, 2 nulls last;
select c.id, o.id, p.id from customersdb.public.customers c full join ordersdb.public.orders o on o.user_id = c.id and o.id < 10 full join paymentsdb.public.payments p on p.order_id = o.id and p.id < 10 where coalesce(c.id, 0) < 8 order by 1 nulls first, 2 nulls first, 3 nulls first;
select c.id, o.id from customersdb.public.customers c left join ordersdb.public.orders o on o.user_id = c.id and o.user_id <> c.id where c.id < 5 order by 1;
select o.id, p.id from ordersdb.public.orders o join paymentsdb.public.payments p on p.order_id = o.id and p.id = o.id order by 1;
select count(*) from customersdb.public.customers c join ordersdb.public.orders o on o.user_id > c.id and o.user_id < c.id + 3;

-- branch difftests (issue 8), part 4: implicit coercions (common types of
-- CASE/COALESCE/UNION, mixed-type comparisons and joins), casts and their
-- errors, BETWEEN/IN/LIKE over the typed tables.
-- expect: decimal(11,1)|double|bigint|decimal(12,2)|varchar(5)|timestamp(0)|double
select typeof(coalesce(1, 2.5)), typeof(coalesce(1, 2e0)), typeof(case when true then 1 else 3000000000 end), typeof(if(true, 1.25, 10)), typeof(coalesce('a', 'abcde')), typeof(greatest(date '2024-01-01', timestamp '2024-01-01 10:00:00')), typeof(nullif(1e0, 2));
-- expect: 1|1|1|1
select count_if(date '2024-01-01' = timestamp '2024-01-01 00:00:00'), count_if(1 = 1.0), count_if(1 = 1e0), count_if(cast(1 as bigint) = cast(1 as smallint));
-- expect: decimal(11,1)
select typeof(x) from (select 1 as x union all select 2.5) t limit 1;
-- pg: select x::numeric(11,1) from (select 1 as x union all select 2.5 union all select -3) t order by x
select x from (select 1 as x union all select 2.5 union all select -3) t order by x;
-- pg: select x::float8 from (select 1 as x union all select 2.5e0) t order by x
select x from (select 1 as x union all select 2.5e0) t order by x;
select id from ordersdb.dt.t_integer where v in (7, 42.0, 0e0) order by id;
select id from ordersdb.dt.t_numeric where v in (0, 2.5, 1) order by id;
select id from ordersdb.dt.t_bigint where v = 7.0 or v = -5 order by id;
select i.id from ordersdb.dt.t_integer i join ordersdb.dt.t_numeric n on n.v = i.v order by 1;
select s.id, b.id from ordersdb.dt.t_smallint s join ordersdb.dt.t_bigint b on b.v = s.v order by 1, 2;
select d.id, r.id from ordersdb.dt.t_double d join ordersdb.dt.t_real r on r.v = d.v order by 1, 2;
select a.id, b.id from ordersdb.dt.t_date a join ordersdb.dt.t_timestamp b on cast(b.v as date) = a.v order by 1, 2;
-- pg: select id, (case when v > 0 then v else 0.5 end)::numeric(11,1) from dt.t_integer where id not in (2, 3) order by id
select id, case when v > 0 then v else 0.5 end from ordersdb.dt.t_integer where id not in (2, 3) order by id;
-- pg: select id, coalesce(v, 0.25)::numeric(7,2) from dt.t_smallint order by id
select id, coalesce(v, 0.25) from ordersdb.dt.t_smallint order by id;
-- pg: select id, v::float8 * 1.5::float8, v + 0.5 from dt.t_real order by id
select id, v * 1.5e0, v + 0.5 from ordersdb.dt.t_real order by id;
select id, v + 1000000000000, v * 1.0 from ordersdb.dt.t_integer order by id;
select id, '<' || cast(v as varchar) || '>', cast(v as varchar(20)) from ordersdb.dt.t_bigint order by id;
-- pg: select id, cast(v as varchar), v::text from dt.t_numeric order by id
select id, cast(v as varchar), cast(v as varchar(40)) from ordersdb.dt.t_numeric order by id;
select id, cast(v as varchar) from ordersdb.dt.t_date order by id;
-- expect: 1|2024-02-29 23:59:59.999999
-- expect: 2|1970-01-01 00:00:00.000000
-- expect: 3|NULL
-- expect: 4|2000-01-01 12:34:56.500000
-- expect: 5|1999-12-31 23:59:59.000000
-- expect: 6|2023-06-15 08:00:00.000001
select id, cast(v as varchar) from ordersdb.dt.t_timestamp order by id;
-- expect: 1|2024-03-01 00:00:00|2024-03-01 00:00:00.000|2024-02-29
-- expect: 4|2000-01-01 12:34:57|2000-01-01 12:34:56.500|2000-01-01
select id, cast(v as timestamp(0)), cast(v as timestamp(3)), cast(v as date) from ordersdb.dt.t_timestamp where id in (1, 4) order by id;
-- pg: select id, cast(cast(v as varchar) as integer) from dt.t_smallint order by id
select id, cast(cast(v as varchar) as integer) from ordersdb.dt.t_smallint order by id;
select id, cast(v as decimal(10,0)), cast(v as decimal(20,5)) from ordersdb.dt.t_integer order by id;
-- error: 22003
select cast(v as decimal(5,0)) from ordersdb.dt.t_integer where id = 3;
-- error: 22003
select cast(v as decimal(38,0)) * v * 100 from ordersdb.dt.t_bigint where id = 3;
-- error: 22018
select cast(v as integer) from ordersdb.dt.t_text where id = 1;
-- error: 22018
select cast('' as integer);
-- error: 22018
select cast('1.5' as integer);
-- expect: 2|1|NULL
select cast(1.5 as integer), cast(0.5e0 as integer), cast(null as integer);
-- expect: 1|0|NULL|1
select cast('true' as boolean), cast(0 as boolean), cast(null as boolean), cast(12 as boolean);
select id, v from ordersdb.dt.t_boolean where v = (id < 3) order by id;
select id, v from ordersdb.dt.t_text where v between 'a' and 'b' order by id;
select id, v from ordersdb.dt.t_text where v not between 'a' and 'z' order by id;
select id, v from ordersdb.dt.t_date where v between date '2000-01-01' and date '2024-02-29' order by id;
select id, v from ordersdb.dt.t_numeric where v between -1 and 1 order by id;
select id, v from ordersdb.dt.t_integer where v between null and 10 order by id;
select id, v from ordersdb.dt.t_integer where v not between 0 and null order by id;
select id, v from ordersdb.dt.t_integer where v in (select v from ordersdb.dt.t_smallint) order by id;
select id, v from ordersdb.dt.t_integer where v not in (select v from ordersdb.dt.t_smallint where v is not null) order by id;
select id, v from ordersdb.dt.t_integer where v not in (select v from ordersdb.dt.t_smallint) order by id;
select id from ordersdb.dt.t_integer i where exists (select 1 from ordersdb.dt.t_smallint s where s.v = i.v) order by id;
select id from ordersdb.dt.t_text where v like '%' order by id;
select id from ordersdb.dt.t_text where v like '' order by id;
select id from ordersdb.dt.t_text where v like '% %' order by id;
select id from ordersdb.dt.t_text where v like '%  ' order by id;
select id from ordersdb.dt.t_text where v like 'a%b!_c' escape '!' order by id;
select id from ordersdb.dt.t_text where v like '%\%%' escape '\' order by id;
select id, v is distinct from '', v is not distinct from '' from ordersdb.dt.t_text order by id;

-- branch difftests (issue 8), part 5: edge cases of Trino's string, rounding,
-- EXTRACT and window semantics, written down.
-- expect: |abc|xaxbxcx|1|1
select substr('abc', 0), substr('abc', 1), replace('abc', '', 'x'), position('' in 'abc'), strpos('abc', '');
-- expect: 3|-3|3|-1|2
select cast(2.5e0 as integer), cast(-2.5e0 as integer), round(2.5e0), round(-0.5e0), round(1.5e0);
-- expect: 1|7|4
select extract(dow from date '2024-01-01'), extract(dow from date '2024-01-07'), extract(day_of_week from date '2024-01-04');
-- expect: c|abc|bc
select trim('ab' from 'abcba'), trim(' ' from ' abc '), ltrim('aabc', 'a');
-- expect: NULL|NULL|1
select null = null, 'a' || null, case when null is null then 1 end;
-- error: 42P20
select lag(1, 0) over (), lag(1) over (), lead(1) over ();
-- expect: 1
-- expect: 1
-- expect: 1
-- expect: 2
-- expect: 2
select ntile(5) over (order by x) from (values (1), (2)) t(x) union all select ntile(2) over (order by x) from (values (3), (4), (5)) t(x) order by 1;
-- expect: 2023-12-01 00:00:00|2024-02-29 00:00:00
select timestamp '2024-01-01 00:00:00' - interval '1' month, timestamp '2024-03-31 00:00:00' - interval '1' month;
-- expect: 12
select length(lpad('', 12, 'ab'));
-- expect: 0|1
select count(*) filter (where 'a[b' like 'a[%' and false), count(*) filter (where 'a[b' like 'a[%');
-- branch binary: uuid (PostgreSQL's uuid orders bytewise, as Trino's)
select id, cast(lpad(cast(id as varchar), 8, '0') || '-0000-4000-8000-00000000000' || cast(id % 10 as varchar) as uuid) as u from customersdb.public.customers where id <= 12 order by u desc nulls last, id;
select cast(cast('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11' as uuid) as varchar), cast('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' as uuid) = cast('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11' as uuid);
select o.id, c.first_name from ordersdb.public.orders o join customersdb.public.customers c on cast('00000000-0000-0000-0000-' || lpad(cast(c.id as varchar), 12, '0') as uuid) = cast('00000000-0000-0000-0000-' || lpad(cast(o.user_id as varchar), 12, '0') as uuid) where o.id < 15 order by o.id;
select count(distinct cast('00000000-0000-0000-0000-' || lpad(cast(user_id as varchar), 12, '0') as uuid)), count(*) from ordersdb.public.orders;
-- pg: select id, v::text from dt.t_uuid order by v nulls last, id
select id, v from ordersdb.dt.t_uuid order by v nulls last, id;
select id from ordersdb.dt.t_uuid where v = UUID 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11';
-- expect: 1|{"a":1}|[1,2]
-- expect: 2|NULL|NULL
select id, v, b from ordersdb.dt.t_json order by id;
-- pg: select id, upper(encode(v, 'hex')), length(v), upper(md5(v)) from dt.t_bytea order by id
select id, to_hex(v), length(v), to_hex(md5(v)) from ordersdb.dt.t_bytea order by id;
-- pg: select id from dt.t_bytea where v > '\x00'::bytea order by v desc
select id from ordersdb.dt.t_bytea where v > X'00' order by v desc;
-- branch queries: GROUPS frames, UNNEST, WITH RECURSIVE, listagg/array_agg
select id, amount, sum(amount) over (order by amount groups between 1 preceding and 1 following), count(*) over (order by amount groups between current row and 2 following), min(id) over (partition by payment_method order by amount groups between unbounded preceding and 1 preceding) from paymentsdb.public.payments order by amount, id;
select user_id, id, count(*) over (partition by user_id order by order_date groups between 2 preceding and current row), max(id) over (order by user_id groups 1 preceding) from ordersdb.public.orders order by user_id, id;
select x, y from unnest(array[1, 2, 3], array['a', 'b']) as t(x, y) order by 1 nulls last;
select o.id, u.x, u.n from ordersdb.public.orders o cross join unnest(array[o.id, o.user_id]) with ordinality as u(x, n) where o.id < 8 order by 1, 3;
select c.id, u.v from customersdb.public.customers c, unnest(array[c.first_name, c.last_name]) u(v) where c.id < 6 order by 1, 2;
with recursive t(n) as (select 1 union all select n + 1 from t where n < 10) select n, n * n from t order by n;
with recursive chain(id, user_id, depth) as (select id, user_id, 0 from ordersdb.public.orders where id = 1 union all select o.id, o.user_id, c.depth + 1 from chain c join ordersdb.public.orders o on o.id = c.id + 1 where c.depth < 8) select id, user_id, depth from chain order by depth;
with recursive r(customer_id, n) as (select id, 1 from customersdb.public.customers where id <= 3 union all select r.customer_id, r.n + 1 from r where r.n < 4) select r.customer_id, r.n, c.first_name from r join customersdb.public.customers c on c.id = r.customer_id order by 1, 2;
select id, order_date, count(*) over (order by order_date range between interval '3' day preceding and current row), sum(id) over (order by order_date desc nulls last range between current row and interval '7' day following), count(*) over (partition by status order by order_date range between interval '1' month preceding and interval '1' day preceding) from ordersdb.public.orders order by order_date, id;

-- branch speed3: aggregates over cross-catalog joins, which the rule
-- partial_agg pre-aggregates inside one catalog (each runs with it off too):
-- duplicate join keys on the other side, NULL keys, outer joins on either
-- side, global aggregates over no rows.
select o.user_id, sum(p.amount), count(*), count(p.amount), min(p.amount), max(p.payment_method) from paymentsdb.public.payments p join ordersdb.public.orders o on p.order_id = o.id group by o.user_id order by 1;
select o.user_id, sum(p.amount), count(*) from paymentsdb.public.payments p left join ordersdb.public.orders o on p.order_id = o.id group by 1 order by 1 nulls first;
select o.status, count(*), sum(p.amount), cast(round(avg(p.amount) * 1000000) as bigint) from ordersdb.public.orders o join paymentsdb.public.payments p on p.order_id = o.id group by o.status order by 1;
select count(*), sum(p.amount), count(p.id) from paymentsdb.public.payments p join ordersdb.public.orders o on p.order_id = o.id where o.status = 'no such status';
select count(*), sum(p.amount), count(p.id), min(o.order_date) from paymentsdb.public.payments p join ordersdb.public.orders o on p.order_id = o.id;
select p.payment_method, sum(o.user_id), count(*), max(o.order_date) from paymentsdb.public.payments p join ordersdb.public.orders o on p.order_id = o.id group by 1 order by 1;
select o.user_id, count(p.id), sum(p.amount), count(*) from ordersdb.public.orders o left join paymentsdb.public.payments p on p.order_id = o.id where o.user_id < 30 group by 1 order by 1;
select o.user_id, sum(p.amount), count(*), max(p.amount) from paymentsdb.public.payments p join (select id, user_id from ordersdb.public.orders union all select id, user_id + 1000 from ordersdb.public.orders where id < 30) o on p.order_id = o.id group by 1 order by 1;
select o.user_id, sum(p.amount) from paymentsdb.public.payments p join ordersdb.public.orders o on p.order_id = o.id and p.amount > o.user_id * 10 group by 1 order by 1;
select c.id, count(*), sum(p.amount), min(p.payment_method) from paymentsdb.public.payments p join ordersdb.public.orders o on p.order_id = o.id join customersdb.public.customers c on c.id = o.user_id where c.id < 50 group by c.id order by 1;
select o.id % 3, p.payment_method, sum(p.amount), count(*) from ordersdb.public.orders o right join paymentsdb.public.payments p on p.order_id = o.id group by 1, 2 order by 1 nulls first, 2;

-- branch tz: timestamp with time zone (explicit zones and offsets, so the
-- answers do not depend on either side's session time zone)
select count(*) from ordersdb.public.orders where cast('2020-01-01 10:00:00-05:00' as timestamp with time zone) = cast('2020-01-01 15:00:00+00:00' as timestamp with time zone);
select id, extract(hour from cast('2020-07-01 12:00:00+00:00' as timestamp with time zone) at time zone 'America/New_York'), extract(hour from cast('2020-01-01 12:00:00+00:00' as timestamp with time zone) at time zone 'America/New_York') from ordersdb.public.orders where id < 4 order by id;
select extract(hour from cast('2020-03-08 06:59:59+00:00' as timestamp with time zone) at time zone 'America/New_York'), extract(hour from cast('2020-03-08 07:00:00+00:00' as timestamp with time zone) at time zone 'America/New_York'), extract(hour from cast('2020-11-01 05:59:59+00:00' as timestamp with time zone) at time zone 'America/New_York'), extract(hour from cast('2020-11-01 06:00:00+00:00' as timestamp with time zone) at time zone 'America/New_York');
select id from (values (1, cast('2020-01-01 10:00:00-05:00' as timestamp with time zone)), (2, cast('2020-01-01 14:00:00+00:00' as timestamp with time zone)), (3, cast('2020-01-01 20:00:00+05:30' as timestamp with time zone))) v(id, t) order by t, id;
select count(distinct t), count(*), min(id), max(id) from (values (1, cast('2020-01-01 10:00:00-05:00' as timestamp with time zone)), (2, cast('2020-01-01 15:00:00+00:00' as timestamp with time zone)), (3, cast('2020-01-01 20:30:00+05:30' as timestamp with time zone)), (4, cast('2020-01-01 15:00:01+00:00' as timestamp with time zone))) v(id, t);
select cast(cast('2020-01-01 02:00:00+00:00' as timestamp with time zone) at time zone 'America/Los_Angeles' as date), extract(day from cast('2020-01-01 02:00:00+00:00' as timestamp with time zone) at time zone 'America/Los_Angeles'), extract(year from cast('2020-01-01 02:00:00+00:00' as timestamp with time zone) at time zone 'Asia/Tokyo');
select o.id, o.order_date from ordersdb.public.orders o where cast(cast('2018-01-05 03:00:00+00:00' as timestamp with time zone) at time zone 'America/Chicago' as timestamp) > cast(o.order_date as timestamp) order by o.id;
select extract(hour from cast('2021-06-15 23:30:00+00:00' as timestamp with time zone) at time zone 'Australia/Sydney'), extract(hour from cast('2021-01-15 23:30:00+00:00' as timestamp with time zone) at time zone 'Australia/Sydney'), extract(minute from cast('2021-01-15 23:30:00+00:00' as timestamp with time zone) at time zone 'Asia/Kolkata');
-- pg: select id, extract(hour from v at time zone 'UTC'), extract(day from v at time zone 'Asia/Tokyo') from dt.t_timestamptz order by id
select id, hour(v), day(v at time zone 'Asia/Tokyo') from ordersdb.dt.t_timestamptz order by id;
select id from ordersdb.dt.t_timestamptz where v > cast('2024-02-29 17:00:00-06:00' as timestamp with time zone) order by id;
-- expect: 1|2024-02-29 23:59:59.000000 UTC
-- expect: 2|NULL
select id, v from ordersdb.dt.t_timestamptz order by id;

-- branch types2: char(n) compares padded (trailing blanks insignificant), prints padded
select id from ordersdb.dt.t_char where v = 'ab' order by id;
select id from ordersdb.dt.t_char where v = 'ab   ' order by id;
select id from ordersdb.dt.t_char where v = 'x' order by id;
select id from ordersdb.dt.t_char where v <> 'ab' order by id;
select v, count(*) from ordersdb.dt.t_char group by v order by min(id);
select a.id, b.id from ordersdb.dt.t_char a join ordersdb.dt.t_char b on a.v = b.v order by a.id, b.id;
select id, v = cast('ab' as char(3)), v = 'abcde' from ordersdb.dt.t_char order by id;
select cast('ab' as char(5)), cast('abcdef' as char(3)), cast('ab  ' as char(2)) = 'ab';
select id, v from ordersdb.dt.t_char where v in ('ab', 'x', '') order by id;
-- expect: char(5)|char(3)|char(1)
select typeof(v), typeof(cast('ab' as char(3))), typeof(cast('a' as char)) from ordersdb.dt.t_char where id = 1;
-- branch types2: real (PostgreSQL float4) is Trino's real: printed as a float, real arithmetic
select id, v from ordersdb.dt.t_real order by id;
select cast(0.1 as real), cast('0.1' as real), cast(-2.5 as real);
-- expect: real|real|double|real|real|real
select typeof(cast(1 as real)), typeof(cast(1 as real) + 1), typeof(cast(1 as real) + 1e0), typeof(cast(1 as real) * 1.5), typeof(sum(v)), typeof(avg(v)) from ordersdb.dt.t_real;
-- expect: 0.1|0.3|0.33333334
select cast(0.1 as real), cast(0.1 as real) + cast(0.2 as real), cast(1 as real) / 3;
-- expect: Infinity|-Infinity
select cast(1e300 as real), cast(-1e300 as real);
-- branch types2: random() / random(n) and truncate(x, d)
-- expect: 1|1|double|smallint|bigint
select case when random() >= 0 and random() < 1 then 1 else 0 end, case when random(10) between 0 and 9 then 1 else 0 end, typeof(random()), typeof(random(cast(5 as smallint))), typeof(random(5000000000));
-- expect: 100
select count(distinct random()) from ordersdb.dt.t_text cross join ordersdb.dt.t_text t2;
-- error: 22023
select random(0);
-- expect: 12.300|-10.000|12.345|decimal(5,3)
select truncate(DECIMAL '12.345', 1), truncate(DECIMAL '-12.345', -1), truncate(DECIMAL '12.345', 5), typeof(truncate(DECIMAL '12.345', 1));
-- expect: 12.3|-10|0|12.3|real
select truncate(12.345e0, 1), truncate(-12.345e0, -1), truncate(0.5e0, 0), truncate(cast(12.333 as real), 1), typeof(truncate(cast(12.333 as real), 1));

-- branch tinyint: Trino's tinyint (PostgreSQL has none: the reference spells it smallint)
-- pg: select id, v, v + 1, v - 1, -v from dt.t_smallint where id not in (2, 3) order by id
select id, cast(v as tinyint), cast(v as tinyint) + cast(1 as tinyint), cast(v as tinyint) - TINYINT '1', -cast(v as tinyint) from ordersdb.dt.t_smallint where id not in (2, 3) order by id;
-- pg: select id, case when v between -128 and 127 then v end from dt.t_smallint order by id
select id, try_cast(v as tinyint) from ordersdb.dt.t_smallint order by id;
-- error: 22003
select id, cast(v as tinyint) from ordersdb.dt.t_smallint order by id;
-- error: 22003
select cast(v as tinyint) + cast(v as tinyint) from ordersdb.dt.t_smallint where id = 6;
-- error: 22003
select TINYINT '100' + TINYINT '100';
-- error: 22003
select cast(200 as tinyint);
-- expect: NULL|NULL|-128|127
select try_cast(200 as tinyint), try_cast(-129 as tinyint), cast(-128 as tinyint), cast('127' as tinyint);
-- error: 22003
select id from ordersdb.dt.t_smallint where cast(v as tinyint) = TINYINT '7';
-- pg: select id, v / 2, v % 3 from dt.t_smallint where id not in (2, 3) order by id
select id, cast(v as tinyint) / cast(2 as tinyint), cast(v as tinyint) % TINYINT '3' from ordersdb.dt.t_smallint where id not in (2, 3) order by id;
-- error: 22012
select cast(v as tinyint) / TINYINT '0' from ordersdb.dt.t_smallint where id = 7;
-- expect: tinyint|tinyint|smallint|integer|bigint|decimal(5,1)|double|real
select typeof(TINYINT '1'), typeof(TINYINT '1' * TINYINT '2'), typeof(TINYINT '1' + SMALLINT '1'), typeof(TINYINT '1' + 1), typeof(TINYINT '1' + BIGINT '1'), typeof(TINYINT '1' + DECIMAL '1.5'), typeof(TINYINT '1' + 1e0), typeof(TINYINT '1' + REAL '1');
-- expect: 106|26.5|-1|100|4|bigint|double|tinyint
select sum(cast(v as tinyint)), avg(cast(v as tinyint)), min(cast(v as tinyint)), max(cast(v as tinyint)), count(cast(v as tinyint)), typeof(sum(cast(v as tinyint))), typeof(avg(cast(v as tinyint))), typeof(max(cast(v as tinyint))) from ordersdb.dt.t_smallint where id not in (2, 3);
-- pg: select id from dt.t_smallint where v = 7 or v > 50 order by id
select id from ordersdb.dt.t_smallint where v = TINYINT '7' or v > TINYINT '50' order by id;
-- pg: select id, v from dt.t_smallint where v between -1 and 7 order by id
select id, v from ordersdb.dt.t_smallint where v between TINYINT '-1' and TINYINT '7' order by id;
-- pg: select x from (select v x from dt.t_smallint where id = 6 union all select v from dt.t_smallint where id = 3) u order by x
select x from (select cast(v as tinyint) x from ordersdb.dt.t_smallint where id = 6 union all select v from ordersdb.dt.t_smallint where id = 3) u order by x;
-- pg: select a.id, b.id from dt.t_smallint a join dt.t_integer b on (case when a.v between -128 and 127 then a.v end) = b.v order by 1, 2
select a.id, b.id from ordersdb.dt.t_smallint a join ordersdb.dt.t_integer b on try_cast(a.v as tinyint) = b.v order by 1, 2;
-- pg: select id, sum(v) over (order by id), rank() over (order by v desc nulls last) from dt.t_smallint where id not in (2, 3) order by id
select id, sum(cast(v as tinyint)) over (order by id), rank() over (order by cast(v as tinyint) desc) from ordersdb.dt.t_smallint where id not in (2, 3) order by id;
-- pg: select v % 2, count(*) from dt.t_smallint where id not in (2, 3) group by 1 order by 1 nulls first
select cast(v as tinyint) % TINYINT '2', count(*) from ordersdb.dt.t_smallint where id not in (2, 3) group by 1 order by 1 nulls first;
-- expect: 5|-128|13|127|-7|1
select abs(TINYINT '-5'), least(TINYINT '-128', TINYINT '0'), cast(DECIMAL '12.5' as tinyint), cast(TINYINT '127' as double), cast(cast(TINYINT '-7' as varchar) as tinyint), case when cast(TINYINT '1' as boolean) then 1 else 0 end;
-- sqlmore: collecting aggregates and approx_distinct over windows, as Trino 476 answers
-- pg: select id, g, string_agg(cast(id as varchar), ',') over (partition by g order by id) from dt.w order by id
select id, g, listagg(cast(id as varchar), ',') within group (order by id) over (partition by g order by id) from ordersdb.dt.w order by id;
-- pg: select id, (select string_agg(cast(w2.id as varchar), ',' order by w2.id desc) from dt.w w2 where w2.g is not distinct from w.g and w2.id <= w.id) from dt.w w order by id
select id, listagg(cast(id as varchar), ',') within group (order by id desc) over (partition by g order by id) from ordersdb.dt.w order by id;
-- pg: select id, '[' || array_to_string(array_agg(x) over (order by id rows between 1 preceding and current row), ', ', 'NULL') || ']' from dt.w order by id
select id, array_agg(x) over (order by id rows between 1 preceding and current row) from ordersdb.dt.w order by id;
-- expect: 1|20
-- expect: 2|20
-- expect: 3|20
-- expect: 4|5
-- expect: 5|5
-- expect: 6|7
-- expect: 7|7
-- expect: 8|0
-- expect: 9|5
-- expect: 10|0
select id, approx_percentile(x, 0.5) over (partition by g) from ordersdb.dt.w order by id;
-- expect: 1|1
-- expect: 2|2
-- expect: 3|2
-- expect: 4|1
-- expect: 5|2
-- expect: 6|2
-- expect: 7|2
-- expect: 8|2
-- expect: 9|2
-- expect: 10|3
select id, approx_distinct(x) over (order by id rows between 2 preceding and current row) from ordersdb.dt.w order by id;
-- pg: select id, count(*) filter (where x > 5) over (partition by g), case when bool_and(x > 0) over (partition by g) then 1 when not bool_and(x > 0) over (partition by g) then 0 end from dt.w order by id
select id, count_if(x > 5) over (partition by g), case when bool_and(x > 0) over (partition by g) then 1 when not bool_and(x > 0) over (partition by g) then 0 end from ordersdb.dt.w order by id;
-- sqlmore: AT TIME ZONE of a time with time zone, date_format over a timestamp with time zone (Trino 476)
-- expect: 05:00:00+00:00|10:45:00+05:45|03:00:00+02:00
select cast(TIME '10:00:00+05:00' AT TIME ZONE 'UTC' as varchar), cast(TIME '10:00:00+05:00' AT TIME ZONE 'Asia/Kathmandu' as varchar), cast(TIME '23:00:00-02:00' AT TIME ZONE INTERVAL '2' HOUR as varchar);
-- expect: 2024-07-01 10:05:06.789000 AM Monday|01 23:30
select date_format(TIMESTAMP '2024-07-01 10:05:06.789 America/New_York', '%Y-%m-%d %H:%i:%s.%f %p %W'), date_format(TIMESTAMP '2024-01-01 23:30:00 +05:30', '%d %H:%i');
-- error: 22023
select TIMESTAMP '2024-01-01 10:00 UTC' AT TIME ZONE INTERVAL '15' HOUR;
-- sqlmore: a parenthesized recursion step with its own LIMIT / OFFSET (per run, as Trino 476); ORDER BY of the whole recursive query is Trino's 0A000
-- expect: 4
with recursive t(n) as (select * from (values 1, 2) v(x) union all (select n + 2 from t where n < 5 limit 1)) select count(*) from t;
-- expect: 1
with recursive t(n) as (select 1 union all (select n + 1 from t where n < 3 offset 1)) select n from t;
-- error: 0A000
with recursive t(n) as (select 1 union all select n + 1 from t where n < 5 order by 1) select n from t;
-- sqlmore: LATERAL derived tables (a correlated aggregate, top-n per row, LEFT with padding, across catalogs)
select c.id, o.n from customersdb.public.customers c cross join lateral (select count(*) as n from ordersdb.public.orders o where o.user_id = c.id) o where c.id <= 8 order by c.id;
select c.id, x.amount from customersdb.public.customers c left join lateral (select p.amount from ordersdb.public.orders o join paymentsdb.public.payments p on p.order_id = o.id where o.user_id = c.id order by p.amount desc, p.id limit 1) x on true where c.id between 1 and 12 order by c.id;
select w.id, l.s from ordersdb.dt.w w join lateral (select sum(w2.x) as s from ordersdb.dt.w w2 where w2.id <= w.id) l on l.s > 50 order by w.id;
select w.id, l.x from ordersdb.dt.w w left join lateral (select w2.x from ordersdb.dt.w w2 where w2.g = w.g and w2.id > w.id) l on l.x > 5 order by w.id, l.x;
-- speed4: CASE, COALESCE, NULLIF and IF shipped to PostgreSQL (whole query in one catalog, partial aggregation below a cross-catalog join)
select g, sum(case when x > 5 then x else 0 end), sum(case when g = 'a' then y end), count(case when y is null then 1 end) from ordersdb.dt.w group by g order by g nulls first;
select case when x >= 10 then 'big' when x >= 0 then 'small' else 'negative' end, count(*), sum(x) from ordersdb.dt.w group by 1 order by 1 nulls first;
select count(*) from ordersdb.dt.w where case g when 'a' then x when 'b' then -x end > 5;
select id, case when v = 0 then -1 else 100 / v end from ordersdb.dt.t_integer order by id;
select id, case when v > 0 then v else 0 end from ordersdb.dt.t_bigint order by id;
select id, case when v > 0 then v else cast(1 as smallint) end * cast(2 as smallint) from ordersdb.dt.t_smallint where id not in (2, 3) order by id;
-- error: 22003
select id, case when v < 0 then cast(0 as smallint) else v end + cast(1 as smallint) from ordersdb.dt.t_smallint order by id;
-- error: 22003
select id from ordersdb.dt.t_smallint where coalesce(v, cast(7 as smallint)) + cast(1 as smallint) > 0 order by id;
-- expect: 1|1
-- expect: 2|2
-- expect: 3|3
-- expect: 4|4
-- expect: 5|5
-- expect: 6|6
-- expect: 7|7
select id, case when id > 100 then 1 / 0 else id end from ordersdb.dt.t_integer order by id;
-- pg: select id, case when v > 0 then v::numeric(38,10) else w end from dt.t_numeric order by id
select id, case when v > 0 then v else w end from ordersdb.dt.t_numeric order by id;
select id, nullif(v, 'abc'), coalesce(v, 'none') from ordersdb.dt.t_text where coalesce(v, '') <> '' order by id;
select id, nullif(v, 7), 100 / nullif(v, 0), coalesce(v, -1) from ordersdb.dt.t_integer order by id;
select id from ordersdb.dt.t_text where case when v is null then 'zzz' else v end < 'b' order by id;
-- pg: select id, case when x > 10 then x else -x end from dt.w where case when x is null then 0 else x end >= 0 order by id
select id, if(x > 10, x, -x) from ordersdb.dt.w where if(x is null, 0, x) >= 0 order by id;
select o.status, sum(case when p.payment_method = 'credit_card' then p.amount else 0 end), sum(case when p.payment_method = 'coupon' then p.amount else 0 end), count(*) from ordersdb.public.orders o join paymentsdb.public.payments p on p.order_id = o.id group by o.status order by o.status;
select o.id, o.status, s.cc, s.total from ordersdb.public.orders o left join (select order_id, sum(case when payment_method = 'credit_card' then amount else 0 end) as cc, sum(amount) as total from paymentsdb.public.payments group by order_id) s on s.order_id = o.id order by o.id;
select case when amount >= 1000 then 'big' else 'small' end, count(*), sum(amount) from paymentsdb.public.payments group by 1 order by 1;
select d, max(case when x is null then 0 else x end), min(coalesce(g, 'none')) from ordersdb.dt.w group by d order by d nulls first;
-- speed4: sort pushdown (an ORDER BY over the probe side of LEFT / INNER joins sorted inside its catalog, the joins keeping the probe order)
 with customers as ( select * from customersdb.public.customers ), orders as ( select * from ordersdb.public.orders ), payments as ( select * from paymentsdb.public.payments ), customer_orders as ( select user_id, min(order_date) as first_order, max(order_date) as most_recent_order, count(id) as number_of_orders from orders group by 1 ), customer_payments as ( select orders.user_id, sum(amount) as total_amount from payments left join orders on payments.order_id = orders.id group by 1 ), final as ( select customers.id as customer_id, customers.first_name, customers.last_name, customer_orders.first_order, customer_orders.most_recent_order, customer_orders.number_of_orders, customer_payments.total_amount as customer_lifetime_value from customers left join customer_orders on customers.id = customer_orders.user_id left join customer_payments on customers.id = customer_payments.user_id ) select * from final order by customer_id;
select l.id, l.v, r.n from ordersdb.dt.j_left l left join (select k1, count(*) n from customersdb.dt.j_right group by k1) r on l.k1 = r.k1 order by l.id desc;
select l.id, r.n, r.mw from ordersdb.dt.j_left l join (select k1, k2, count(*) n, max(w) mw from customersdb.dt.j_right group by k1, k2) r on l.k1 = r.k1 and l.k2 = r.k2 and r.mw <> l.v order by l.k2 desc nulls first, l.id;
select c.last_name, c.id, s.n, s.total from customersdb.public.customers c left join (select o.user_id, count(*) n, sum(p.amount) total from ordersdb.public.orders o join paymentsdb.public.payments p on p.order_id = o.id group by o.user_id) s on s.user_id = c.id order by c.last_name, c.id desc;
select c.id, o.id, o.status from customersdb.public.customers c join ordersdb.public.orders o on o.user_id = c.id order by c.id * 1000 + o.id;
-- dialectwalk: Trino's bitwise functions (bigint and/or/xor/not and shifts by a constant 0..63 pushed to PostgreSQL as int8 & | # ~ << >>, the rest computed in the engine), and errors whose Trino errorName maps to the embedded engine's SQLSTATE
-- pg: select id, v & 12, v | 3, v # (-1), ~v from dt.t_bigint order by id
select id, bitwise_and(v, 12), bitwise_or(v, 3), bitwise_xor(v, -1), bitwise_not(v) from ordersdb.dt.t_bigint order by id;
-- pg: select id from dt.t_bigint where (v & 1) = 1 order by id
select id from ordersdb.dt.t_bigint where bitwise_and(v, 1) = 1 order by id;
-- pg: select id, v << 4, v >> 2 from dt.t_bigint where (v << 4) <> 0 order by id
select id, bitwise_left_shift(v, 4), bitwise_right_shift_arithmetic(v, 2) from ordersdb.dt.t_bigint where bitwise_left_shift(v, 4) <> 0 order by id;
-- pg: select v & 1, count(*) from dt.t_bigint group by 1 order by 1
select bitwise_and(v, 1), count(*) from ordersdb.dt.t_bigint group by 1 order by 1;
-- pg: select id, v & 255, ~v from dt.t_integer order by id
select id, bitwise_and(v, 255), bitwise_not(v) from ordersdb.dt.t_integer order by id;
-- expect: 1|0|0|0
-- expect: 2|1073741824|0|-1
-- expect: 3|1073741823|-2|0
-- expect: 4|NULL|NULL|NULL
-- expect: 5|2147483644|-14|-1
-- expect: 6|21|84|0
-- expect: 7|3|14|0
select id, bitwise_right_shift(v, 1), bitwise_left_shift(v, 1), bitwise_right_shift_arithmetic(v, 31) from ordersdb.dt.t_integer order by id;
-- expect: 1|0|0
-- expect: 2|8|0
-- expect: 3|7|0
-- expect: 4|NULL|NULL
-- expect: 5|15|0
-- expect: 6|0|0
-- expect: 7|0|0
select id, bitwise_right_shift(v, 60), bitwise_right_shift(v, 64) from ordersdb.dt.t_bigint order by id;
-- expect: 1|0|0
-- expect: 2|1|49
-- expect: 3|15|15
-- expect: 4|NULL|NULL
-- expect: 5|16|64
-- expect: 6|3|3
-- expect: 7|3|3
select id, bit_count(v, 16), bit_count(v, 64) from ordersdb.dt.t_smallint order by id;
-- expect: 1|0|0
-- expect: 5|-2|63
-- expect: 6|-56|25
-- expect: 7|14|1
select id, bitwise_left_shift(cast(v as tinyint), 1), bitwise_right_shift(cast(v as tinyint), 2) from ordersdb.dt.t_smallint where v between -128 and 127 order by id;
-- error: 22023
select id, bit_count(v, 8) from ordersdb.dt.t_smallint order by id;
-- error: 42883
select bitwise_and(v, 1.5) from ordersdb.dt.t_bigint;
-- error: 42P10
select id from ordersdb.dt.t_integer order by 3;
-- error: 42P20
select max(v) over (order by v, id range between 1 preceding and current row) from ordersdb.dt.t_integer;
-- error: 42803
select sum(sum(v)) from ordersdb.dt.t_integer;
-- error: 42883
select row_number() from ordersdb.dt.t_integer;
-- speedest: partial aggregation where the catalogs' statistics let it fire on the seed (payments grouped by payment_method: 4 groups of 113 rows), inner, LEFT with unmatched rows, global
select o.status, count(*), sum(p.amount), min(p.id), max(o.order_date) from ordersdb.public.orders o join paymentsdb.public.payments p on o.id = length(p.payment_method) group by 1 order by 1;
select p.payment_method, o.status, count(*), count(o.id), sum(p.amount) from paymentsdb.public.payments p left join ordersdb.public.orders o on o.status = p.payment_method group by 1, 2 order by 1, 2;
select count(*), sum(p.amount), count(o.id), max(p.payment_method) from paymentsdb.public.payments p left join ordersdb.public.orders o on o.id = length(p.payment_method) where p.amount > 500;
-- speedcm: one integer key found by hash alone (a NULL group beside the others; NULL probe keys), a varchar key compared in the store
select nullif(c.id % 7, 3) k, count(*), sum(o.id) from customersdb.public.customers c join ordersdb.public.orders o on o.user_id = c.id group by 1 order by 1 nulls first;
select c.id, o.id from customersdb.public.customers c left join ordersdb.public.orders o on nullif(o.user_id, 3) = c.id where c.id < 500 order by c.id, o.id;
select o.id, count(*), sum(p.amount) from ordersdb.public.orders o join paymentsdb.public.payments p on cast(p.order_id as varchar) = cast(o.id as varchar) group by o.id order by o.id;
-- json: Trino's json type (PostgreSQL json/jsonb columns, canonical text), its casts, the JSON functions and JSONPath
-- expect: 1|{"a":{"c":null,"d":true},"b":[1,2.5,"x"]}
-- expect: 2|[10,20,[30,40],{"k":"v"}]
-- expect: 3|"str"
-- expect: 4|12345678901234
-- expect: 5|NULL
-- expect: 6|{"0":"zero","e":2.0,"key with space":1}
select id, j from customersdb.dt.t_jdoc order by id;
-- expect: 1|[1,2.5,"x"]|2.5|2|NULL
-- expect: 2|NULL|NULL|NULL|[30,40]
-- expect: 3|NULL|NULL|NULL|NULL
-- expect: 4|NULL|NULL|NULL|NULL
-- expect: 5|NULL|NULL|NULL|NULL
-- expect: 6|NULL|NULL|NULL|NULL
select id, json_extract(j, '$.b'), json_extract_scalar(j, '$.b[1]'), json_size(j, '$.a'), json_extract(j, '$[2]') from customersdb.dt.t_jdoc order by id;
-- expect: 1|true|"x"|NULL|{"c":null,"d":true}
-- expect: 2|NULL|NULL|4|NULL
-- expect: 3|NULL|NULL|NULL|NULL
-- expect: 4|NULL|NULL|NULL|NULL
-- expect: 5|NULL|NULL|NULL|NULL
-- expect: 6|NULL|NULL|NULL|NULL
select id, json_extract_scalar(t, '$.a.d'), json_extract(t, '$.b[2]'), json_array_length(t), json_extract(t, '$["a"]') from customersdb.dt.t_jdoc order by id;
-- expect: 1|NULL|NULL|NULL|NULL
-- expect: 2|[30,40]|{"k":"v"}|4|1
-- expect: 3|NULL|NULL|NULL|NULL
-- expect: 4|NULL|NULL|NULL|NULL
-- expect: 5|NULL|NULL|NULL|NULL
-- expect: 6|NULL|NULL|NULL|NULL
select id, json_array_get(j, 2), json_array_get(j, -1), json_array_length(j), case when json_array_contains(j, 20) then 1 when not json_array_contains(j, 20) then 0 end from customersdb.dt.t_jdoc order by id;
-- expect: 6|5
select count(*), count(distinct j) from customersdb.dt.t_jdoc;
-- expect: 2|10|NULL|NULL
-- expect: 6|zero|2.0|0
select id, json_extract_scalar(j, '$["0"]'), json_extract_scalar(j, '$.e'), json_size(j, '$["key with space"]') from customersdb.dt.t_jdoc where id in (2, 6) order by id;
-- expect: 2|1
select id, case when j = json '[10,20,[30,40],{"k":"v"}]' then 1 else 0 end from customersdb.dt.t_jdoc where j = json_parse('[10, 20, [30, 40], {"k": "v"}]');
-- expect: "str"|1
-- expect: 12345678901234|1
-- expect: [10,20,[30,40],{"k":"v"}]|1
-- expect: {"0":"zero","e":2.0,"key with space":1}|1
-- expect: {"a":{"c":null,"d":true},"b":[1,2.5,"x"]}|1
-- expect: NULL|1
select json_format(j), count(*) from customersdb.dt.t_jdoc group by j order by json_format(j) nulls last;
-- expect: {"a":[100.0,0,"x"],"b":1.5}|[1,2]|json
select json_parse('{"b": 1.50, "a": [1e2, -0, "x"]}'), JSON '[1, 2]', typeof(JSON '1');
-- expect: "abc"|12|1.50|1.0E10|true|"a\"b"
select cast('abc' as json), cast(12 as json), cast(1.50 as json), cast(1e10 as json), cast(true as json), cast('a"b' as json);
-- expect: 12|2|1
select cast(json '"12"' as bigint), cast(json '1.6' as bigint), cast(json 'true' as double);
-- expect: 1|abc
select cast(json '1' as varchar), cast(json '"abc"' as varchar);
-- expect: 3.5E0
select cast(json '3.5' as varchar);
-- error: 22018
select cast(json '[1]' as varchar);
-- error: 22018
select cast(json '{"a":1}' as bigint);
-- error: 22023
select json_extract(json '{"a":1}', 'a');
-- error: 22023
select json_extract_scalar('{"a":1}', '$.a b');
-- error: 22023
select json_parse('{"a": bad}');
-- error: 42804
select j from customersdb.dt.t_jdoc order by j;
-- expect: a|b|NULL|2
select json_array_get(json '["a", "b", null, 2]', 0), json_array_get('["a", "b"]', -1), json_array_get(json '["a", "b", null, 2]', 2), json_array_get(json '["a", "b", null, 2]', 3);
-- expect: {"c":{"z":1,"y":2}}|1.5|{"z":1,"y":2}
select json_extract('{"c":{"z":1,"y":2}}', '$'), json_extract('{"a":1.50}', '$.a'), json_extract('{"a":1.50,"c":{"z":1,"y":2}}', '$.c');
-- expect: 1.50|1|NULL|NULL
select json_extract_scalar('{"a":1.50}', '$.a'), json_extract_scalar('[1,[2]]', '$[0]'), json_extract_scalar('[1,[2]]', '$[1]'), json_extract_scalar('not json', '$');
-- expect: 1|0|1|0|1
select case when is_json_scalar(json '1') then 1 else 0 end, case when is_json_scalar(json '[1]') then 1 else 0 end, case when json_array_contains('[1.5, "x"]', 1.5) then 1 else 0 end, case when json_array_contains('[1.5, "x"]', 1) then 1 else 0 end, case when json_array_contains(json '[true]', true) then 1 else 0 end;
-- expect: {"a":3,"b":1}|{"a":2,"b":1}
select json '{"b":1,"a":2,"a":3}', json_parse('{"a":2,"b":1}');
-- arrays: Trino's array(T) (typeof, ARRAY[...], array_agg, a[i], element_at, the array functions, UNNEST of array values, GROUP BY an array); answers written down from Trino's semantics and checked by the Trino agreement run
-- expect: array(integer)|array(varchar(2))|array(decimal(11,1))|array(integer)|array(array(integer))
select typeof(array[1, 2]), typeof(array['a', 'bc']), typeof(array[1, 2.5]), typeof(array_agg(v)), typeof(array[array[1]]) from ordersdb.dt.t_integer;
-- expect: [0, -2147483648, 2147483647, NULL, -7, 42, 7]
select array_agg(v order by id) from ordersdb.dt.t_integer;
-- expect: 7|0,-2147483648,2147483647,-7,42,7|0,-2147483648,2147483647,n,-7,42,7
select cardinality(array_agg(v)), array_join(array_agg(v order by id), ','), array_join(array_agg(v order by id), ',', 'n') from ordersdb.dt.t_integer;
-- expect: a|[10, 20, 20]
-- expect: b|[NULL, 5, 5]
-- expect: c|[-3, 0]
-- expect: NULL|[7, NULL]
select g, array_agg(x order by id) from ordersdb.dt.w group by g order by g nulls last;
-- expect: 1|1|0|NULL
-- expect: 2|2|-2147483648|NULL
-- expect: 3|3|2147483647|NULL
select id, array[id, v][1], element_at(array[v], -1), element_at(array[v], 2) from ordersdb.dt.t_integer where id < 4 order by id;
-- error: 22023
select array[1, 2, 3][4];
-- error: 22023
select element_at(array[1], 0);
-- expect: 1|NULL|NULL|0|0
select case when contains(array[1, null], 1) then 1 else 0 end, case when contains(array[1, null], 2) then 1 when not contains(array[1, null], 2) then 0 end, case when array[1, null] = array[1, null] then 1 when not (array[1, null] = array[1, null]) then 0 end, case when array[1, 2] = array[1, 3] then 1 else 0 end, case when array[1, null] is distinct from array[1, null] then 1 else 0 end;
-- expect: [a, b, , c]|[a, b,c]|a+b|[3, 1, NULL]
select split('a,b,,c', ','), split('a,b,c', ',', 2), array_join(array_sort(array['b', 'a', null]), '+'), array_distinct(array[3, 1, 3, null, null]);
-- expect: 5|a|3|[2]|[3, 2, 1]|[2, 3]|[3, 4]
select array_max(array[1, 5, 3]), array_min(array['b', 'a']), array_position(array[5, 6, 7], 7), array_remove(array[1, 2, 1], 1), reverse(array[1, 2, 3]), slice(array[1, 2, 3, 4], 2, 2), slice(array[1, 2, 3, 4], -2, 5);
-- expect: [1, 2, 3, 4, 5]|[5, 3, 1]|[1, 2, 3]|[x, x, x]|[1, 3]|[2, 3]|[1, 2, 3]
select sequence(1, 5), sequence(5, 1, -2), flatten(array[array[1, 2], array[3]]), repeat('x', 3), array_except(array[1, 2, 2, 3], array[2]), array_intersect(array[1, 2, 2, 3], array[3, 2]), array_union(array[1, 1, 2], array[2, 3]);
-- expect: a|10
-- expect: a|20
-- expect: a|20
-- expect: b|5
-- expect: b|5
-- expect: b|NULL
-- expect: c|-3
-- expect: c|0
select g, x from (select g, array_agg(x order by id) a from ordersdb.dt.w where g is not null group by g) s cross join unnest(s.a) u(x) order by g, x nulls last;
-- expect: 1|abc|1
-- expect: 9|x|1
-- expect: 9|y|2
-- expect: 9|z|3
select t.id, u.p, u.n from ordersdb.dt.t_text t cross join unnest(split(t.v, '-')) with ordinality u(p, n) where t.id in (1, 9) order by 1, 3;
-- expect: az|3
-- expect: bz|3
-- expect: cz|2
select array_join(a, ''), count(*) from (select array[g, 'z'] a from ordersdb.dt.w where g is not null) s group by a order by 1;
-- pg: select c.id, cardinality(array_agg(o.id)), array_to_string(array_agg(o.status order by o.id), ',') from public.customers c join public.orders o on o.user_id = c.id where c.id < 10 group by c.id order by c.id
select c.id, cardinality(array_agg(o.id)), array_join(array_agg(o.status order by o.id), ',') from customersdb.public.customers c join ordersdb.public.orders o on o.user_id = c.id where c.id < 10 group by c.id order by c.id;
-- expect: array(bigint)|[1, 22]|[1, 2, 3]|[1, 4]|[a, b]
select typeof(cast(array[1] as array(bigint))), cast(array['1', '22'] as array(integer)), array[1] || array[2, 3], array[1] || 4, concat(array['a'], array['b']);
-- error: 22018
select cast(array['1', 'x'] as array(integer));
-- error: 42804
select cast(array[1] as varchar);
-- expect: 1|[3, 1, 2]|[x, y]|3|x|array(integer)
-- expect: 2|[]|[]|0|NULL|array(integer)
-- expect: 3|NULL|NULL|NULL|NULL|array(integer)
-- expect: 4|[5, NULL, 5]|[a b, NULL, ]|3|a b|array(integer)
select id, a, t, cardinality(a), element_at(t, 1), typeof(a) from ordersdb.dt.t_array order by id;
-- expect: 1|[1, 2, 3]|3
-- expect: 4|[5, 5, NULL]|NULL
select id, array_sort(a), array_max(a) from ordersdb.dt.t_array where cardinality(a) > 0 order by id;
-- expect: 1|3
-- expect: 4|2
select id, count(*) from ordersdb.dt.t_array cross join unnest(a) u(x) where x is not null group by id order by id;
-- expect: 1
select id from ordersdb.dt.t_array where a = array[3, 1, 2] or contains(t, 'zz');
-- expect: 3|0|[NULL, 2]|[NULL, 1]|c|1.5|1.50/2.25|[NULL, NULL]|[]|[-2, 0, 2]
select array_position(array[1, null, 3], 3), array_position(array[1, 2], 5), array_remove(array[1, null, 1, 2], 1), array_distinct(array[null, 1, null]), array_max(array['b', 'c', 'a']), array_min(array[2.5, 1.5]), array_join(array[1.5, 2.25], '/'), repeat(null, 2), slice(array[1, 2, 3], -5, 2), sequence(-2, 2, 2);
-- expect: 1|NULL|0|1
select case when arrays_overlap(array[1, 2], array[2, 3]) then 1 else 0 end, case when arrays_overlap(array[1, null], array[3]) then 1 when not arrays_overlap(array[1, null], array[3]) then 0 end, case when contains(array[array[1]], array[2]) then 1 else 0 end, case when array[array[1, 2]] = array[array[1, 2]] then 1 else 0 end;
-- dblcast
-- expect: 1|0E0|0E0
-- expect: 2|-1.5E0|-1.5E0
-- expect: 3|3.25E0|3.25E0
-- expect: 4|NULL|NULL
-- expect: 5|1.0E15|1.0E15
-- expect: 6|-1.25E-1|-1.25E-1
-- expect: 7|1.234575E4|1.234575E4
select id, cast(v as varchar), cast(v as varchar(25)) from ordersdb.dt.t_double order by id;
-- expect: 1|0E0
-- expect: 2|-1.5E0
-- expect: 3|3.25E0
-- expect: 4|NULL
-- expect: 5|1.024E3
-- expect: 6|-1.25E-1
-- expect: 7|6.55365E4
select id, cast(v as varchar) from ordersdb.dt.t_real order by id;
-- expect: 1.23456789E7|1.234568E7|7.541985E2|-0E0|Infinity|-Infinity|NaN|1.2E3
select cast(12345678.9e0 as varchar), cast(cast(12345678.9e0 as real) as varchar), cast(cast(754.1985 as real) as varchar), cast(-0e0 as varchar), cast(infinity() as varchar), cast(-infinity() as varchar), cast(nan() as varchar), cast(12e2 as varchar(5));
-- expect: 3
-- expect: 7
select id from ordersdb.dt.t_double where cast(v as varchar) in ('3.25E0', '1.234575E4') order by id;
-- expect: 2|-1.5E0
-- expect: 6|-1.25E-1
select id, cast(v as varchar) from ordersdb.dt.t_real where cast(v as varchar) like '-%' order by id;
-- expect: 1.5E0/2.0E0|1.0E-1,NaN
select array_join(array[1.5e0, 2e0], '/'), array_join(array[cast(0.1 as real), cast(nan() as real)], ',');
-- trinofn: try, format, Trino's refusals
-- expect: 0|NULL|NULL
-- expect: 1|10|NULL
-- expect: 2|5|1
-- expect: NULL|NULL|NULL
select x, try(10 / x), case when x > 0 then try(1 / (x - 1)) end from (values 0, 1, 2, null) t(x) order by x nulls last;
-- pg: select count(*), 0, sum(case when id <> 50 then 100 / (id - 50) end) from customers;
select count(*), count(try(cast(first_name as integer))), sum(try(100 / (id - 50))) from customersdb.public.customers;
-- pg: select id, amount / (id % 7) from payments where case when id % 7 <> 0 then amount / (id % 7) end > 500 order by id;
select id, try(amount / (id % 7)) from paymentsdb.public.payments where try(amount / (id % 7)) > 500 order by id;
-- expect: NULL|NULL|NULL|NULL|NULL
select try(cast('x' as integer)), try(cast('2020-13-01' as date)), try(cast(300 as tinyint)), try(array[1, 2][5]), try(cast(9.99 as decimal(2,1)));
-- pg: select id, first_name || ' ' || last_name || ': ' || to_char(id * 1000, 'FM9,999,999') from customers where id <= 12 order by id;
select id, format('%s %s: %,d', first_name, last_name, id * 1000) from customersdb.public.customers where id <= 12 order by id;
-- expect: a|   42|bc    |3.14|ff|   42
select format('%s', 'a'), format('%5d', 42), format('%-6s', 'bc'), format('%.2f', 3.14159e0), format('%x', 255), format('%2$5d', 'a', 42);
-- expect: 1.01|1.01|0.4|1.0E20|1.50|2020-01-02|true|null|FF|+5|(5)|-0003.50
select format('%.2f', 1.005e0), format('%.2f', 1.005), format('%.1f', 0.35e0), format('%s', 1e20), format('%s', cast(1.50 as decimal(3,2))), format('%s', date '2020-01-02'), format('%b', 1), format('%s', null), format('%X', 255), format('%+d', 5), format('%(d', -5), format('%08.2f', -3.5e0);
-- error: 22023
select format('%d', 'a');
-- error: 22023
select format('%d %s', 1);
-- error: 42712
with a as (select 1 x), a as (select 2 x) select * from a;
-- error: 22003
select id from customersdb.public.customers order by id fetch first 0 rows only;
-- error: 22018
select cast(12345 as varchar(3));
-- error: 42P20
select id, lead(id) over (partition by first_name) from customersdb.public.customers;
-- error: 42P10
select id + 1, count(*) from customersdb.public.customers group by grouping sets ((id + 1));
-- expect: [0, 9, 9]|[1, 3]|[1]|[1, 2, 3]
select min(a), max(a), min(b), max(b) from (values (array[1, 2], array[1, 2]), (array[1, 3], array[1, 2, 3]), (array[0, 9, 9], array[1])) t(a, b);
-- expect: 2|1|[3]|[2]
select min_by(x, a), max_by(x, a), min_by(a, x), max_by(a, x) from (values (1, array[3]), (2, array[1, 5]), (3, array[2])) t(x, a);
-- expect: [2]|[1, NULL]
select max(a), min(a) from (values array[1, null], array[2]) t(a);
-- error: 0A000
select max(a) from (values array[1, null], array[1, 2]) t(a);
-- expect: [1]
-- expect: [2, NULL]
select a from (values array[2, null], array[1]) t(a) order by a;
-- error: 0A000
select a from (values array[2, 1], array[null]) t(a) order by a;
-- expect: [1,2,null]|["a","b"]|[1.50,2.25]|[[1],[2,3]]|["2020-01-01"]
select cast(array[1, 2, null] as json), cast(array['a', 'b'] as json), cast(array[1.5, 2.25] as json), cast(array[array[1], array[2, 3]] as json), cast(array[date '2020-01-01'] as json);
-- expect: [1, 2, NULL]|[1.5, 2.0]|[2, 3, -2]|[[1, 2], [3]]|[1, 2]|NULL
select cast(json '[1,2,null]' as array(integer)), cast(json '[1.5,"2"]' as array(double)), cast(json '[1.5, 2.5, -1.5]' as array(integer)), cast(json '[[1,2],[3]]' as array(array(integer))), cast(json_extract('{"a":[1,2]}', '$.a') as array(bigint)), try_cast(json '["x"]' as array(integer));
-- error: 22018
select cast(json '{"a":1}' as array(integer));
-- error: 42804
select cast(array[x'01'] as json);
-- sharedscan: queries that read one table twice with the same columns (rule shared_scan: one read, two uses)
select id, amount from paymentsdb.public.payments where amount > 1500 union all select id, amount from paymentsdb.public.payments where amount > 1500 order by 1, 2;
select c.id, o1.id, o2.id from customersdb.public.customers c left join ordersdb.public.orders o1 on o1.user_id = c.id left join ordersdb.public.orders o2 on o2.user_id = c.id and o2.id > o1.id where c.id < 40 order by 1, 2 nulls first, 3 nulls first;
with o as (select id, user_id from ordersdb.public.orders) select c.id, count(a.id), count(b.id) from customersdb.public.customers c left join o a on a.user_id = c.id left join o b on b.user_id = c.id + 1 group by c.id order by c.id;
select count(*), sum(amount) from (select order_id, amount from paymentsdb.public.payments intersect all select order_id, amount from paymentsdb.public.payments) x;
with s as (select user_id, count(*) n from ordersdb.public.orders group by user_id) select c.id, a.n, b.n from customersdb.public.customers c left join s a on a.user_id = c.id left join s b on b.user_id = c.id + 1 order by c.id;
select p.id, p.amount, c.first_name, q.order_id, q.amount from paymentsdb.public.payments p left join customersdb.public.customers c on c.id = p.order_id left join paymentsdb.public.payments q on q.id = p.id + 1 order by p.id limit 40;
with customers as (select * from customersdb.public.customers), orders as (select * from ordersdb.public.orders), payments as (select * from paymentsdb.public.payments), customer_orders as (select user_id, min(order_date) as first_order, max(order_date) as most_recent_order, count(id) as number_of_orders from orders group by 1), customer_payments as (select orders.user_id, sum(amount) as total_amount from payments left join orders on payments.order_id = orders.id group by 1) select customers.id, customers.first_name, customer_orders.first_order, customer_orders.most_recent_order, customer_orders.number_of_orders, customer_payments.total_amount from customers left join customer_orders on customers.id = customer_orders.user_id left join customer_payments on customers.id = customer_payments.user_id order by customers.id;
