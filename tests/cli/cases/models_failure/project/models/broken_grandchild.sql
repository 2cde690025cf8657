SELECT n + 1 AS m FROM broken_child
