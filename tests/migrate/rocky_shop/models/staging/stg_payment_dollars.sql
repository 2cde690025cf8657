select
    id as payment_id,
    {{ cents_to_dollars('amount') }} as amount_dollars
from {{ source('shop', 'payments') }}
