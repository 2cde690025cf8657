SELECT CAST(date_trunc('day', event_at) AS TIMESTAMP) AS day, COUNT(*) AS events, SUM(amount) AS total
FROM raw.events
WHERE event_at >= @start_date AND event_at < @end_date
GROUP BY 1
