-- amount stays in cents (jaffle_shop divides by 100; the mesh's expected
-- results, setup/data/jaffle_shop/expected_*.csv, keep cents)
select
    id as payment_id,
    order_id,
    payment_method,
    amount
from {{ source('paymentsdb', 'payments') }}
