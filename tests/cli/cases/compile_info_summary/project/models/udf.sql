SELECT my_udf(1) AS score
