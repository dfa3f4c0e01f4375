-- Nothing on SQLite: the in-memory access decisions of the sensor hub (and the PostgreSQL triggers that keep them fresh
-- across instances, see the PostgreSQL script) are used on PostgreSQL only; on SQLite every read checks access in SQL.
SELECT 1;
