{#- Orders from the seed; returns are left out unless include_returns is set. -#}
select
    id as order_id,
    user_id as customer_id,
    order_date,
    status,
    updated_at
from {{ ref('raw_orders') }}
where order_date >= '{{ var("min_order_date") }}'
{% if not var('include_returns') %}
  and status not in ('returned', 'return_pending')
{% endif %}
