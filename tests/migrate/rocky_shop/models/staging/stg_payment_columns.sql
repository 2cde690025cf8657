select
    {{ column_list_except(source('shop', 'payments'), except=['id']) }}
from {{ source('shop', 'payments') }}
