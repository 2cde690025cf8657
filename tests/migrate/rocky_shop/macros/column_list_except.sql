{# The columns of a relation without some of them: needs the warehouse (adapter), so an import
   without a manifest cannot expand it. #}
{% macro column_list_except(relation, except=[]) -%}
    {%- set columns = adapter.get_columns_in_relation(relation) -%}
    {%- for column in columns -%}
        {%- if column.name not in except -%}{{ column.name }}{% if not loop.last %}, {% endif %}{%- endif -%}
    {%- endfor -%}
{%- endmacro %}
