SELECT b.id FROM broken AS b JOIN good AS g ON g.id = b.id
