-- Datastore: metadata of the per-resource tables (datastore_<resource id without dashes>, created at run time
-- with typed columns) and the load jobs of uploads (progress, counts, the first rejected rows).
CREATE TABLE datastore_tables (
    resource_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    table_name character varying(63) NOT NULL,
    fields text NOT NULL,
    row_count bigint NOT NULL,
    created timestamp with time zone NOT NULL,
    modified timestamp with time zone NOT NULL,
    CONSTRAINT pk_datastore_tables PRIMARY KEY (resource_id)
);

CREATE TABLE datastore_load_jobs (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    resource_id uuid NOT NULL,
    status character varying(30) NOT NULL,
    file_key character varying(200) NOT NULL,
    file_name character varying(300) NOT NULL,
    format character varying(20) NOT NULL,
    encoding character varying(30),
    delimiter character varying(5),
    schema text,
    rows_read bigint NOT NULL,
    rows_loaded bigint NOT NULL,
    rows_rejected bigint NOT NULL,
    bytes_read bigint NOT NULL,
    bytes_total bigint NOT NULL,
    errors text NOT NULL,
    message text,
    created_by character varying(300) NOT NULL,
    created timestamp with time zone NOT NULL,
    started timestamp with time zone,
    finished timestamp with time zone,
    CONSTRAINT pk_datastore_load_jobs PRIMARY KEY (id)
);

CREATE INDEX ix_datastore_load_jobs_resource_id_created ON datastore_load_jobs (resource_id, created);
CREATE INDEX ix_datastore_tables_tenant_id ON datastore_tables (tenant_id);
