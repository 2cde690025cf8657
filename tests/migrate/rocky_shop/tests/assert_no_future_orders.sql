-- A singular test: orders placed after their last update.
select *
from {{ ref('stg_orders') }}
where order_date > cast(updated_at as date)
