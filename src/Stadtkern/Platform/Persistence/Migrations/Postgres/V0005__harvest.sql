-- Harvesting: sources per tenant, runs (claimed atomically; one active run per source), per-record errors,
-- and what each source record became here (for unchanged detection and deletions).

CREATE TABLE catalog_harvest_sources (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    name character varying(100) NOT NULL,
    kind character varying(20) NOT NULL,
    url character varying(2000) NOT NULL,
    organization_name character varying(100),
    interval_minutes integer,
    enabled boolean NOT NULL,
    high_water_mark timestamp with time zone,
    allow_private_network boolean NOT NULL,
    created timestamp with time zone NOT NULL,
    modified timestamp with time zone NOT NULL,
    CONSTRAINT pk_catalog_harvest_sources PRIMARY KEY (id)
);
CREATE TABLE catalog_harvest_runs (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    source_id uuid NOT NULL,
    status character varying(20) NOT NULL,
    triggered_by character varying(300) NOT NULL,
    queued timestamp with time zone NOT NULL,
    started timestamp with time zone,
    finished timestamp with time zone,
    created integer NOT NULL,
    updated integer NOT NULL,
    unchanged integer NOT NULL,
    deleted integer NOT NULL,
    failed integer NOT NULL,
    pages_done integer NOT NULL,
    pages_total integer,
    records_done integer NOT NULL,
    records_total integer,
    cancel_requested boolean NOT NULL,
    cursor text,
    since timestamp with time zone,
    max_modified timestamp with time zone,
    lease_owner character varying(200),
    heartbeat timestamp with time zone,
    attempts integer NOT NULL,
    message character varying(2000),
    CONSTRAINT pk_catalog_harvest_runs PRIMARY KEY (id),
    CONSTRAINT fk_catalog_harvest_runs_catalog_harvest_sources_source_id FOREIGN KEY (source_id) REFERENCES catalog_harvest_sources (id) ON DELETE CASCADE
);
CREATE TABLE catalog_harvest_run_errors (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    run_id uuid NOT NULL,
    record_identifier character varying(2000),
    message character varying(4000) NOT NULL,
    occurred timestamp with time zone NOT NULL,
    CONSTRAINT pk_catalog_harvest_run_errors PRIMARY KEY (id),
    CONSTRAINT fk_catalog_harvest_run_errors_catalog_harvest_runs_run_id FOREIGN KEY (run_id) REFERENCES catalog_harvest_runs (id) ON DELETE CASCADE
);
CREATE TABLE catalog_harvest_records (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    source_id uuid NOT NULL,
    identifier character varying(2000) NOT NULL,
    dataset_id uuid NOT NULL,
    source_modified timestamp with time zone,
    fingerprint character varying(64) NOT NULL,
    last_seen_run_id uuid,
    harvested timestamp with time zone NOT NULL,
    CONSTRAINT pk_catalog_harvest_records PRIMARY KEY (id),
    CONSTRAINT fk_catalog_harvest_records_catalog_datasets_dataset_id FOREIGN KEY (dataset_id) REFERENCES catalog_datasets (id) ON DELETE CASCADE,
    CONSTRAINT fk_catalog_harvest_records_catalog_harvest_sources_source_id FOREIGN KEY (source_id) REFERENCES catalog_harvest_sources (id) ON DELETE CASCADE
);
CREATE INDEX ix_catalog_harvest_records_dataset_id ON catalog_harvest_records (dataset_id);
CREATE UNIQUE INDEX ix_catalog_harvest_records_source_id_identifier ON catalog_harvest_records (source_id, identifier);
CREATE INDEX ix_catalog_harvest_run_errors_run_id ON catalog_harvest_run_errors (run_id);
CREATE INDEX ix_catalog_harvest_runs_source_id_queued ON catalog_harvest_runs (source_id, queued);
CREATE INDEX ix_catalog_harvest_runs_status_heartbeat ON catalog_harvest_runs (status, heartbeat);
CREATE UNIQUE INDEX ux_catalog_harvest_runs_active ON catalog_harvest_runs (source_id) WHERE status IN ('queued', 'running');
CREATE UNIQUE INDEX ix_catalog_harvest_sources_tenant_id_name ON catalog_harvest_sources (tenant_id, name);

