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
