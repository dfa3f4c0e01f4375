-- Every change that can alter who sees a Datastream notifies the channel stadtkern_sensing_access at commit: a Datastream's
-- own level, Thing or tenant, a Thing's level or tenant, and deletions. Each instance LISTENs and forgets the access
-- decisions it keeps in memory (DatastreamAccessCache). Statement-level triggers: one notification per statement, and
-- PostgreSQL folds equal notifications of one transaction into one. The writer's per-batch updates of extents and latest
-- values name none of these columns, so ingest sends none.
CREATE FUNCTION sensing_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('stadtkern_sensing_access', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER tr_sensing_datastreams_access
    AFTER UPDATE OF access_level, thing_id, tenant_id OR DELETE OR TRUNCATE ON sensing_datastreams
    FOR EACH STATEMENT EXECUTE FUNCTION sensing_access_changed();

CREATE TRIGGER tr_sensing_things_access
    AFTER UPDATE OF access_level, tenant_id OR DELETE OR TRUNCATE ON sensing_things
    FOR EACH STATEMENT EXECUTE FUNCTION sensing_access_changed();
