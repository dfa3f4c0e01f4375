-- Catalog core: organisations, groups, datasets, resources, facets, activity stream, settings.
-- Search: a stored, generated tsvector (german) with a GIN index and a trigram index on the title; both are
-- maintained by PostgreSQL itself in the same transaction as the row, so search cannot drift from the data.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE catalog_activities (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    dataset_id uuid NOT NULL,
    version integer NOT NULL,
    action character varying(50) NOT NULL,
    actor character varying(300) NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    snapshot text NOT NULL,
    CONSTRAINT pk_catalog_activities PRIMARY KEY (id)
);

CREATE TABLE catalog_groups (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    name character varying(100) NOT NULL,
    title character varying(300) NOT NULL,
    description text,
    image_url character varying(2000),
    created timestamp with time zone NOT NULL,
    CONSTRAINT pk_catalog_groups PRIMARY KEY (id)
);

CREATE TABLE catalog_organizations (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    name character varying(100) NOT NULL,
    title character varying(300) NOT NULL,
    description text,
    email character varying(254),
    homepage character varying(2000),
    image_url character varying(2000),
    department_key character varying(63),
    created timestamp with time zone NOT NULL,
    CONSTRAINT pk_catalog_organizations PRIMARY KEY (id)
);

CREATE TABLE catalog_settings (
    tenant_id uuid NOT NULL,
    contributor_id character varying(500),
    title character varying(300),
    description text,
    minimum_quality integer NOT NULL,
    CONSTRAINT pk_catalog_settings PRIMARY KEY (tenant_id)
);

CREATE TABLE catalog_datasets (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    name character varying(100) NOT NULL,
    title character varying(500) NOT NULL,
    notes text,
    organization_id uuid NOT NULL,
    tags text[] NOT NULL,
    themes text[] NOT NULL,
    license_id character varying(100),
    license_attribution character varying(1000),
    contact_name character varying(300),
    contact_email character varying(254),
    contact_url character varying(2000),
    landing_page character varying(2000),
    temporal_start date,
    temporal_end date,
    spatial_geo_json text,
    min_lon double precision,
    min_lat double precision,
    max_lon double precision,
    max_lat double precision,
    political_geocoding_uri character varying(500),
    frequency character varying(50),
    issued timestamp with time zone NOT NULL,
    modified timestamp with time zone NOT NULL,
    created timestamp with time zone NOT NULL,
    access character varying(20) NOT NULL,
    state character varying(20) NOT NULL,
    version integer NOT NULL,
    created_by character varying(300) NOT NULL,
    modified_by character varying(300) NOT NULL,
    search_text text NOT NULL,
    quality integer NOT NULL,
    harvest_source_id uuid,
    harvest_identifier character varying(2000),
    extras jsonb,
    CONSTRAINT pk_catalog_datasets PRIMARY KEY (id),
    CONSTRAINT fk_catalog_datasets_catalog_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES catalog_organizations (id) ON DELETE RESTRICT
);

CREATE TABLE catalog_dataset_facets (
    dataset_id uuid NOT NULL,
    facet character varying(30) NOT NULL,
    value character varying(300) NOT NULL,
    tenant_id uuid NOT NULL,
    CONSTRAINT pk_catalog_dataset_facets PRIMARY KEY (dataset_id, facet, value),
    CONSTRAINT fk_catalog_dataset_facets_catalog_datasets_dataset_id FOREIGN KEY (dataset_id) REFERENCES catalog_datasets (id) ON DELETE CASCADE
);

CREATE TABLE catalog_dataset_groups (
    dataset_id uuid NOT NULL,
    group_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    CONSTRAINT pk_catalog_dataset_groups PRIMARY KEY (dataset_id, group_id),
    CONSTRAINT fk_catalog_dataset_groups_catalog_datasets_dataset_id FOREIGN KEY (dataset_id) REFERENCES catalog_datasets (id) ON DELETE CASCADE,
    CONSTRAINT fk_catalog_dataset_groups_catalog_groups_group_id FOREIGN KEY (group_id) REFERENCES catalog_groups (id) ON DELETE CASCADE
);

CREATE TABLE catalog_resources (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    dataset_id uuid NOT NULL,
    position integer NOT NULL,
    name character varying(500) NOT NULL,
    description text,
    url character varying(2000) NOT NULL,
    format character varying(50),
    media_type character varying(200),
    size bigint,
    checksum character varying(64),
    storage_key character varying(200),
    datastore_active boolean NOT NULL,
    created timestamp with time zone NOT NULL,
    modified timestamp with time zone NOT NULL,
    CONSTRAINT pk_catalog_resources PRIMARY KEY (id),
    CONSTRAINT fk_catalog_resources_catalog_datasets_dataset_id FOREIGN KEY (dataset_id) REFERENCES catalog_datasets (id) ON DELETE CASCADE
);

CREATE INDEX ix_catalog_activities_dataset_id_version ON catalog_activities (dataset_id, version);

CREATE INDEX ix_catalog_activities_tenant_id_occurred_at ON catalog_activities (tenant_id, occurred_at);

CREATE INDEX ix_catalog_dataset_facets_tenant_id_facet_value_dataset_id ON catalog_dataset_facets (tenant_id, facet, value, dataset_id);

CREATE INDEX ix_catalog_dataset_groups_group_id ON catalog_dataset_groups (group_id);

CREATE INDEX ix_catalog_datasets_harvest ON catalog_datasets (tenant_id, harvest_source_id, harvest_identifier);

CREATE INDEX ix_catalog_datasets_organization_id ON catalog_datasets (organization_id);

CREATE INDEX ix_catalog_datasets_tenant_id_modified ON catalog_datasets (tenant_id, modified);

CREATE UNIQUE INDEX ix_catalog_datasets_tenant_id_name ON catalog_datasets (tenant_id, name);

CREATE UNIQUE INDEX ix_catalog_groups_tenant_id_name ON catalog_groups (tenant_id, name);

CREATE UNIQUE INDEX ix_catalog_organizations_tenant_id_name ON catalog_organizations (tenant_id, name);

CREATE INDEX ix_catalog_resources_dataset_id_position ON catalog_resources (dataset_id, position);

ALTER TABLE catalog_datasets ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('german', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('german', coalesce(search_text, '')), 'B')) STORED;

CREATE INDEX ix_catalog_datasets_search ON catalog_datasets USING gin (search_vector);

CREATE INDEX ix_catalog_datasets_title_trgm ON catalog_datasets USING gin (title gin_trgm_ops);

CREATE INDEX ix_catalog_datasets_bbox ON catalog_datasets (tenant_id, min_lon, max_lon, min_lat, max_lat) WHERE min_lon IS NOT NULL;

-- Totals of what a caller may see (active, by access level) are answered from this index alone.
CREATE INDEX ix_catalog_datasets_visible ON catalog_datasets (tenant_id, access, modified) WHERE state = 'active';
