-- name: tests/sql/differential_tables.sql
-- description: the differential suite's own tables, created directly in
--   PostgreSQL (psqlODBC) by ou_fixture_load (tests/odbc/odbc_util.c)
--   before tests/odbc/test_differential runs its queries, and dropped
--   after it: each statement runs on the server of the catalog named by
--   the last `-- catalog:` line AND on refdb, the reference, so both sides
--   hold the same rows. Schema dt; one table per PostgreSQL type
--   (t_<type>: id, then v holding NULL, extremes, negatives, empty
--   strings, trailing blanks), and tables for joins, groups and windows.
--   Statements end with ';' at the end of a line.
-- cleanup: drop schema if exists dt cascade

-- catalog: ordersdb
create schema if not exists dt;

create table dt.t_smallint (id integer primary key, v smallint);
insert into dt.t_smallint values (1, 0), (2, -32768), (3, 32767), (4, null), (5, -1), (6, 100), (7, 7);

create table dt.t_integer (id integer primary key, v integer);
insert into dt.t_integer values (1, 0), (2, -2147483648), (3, 2147483647), (4, null), (5, -7), (6, 42), (7, 7);

create table dt.t_bigint (id integer primary key, v bigint);
insert into dt.t_bigint values (1, 0), (2, -9223372036854775808), (3, 9223372036854775807), (4, null), (5, -5), (6, 1234567890123), (7, 7);

create table dt.t_numeric (id integer primary key, v numeric(12,3), w numeric(38,10));
insert into dt.t_numeric values
  (1, 0, 0),
  (2, -999999999.999, -9999999999999999999999999999.9999999999),
  (3, 999999999.999, 9999999999999999999999999999.9999999999),
  (4, null, null),
  (5, -0.5, -0.0000000001),
  (6, 1.005, 12345678901234567890.1234567890),
  (7, 2.5, 3.5);

create table dt.t_numeric_unb (id integer primary key, v numeric);
insert into dt.t_numeric_unb values (1, 0), (2, -12345678901234567890.123456789012345678), (3, 0.000000000000000001), (4, null), (5, -0.5), (6, 100);

create table dt.t_real (id integer primary key, v real);
insert into dt.t_real values (1, 0), (2, -1.5), (3, 3.25), (4, null), (5, 1024), (6, -0.125), (7, 65536.5);

create table dt.t_double (id integer primary key, v double precision);
insert into dt.t_double values (1, 0), (2, -1.5), (3, 3.25), (4, null), (5, 1e15), (6, -0.125), (7, 12345.75);

create table dt.t_boolean (id integer primary key, v boolean);
insert into dt.t_boolean values (1, true), (2, false), (3, null), (4, true), (5, false);

create table dt.t_text (id integer primary key, v text);
insert into dt.t_text values (1, 'abc'), (2, ''), (3, null), (4, 'trailing  '), (5, '  leading'), (6, 'MiXeD Case'), (7, 'a%b_c'), (8, 'héllo wörld'), (9, 'x-y-z'), (10, ' ');

create table dt.t_varchar (id integer primary key, v varchar(10));
insert into dt.t_varchar values (1, 'abc'), (2, ''), (3, null), (4, 'ten chars!'), (5, 'tail  '), (6, 'Zeta'), (7, 'alpha');

create table dt.t_char (id integer primary key, v char(5));
insert into dt.t_char values (1, 'ab'), (2, ''), (3, null), (4, 'abcde'), (5, 'x  '), (6, ' y');

create table dt.t_date (id integer primary key, v date);
insert into dt.t_date values (1, '2024-02-29'), (2, '1970-01-01'), (3, null), (4, '1900-03-01'), (5, '2099-12-31'), (6, '2000-01-01'), (7, '2023-12-31');

create table dt.t_timestamp (id integer primary key, v timestamp);
insert into dt.t_timestamp values (1, '2024-02-29 23:59:59.999999'), (2, '1970-01-01 00:00:00'), (3, null), (4, '2000-01-01 12:34:56.5'), (5, '1999-12-31 23:59:59'), (6, '2023-06-15 08:00:00.000001');

create table dt.t_time (id integer primary key, v time);
insert into dt.t_time values (1, '00:00:00'), (2, '23:59:59.999999'), (3, null), (4, '12:30:00'), (5, '08:15:30.25');

create table dt.t_interval (id integer primary key, v interval day to second, m interval year to month);
insert into dt.t_interval values (1, '1 day 02:03:04', '1 year 2 months'), (2, '-03:00:00', '-5 months'), (3, null, null), (4, '00:00:00', '0 months'), (5, '10 days 00:00:00.5', '10 years');

-- refused today (types being added by other branches): the tables exist,
-- the queries over them touch only id, or check the refusal
create table dt.t_timestamptz (id integer primary key, v timestamptz);
insert into dt.t_timestamptz values (1, '2024-02-29 23:59:59+00'), (2, null);

create table dt.t_bytea (id integer primary key, v bytea);
insert into dt.t_bytea values (1, '\x00ff10'), (2, null), (3, '');

create table dt.t_uuid (id integer primary key, v uuid);
insert into dt.t_uuid values (1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), (2, null);

create table dt.t_json (id integer primary key, v json, b jsonb);
insert into dt.t_json values (1, '{"a": 1}', '[1, 2]'), (2, null, null);

-- joins: two keys, NULL keys on both sides, duplicates; j_right lives in
-- another catalog (customersdb), so the engine joins them itself
create table dt.j_left (id integer primary key, k1 integer, k2 varchar(10), v varchar(10));
insert into dt.j_left values
  (1, 1, 'a', 'l1'), (2, 1, 'b', 'l2'), (3, 2, 'a', 'l3'), (4, null, 'a', 'l4'),
  (5, 2, null, 'l5'), (6, null, null, 'l6'), (7, 3, 'c', 'l7'), (8, 3, 'c', 'l8'),
  (9, 5, 'e', 'l9');

-- groups and windows: ties, NULL groups, NULL values
create table dt.w (id integer primary key, g varchar(5), x integer, y numeric(10,2), d date);
insert into dt.w values
  (1, 'a', 10, 1.50, '2024-01-01'), (2, 'a', 20, null, '2024-01-03'),
  (3, 'a', 20, 2.25, '2024-01-02'), (4, 'b', null, 3.00, '2024-02-01'),
  (5, 'b', 5, -1.00, '2024-02-01'), (6, null, 7, 0.00, null),
  (7, null, null, null, '2023-12-31'), (8, 'c', -3, 10.10, '2024-03-15'),
  (9, 'b', 5, 4.75, '2024-02-10'), (10, 'c', 0, 0.01, '2024-03-01');

-- arrays (branch arrays): int4[] and text[] as Trino's array(integer) and array(varchar)
create table dt.t_array (id integer primary key, a int4[], t text[]);
insert into dt.t_array values (1, '{3,1,2}', '{x,y}'), (2, '{}', '{}'), (3, null, null), (4, '{5,NULL,5}', '{"a b",NULL,""}');

-- catalog: customersdb
create schema if not exists dt;

create table dt.j_right (id integer primary key, k1 integer, k2 varchar(10), w varchar(10));
insert into dt.j_right values
  (1, 1, 'a', 'r1'), (2, 1, 'a', 'r2'), (3, 2, 'b', 'r3'), (4, null, 'a', 'r4'),
  (5, 2, null, 'r5'), (6, null, null, 'r6'), (7, 3, 'c', 'r7'), (8, 4, 'd', 'r8');

-- json (branch json): documents for the JSON functions, as jsonb (j) and
-- as the same text (t); PostgreSQL normalizes jsonb, Trino's connector
-- then parses it into its canonical form (keys sorted, no blanks)
create table dt.t_jdoc (id integer primary key, j jsonb, t text);
insert into dt.t_jdoc values
  (1, '{"b": [1, 2.50, "x"], "a": {"c": null, "d": true}}', '{"b": [1, 2.50, "x"], "a": {"c": null, "d": true}}'),
  (2, '[10, 20, [30, 40], {"k": "v"}]', '[10, 20, [30, 40], {"k": "v"}]'),
  (3, '"str"', '"str"'),
  (4, '12345678901234', '12345678901234'),
  (5, null, 'not json'),
  (6, '{"key with space": 1, "0": "zero", "e": 2.0}', '{"key with space": 1, "0": "zero", "e": 2.0}');
