SELECT @forever(1) AS x
